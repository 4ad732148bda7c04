// Course script: behaviour fixes the reader journeys (tests/test_journeys.py) showed were needed.
//
// Focus after the chapter list or the page contents closes: sphinx-book-theme blurs the header
// buttons on click, so the theme's "give focus back" step returns it to the page body and a
// keyboard or screen-reader user is thrown to the top. Focus goes back to the button instead.
document.addEventListener("DOMContentLoaded", () => {
  for (const [dialog, button] of [["pst-primary-sidebar-modal", ".primary-toggle"],
    ["pst-secondary-sidebar-modal", ".secondary-toggle"]]) {
    document.getElementById(dialog)?.addEventListener("close", () => {
      if (document.activeElement === document.body) document.querySelector(button)?.focus();
    });
  }
});
