"""Reader journeys, done as a reader does them: on a phone (390 x 844, touch) and at 1280 px, in
light and dark, over http and from the offline folder.

Loading a page is not a journey: the header's menu button was on every page for months and did
nothing (pydata-sphinx-theme#2451), and every page test passed. Each test here taps or types its
way through one task and checks what the reader would see at each step.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from test_build import toc_files

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
MENU = "button.primary-toggle"
CONTENTS = "button.secondary-toggle"
MENU_DIALOG = "#pst-primary-sidebar-modal"
CONTENTS_DIALOG = "#pst-secondary-sidebar-modal"
SIDEBAR = "#pst-primary-sidebar"
ROUTINE_PAGE = "book/exercises.html"
# axe-core's WCAG 2.1 A/AA rules and its best-practice rules (landmarks, regions, headings).
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                     "best-practice"]},
               "resultTypes": ["violations"]}
# WCAG 2.5.5 (target size, AAA) and both phone platforms' guides: 44 x 44 CSS px.
TAP_TARGET_PX = 44
# The theme hides the desktop sidebar with visibility and opacity, which checkVisibility()
# ignores unless asked.
VISIBLE = "{visibilityProperty: true, opacityProperty: true}"


def _open(rp, url: str):
    rp.page.goto(url)
    rp.page.wait_for_load_state("load")
    return rp.page


def _is_open(page, dialog: str) -> bool:
    return page.evaluate(f"document.querySelector('{dialog}').open")


def _chapter_links(page, dialog: str) -> list[str]:
    return page.locator(f"{dialog} nav a:visible").all_inner_texts()


def _axe(page, where: str) -> list[str]:
    found = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    return [f"{where}: {v['id']} at " + "; ".join(" ".join(n["target"]) for n in v["nodes"][:3])
            for v in found]


def _visible_menu(page):
    """The one menu button a reader can see; failing if there is none or more than one."""
    buttons = page.locator(f"{MENU}:visible")
    assert buttons.count() == 1, f"{buttons.count()} visible menu buttons"
    return buttons.first


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_phone_menu_opens_and_closes_on_every_page(make_page, site_url, scheme):
    """Tap ☰ on each page: the chapter list opens (axe finds nothing wrong with it open); Escape
    closes it, focus returns to ☰, and axe finds nothing wrong with the page after that."""
    rp = make_page(**PHONE, color_scheme=scheme)
    pages = [f"{doc}.html" for doc in toc_files()]
    violations = []
    for page_path in pages:
        page = _open(rp, f"{site_url}/{page_path}")
        menu = _visible_menu(page)
        box = menu.bounding_box()
        assert box["width"] >= TAP_TARGET_PX and box["height"] >= TAP_TARGET_PX, (page_path, box)
        menu.tap()
        page.wait_for_function(f"document.querySelector('{MENU_DIALOG}').open")
        links = _chapter_links(page, MENU_DIALOG)
        assert "5. Self-care at home" in links, (page_path, links)
        if page_path == pages[0]:
            violations += _axe(page, f"{page_path} with the menu open")
        page.keyboard.press("Escape")
        # the dialog's "close" event, which hands focus back, comes a task after it shuts
        page.wait_for_function(f"document.activeElement.matches('{MENU}')", timeout=5000)
        # the chapter list fades out of the hidden sidebar it went back to: let it finish first
        page.wait_for_function(f"![...document.querySelectorAll('{SIDEBAR} *')]"
                               f".some(e => e.checkVisibility({VISIBLE}))", timeout=5000)
        violations += _axe(page, page_path)
    assert violations == []
    assert rp.external_requests == [] and rp.console_errors == []


def test_phone_menu_takes_the_reader_to_a_chapter(make_page, site_url):
    """Start page -> ☰ -> Self-care: the tap on the chapter lands on the chapter."""
    rp = make_page(**PHONE)
    page = _open(rp, f"{site_url}/book/index.html")
    _visible_menu(page).tap()
    page.wait_for_function(f"document.querySelector('{MENU_DIALOG}').open")
    page.locator(f"{MENU_DIALOG} a", has_text="Self-care at home").tap()
    page.wait_for_url("**/book/self-care.html")
    assert page.locator("h1").first.inner_text().endswith("Self-care at home")


def test_phone_contents_button_lists_the_page_sections(make_page, site_url):
    rp = make_page(**PHONE)
    page = _open(rp, f"{site_url}/book/when-to-get-help.html")
    contents = page.locator(f"{CONTENTS}:visible")
    assert contents.count() == 1
    contents.first.tap()
    page.wait_for_function(f"document.querySelector('{CONTENTS_DIALOG}').open")
    sections = page.locator(f"{CONTENTS_DIALOG} a:visible").all_inner_texts()
    assert any("Emergency" in s for s in sections), sections
    page.keyboard.press("Escape")
    assert not _is_open(page, CONTENTS_DIALOG)


def test_phone_menu_works_by_keyboard(make_page, site_url):
    rp = make_page(**PHONE)
    page = _open(rp, f"{site_url}/book/self-care.html")
    _visible_menu(page).focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelector('{MENU_DIALOG}').open")
    # focus moves into the dialog, so Tab walks the chapter list
    page.keyboard.press("Tab")
    assert page.evaluate(f"document.querySelector('{MENU_DIALOG}').contains(document.activeElement)")
    page.keyboard.press("Escape")
    assert not _is_open(page, MENU_DIALOG)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_desktop_menu_hides_and_shows_the_sidebar(make_page, site_url, scheme):
    """At 1280 px the chapter list is shown beside the page; ☰ hides it and shows it again
    (a click and the keyboard), without opening a dialog over the page."""
    rp = make_page(**DESKTOP, color_scheme=scheme)
    page = _open(rp, f"{site_url}/book/causes-back.html")
    sidebar = page.locator(SIDEBAR)
    assert sidebar.is_visible()
    assert "5. Self-care at home" in page.locator(f"{SIDEBAR} nav a").all_inner_texts()
    menu = _visible_menu(page)
    menu.click()
    page.wait_for_function(f"!document.querySelector('{SIDEBAR}').checkVisibility({VISIBLE})")
    assert not _is_open(page, MENU_DIALOG)
    menu.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelector('{SIDEBAR}').checkVisibility({VISIBLE})")
    assert rp.console_errors == []


@pytest.mark.parametrize("scheme, other", [("light", "dark"), ("dark", "light")])
def test_dark_mode_follows_the_phone_and_the_first_tap_switches(make_page, site_url, scheme, other):
    rp = make_page(**PHONE, color_scheme=scheme)
    page = _open(rp, f"{site_url}/book/self-care.html")
    assert page.evaluate("document.documentElement.dataset.theme") == scheme
    page.locator("button.theme-switch-button:visible").first.tap()
    assert page.evaluate("document.documentElement.dataset.theme") == other


def test_routine_on_a_phone_keeps_picture_and_clock_in_view(make_page, site_url):
    rp = make_page(**PHONE)
    page = _open(rp, f"{site_url}/{ROUTINE_PAGE}")
    page.wait_for_selector(".er-root button")
    assert page.locator(".er-clock").is_hidden(), "a countdown shows before Start"
    page.get_by_role("button", name="Start").tap()
    page.wait_for_function("document.querySelector('.er-clock').checkVisibility()")
    # buttons, picture and countdown all on the screen once the (smooth) scroll has settled
    height = PHONE["viewport"]["height"]
    in_view = " && ".join(
        f"(b => b.top >= 0 && b.bottom <= {height})(document.querySelector('{part}')"
        ".getBoundingClientRect())" for part in (".er-buttons", ".er-pictures", ".er-clock"))
    page.wait_for_function(in_view, timeout=5000)
    # Skip to the last exercise: Skip turns off, and focus stays on a control in the routine
    skip = page.get_by_role("button", name="Skip")
    while not skip.is_disabled():
        skip.focus()
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.classList.contains('er-main')")
    back = page.get_by_role("button", name="Back")
    while not back.is_disabled():
        back.focus()
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.classList.contains('er-main')")
    assert rp.external_requests == [] and rp.console_errors == []


@pytest.fixture(scope="module")
def offline_index(build_dir: Path, tmp_path_factory) -> Path:
    bundle = build_dir / "course-offline.zip"
    assert bundle.is_file(), f"{bundle} was not written: run `make book`"
    target = tmp_path_factory.mktemp("offline-folder")
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(target)
    pages = list(target.glob("*/book/self-care.html"))
    assert len(pages) == 1, pages
    return pages[0]


def test_phone_menu_works_from_the_offline_folder(browser, offline_index: Path):
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        page.goto(offline_index.as_uri())
        page.wait_for_load_state("load")
        _visible_menu(page).tap()
        page.wait_for_function(f"document.querySelector('{MENU_DIALOG}').open")
        page.locator(f"{MENU_DIALOG} a", has_text="When to get help").tap()
        page.wait_for_url("**/book/when-to-get-help.html")
    finally:
        context.close()


def test_start_page_to_the_first_thing_to_do_is_one_tap(make_page, site_url):
    """'My back went into spasm an hour ago': from the start page, one tap shows the first step
    on the screen, with no scrolling."""
    rp = make_page(**PHONE)
    page = _open(rp, f"{site_url}/book/index.html")
    link = page.locator("div.start-here a")
    box = link.bounding_box()
    assert box["y"] + box["height"] <= PHONE["viewport"]["height"], "the way in is below the screen"
    link.tap()
    page.wait_for_url("**/book/self-care.html#do-this-now")
    first = page.locator("div.do-this-now li").first
    page.wait_for_function("(b => b.top >= 0 && b.top < innerHeight)(document.querySelector("
                           "'div.do-this-now li').getBoundingClientRect())", timeout=5000)
    assert first.inner_text().startswith("Keep moving")


# "No taller than about a third of a phone screen" (issue 20); 40% allows for a sign added to
# the catalogue before the layout is tuned again.
COMPACT_PANEL_SHARE = 0.4


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chapter_emergency_panel_is_compact_and_the_full_list_is_one_tap_away(
        make_page, site_url, scheme):
    rp = make_page(**PHONE, color_scheme=scheme)
    height = PHONE["viewport"]["height"]
    compact_pages = 0
    for doc in toc_files():
        page = _open(rp, f"{site_url}/{doc}.html")
        panel = page.locator("div.red-flag-box")
        if not panel.count() or "red-flag-compact" not in panel.get_attribute("class"):
            continue
        compact_pages += 1
        box = panel.bounding_box()
        assert box["height"] <= COMPACT_PANEL_SHARE * height, (doc, box)
    assert compact_pages >= 10
    page = _open(rp, f"{site_url}/book/sciatica.html")
    page.locator("div.red-flag-box a", has_text="Every warning sign").tap()
    page.wait_for_url("**/book/when-to-get-help.html#emergency-signs")
    # the help page's own emergency list (not its red box at the top) is on the screen
    page.wait_for_function("(b => b.top < innerHeight && b.bottom > 0)(document.querySelector("
                           "'section#emergency-call-999-or-go-to-a-e div.sign-panel-emergency')"
                           ".getBoundingClientRect())", timeout=5000)


def test_phone_tick_a_sign_see_its_level_and_print_the_plan(make_page, site_url):
    """On the checklist: tap a warning sign; its level's message shows right under the tapped
    box, on the screen; Print my plan prints a plan that files the sign under that level.
    Saddle numbness is an emergency (NHS back pain page; BASS cauda equina standards)."""
    rp = make_page(**PHONE)
    rp.context.add_init_script("window.print = () => { window.top.__printed = true; };")
    page = _open(rp, f"{site_url}/book/cause-checklist.html")
    page.wait_for_selector(".cc-root input[type=checkbox]")
    box = page.get_by_label("Numbness or tingling around your genitals or bottom")
    box.tap()
    assert box.is_checked()
    alert = page.locator(".cc-root .cc-alert-emergency").first
    alert.wait_for()
    shown = alert.bounding_box()
    assert 0 <= shown["y"] and shown["y"] + 40 <= PHONE["viewport"]["height"], shown
    page.get_by_role("button", name="Print my plan").tap()
    assert page.evaluate("window.__printed") is True
    plan = page.evaluate("document.querySelector('iframe.cc-print-frame')"
                         ".contentDocument.body.innerText")
    mine = plan[plan.index("My plan"):plan.index("Warning signs: get help")]
    assert mine.index("Emergency") < mine.index("Numbness or tingling around your genitals")
    assert rp.external_requests == [] and rp.console_errors == []
