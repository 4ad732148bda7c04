"""Site-wide quality gates in a real browser (Chromium), one test per page and check:

- axe-core finds no WCAG 2.1 A/AA violation (desktop and phone layouts);
- the page asks no other host for anything (fonts, scripts, MathJax, widgets all served locally);
- no JavaScript error reaches the console;
- at 375 px nothing scrolls sideways and every widget control is visible and responds;
- printed, the page shows its content without the navigation chrome;
- the bytes a reader downloads (gzip, as GitHub Pages sends them) stay within the page-weight
  budget of bench/lighthouse.py: text pages under 200 kB, widget pages under 350 kB;
- the header shows a patient only print, dark mode, search and contents; the Binder, GitHub and
  download buttons stay on the learner pages.

Each page is opened once per layout and the findings cached, so the many small tests cost one
page load each; screenshots of every page land in _build/screenshots/ for a person to look at.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from PIL import Image
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from _ext.course_site import LEARNER_PAGES
from bench.lighthouse import TARGETS as BUDGETS
from bench.pages import WIDGET_VIEW, page_bytes
from conftest import RecordingPage

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE_WIDTH = 375
PHONE = {"viewport": {"width": PHONE_WIDTH, "height": 812}, "is_mobile": True, "has_touch": True}
WIDGET_TIMEOUT_MS = 15_000
REDRAW_TIMEOUT_MS = 5_000
# Navigation chrome that has no place on paper. Buttons of any kind (copy, dropdown toggles,
# launch, theme) are included: on paper they do nothing.
PRINT_CHROME = [".bd-header", ".bd-header-article", ".header-article", ".bd-sidebar-primary",
                ".bd-sidebar-secondary", ".bd-search", ".search-button", ".search-button-field",
                ".prev-next-area", ".skip-link", "button"]
WIDGET_VIEWS = 'script[type="application/vnd.jupyter.widget-view+json"]'
CONTROLS = ("input:not([type=hidden]), select, textarea, button, [role=slider], "
            "[role=checkbox], [role=button], [role=switch], [role=radio]")

# Counts visible elements matching each selector; "visible" = rendered with a non-empty box.
VISIBLE_COUNT_JS = """selectors => Object.fromEntries(selectors.map(sel => [sel,
    [...document.querySelectorAll(sel)].filter(el => {
        const s = getComputedStyle(el), r = el.getBoundingClientRect();
        return s.visibility !== 'hidden' && s.display !== 'none' && r.width > 0 && r.height > 0;
    }).length]))"""
# The text blocks a reader sees in the article (the page title is handled apart: in print the
# theme swaps the on-screen h1 for its own print heading).
ARTICLE_TEXT_JS = """() => [...document.querySelectorAll(
    'article h2, article h3, article p, article li, article td, article th, article figcaption')]
    .filter(el => el.offsetParent !== null && !el.closest('button'))
    .map(el => el.innerText.trim()).filter(Boolean)"""
PRINT_TITLE_JS = """() => [...document.querySelectorAll('h1')].some(el => el.offsetParent !== null
    && el.innerText.trim().length > 0)"""


@dataclass
class Visit:
    """What one page did in the browser, across the desktop, print and phone passes."""
    external_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    axe_violations: list[str] = field(default_factory=list)
    phone_overflow: str = ""
    print_chrome: dict[str, int] = field(default_factory=dict)
    print_missing_text: list[str] = field(default_factory=list)
    widget_problems: list[str] = field(default_factory=list)
    widget_count: int = 0


def _screenshot_name(site_page: str, layout: str) -> str:
    return f"{site_page.replace('/', '__')}-{layout}.png"


def _axe(rp: RecordingPage, layout: str) -> list[str]:
    """One line per violated rule: layout, rule id, help text and up to three offending nodes."""
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    logged = len(rp.console_errors)
    violations = Axe().run(rp.page, options=options).response["violations"]
    # axe-core's stylesheet preload resolves `@import "../basic.css"` against the page instead of
    # the stylesheet and gets a 404 for /basic.css: axe's own request, not the page's.
    del rp.console_errors[logged:]
    return [f"[{layout}] {v['id']} ({v['impact']}): {v['help']} at "
            + "; ".join(" ".join(n["target"]) for n in v["nodes"][:3]) for v in violations]


def _wait_for_widgets(page) -> int:
    """Wait until every embedded widget view has drawn (our loader inserts a .cw-widget with
    content right after each view script); returns how many views there are."""
    views = page.locator(WIDGET_VIEWS).count()
    if views:
        page.wait_for_function(
            f"""() => [...document.querySelectorAll('{WIDGET_VIEWS}')].every(s =>
                s.nextElementSibling && s.nextElementSibling.matches('.cw-widget')
                && s.nextElementSibling.childElementCount > 0)""",
            timeout=WIDGET_TIMEOUT_MS)
    return views


def _operate(control) -> None:
    """Use one control the way a phone user would: tap a box or button, step a slider, pick
    another option."""
    kind = control.evaluate("el => el.type || el.getAttribute('role') || el.tagName.toLowerCase()")
    if kind in ("range", "slider", "number"):
        control.focus()
        control.press("ArrowRight")
        control.press("ArrowRight")
    elif kind in ("select-one", "select-multiple"):
        values = control.evaluate("el => [...el.options].map(o => o.value)")
        current = control.input_value()
        control.select_option(next(v for v in values if v != current))
    elif kind in ("text", "search", "textarea"):
        control.fill("1")
    else:
        control.tap()


def _check_widgets_on_phone(page) -> list[str]:
    """Each widget control is visible, inside the 375 px viewport, and operating the widget's
    controls changes what it shows (the front end computes in the browser, no kernel)."""
    problems = []
    for index, area in enumerate(page.locator(".cw-widget").all()):
        controls = area.locator(CONTROLS).all()
        if not controls:
            problems.append(f"widget {index}: no controls drawn")
            continue
        before = area.inner_html()
        for control in controls:
            control.scroll_into_view_if_needed()
            box = control.bounding_box()
            name = control.evaluate("el => el.outerHTML.slice(0, 80)")
            if not control.is_visible() or box is None:
                problems.append(f"widget {index}: control not visible: {name}")
            elif box["x"] < 0 or box["x"] + box["width"] > PHONE_WIDTH + 0.5:
                problems.append(f"widget {index}: control outside the {PHONE_WIDTH} px screen "
                                f"(x {box['x']:.0f}..{box['x'] + box['width']:.0f}): {name}")
            elif control.is_enabled():
                _operate(control)
        try:  # the front end redraws on its own schedule: wait for the change, not a time
            page.wait_for_function("([el, before]) => el.innerHTML !== before",
                                   arg=[area.element_handle(), before], timeout=REDRAW_TIMEOUT_MS)
        except PlaywrightTimeout:
            problems.append(f"widget {index}: nothing changed after using its controls")
    return problems


class Visitor:
    """Opens each page once per layout on two reused browser pages and caches what it found."""

    def __init__(self, browser, site_url: str, shots: Path):
        self.site_url, self.shots, self.cache = site_url, shots, {}
        self.desktop = RecordingPage(browser, site_url, **DESKTOP)
        self.phone = RecordingPage(browser, site_url, **PHONE)
        for rp in (self.desktop, self.phone):  # the console says "404" but not which file
            rp.page.on("response", lambda r, rp=rp: r.status >= 400 and rp.console_errors.append(
                f"HTTP {r.status} for {r.url}"))

    def _open(self, rp: RecordingPage, site_page: str, visit: Visit) -> None:
        rp.external_requests.clear()
        rp.console_errors.clear()
        rp.page.goto(f"{self.site_url}/{site_page}.html", wait_until="networkidle")
        try:
            visit.widget_count = _wait_for_widgets(rp.page)
        except Exception as error:  # a widget that never draws is a finding, not a crash
            visit.widget_problems.append(f"widgets did not draw: {error}".splitlines()[0])

    def _collect(self, rp: RecordingPage, visit: Visit) -> None:
        visit.external_requests += rp.external_requests
        visit.console_errors += rp.console_errors

    def visit(self, site_page: str) -> Visit:
        if site_page in self.cache:
            return self.cache[site_page]
        visit = Visit()
        page = self.desktop.page
        self._open(self.desktop, site_page, visit)
        visit.axe_violations += _axe(self.desktop, "desktop")
        page.screenshot(path=self.shots / _screenshot_name(site_page, "desktop"), full_page=True)
        on_screen = page.evaluate(ARTICLE_TEXT_JS)
        page.emulate_media(media="print")
        visit.print_chrome = {s: n for s, n in page.evaluate(VISIBLE_COUNT_JS, PRINT_CHROME).items() if n}
        on_paper = set(page.evaluate(ARTICLE_TEXT_JS))
        visit.print_missing_text = [t for t in on_screen if t not in on_paper]
        if not page.evaluate(PRINT_TITLE_JS):
            visit.print_missing_text.insert(0, "(the page title)")
        page.emulate_media(media="screen")
        self._collect(self.desktop, visit)

        page = self.phone.page
        self._open(self.phone, site_page, visit)
        visit.phone_overflow = page.evaluate(
            """() => { const e = document.scrollingElement;
                       return e.scrollWidth > e.clientWidth
                           ? `scrollWidth ${e.scrollWidth} > clientWidth ${e.clientWidth}` : ''; }""")
        visit.axe_violations += _axe(self.phone, "phone")
        page.screenshot(path=self.shots / _screenshot_name(site_page, "phone"), full_page=True)
        if visit.widget_count and not visit.widget_problems:
            visit.widget_problems += _check_widgets_on_phone(page)
        self._collect(self.phone, visit)
        self.cache[site_page] = visit
        return visit

    def close(self):
        self.desktop.close()
        self.phone.close()


@pytest.fixture(scope="module")
def visitor(browser, site_url, build_dir):
    shots = build_dir / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    v = Visitor(browser, site_url, shots)
    yield v
    v.close()


@pytest.fixture
def visit(visitor, site_dir, site_page) -> Visit:
    assert (site_dir / f"{site_page}.html").is_file(), f"{site_page}.html was not built"
    return visitor.visit(site_page)


def test_no_accessibility_violations(visit, site_page):
    assert visit.axe_violations == [], \
        f"{site_page}: axe-core WCAG 2.1 AA violations:\n" + "\n".join(visit.axe_violations)


def test_no_requests_to_other_hosts(visit, site_page):
    assert visit.external_requests == [], \
        f"{site_page} asked other hosts for:\n" + "\n".join(sorted(set(visit.external_requests)))


def test_no_console_errors(visit, site_page):
    assert visit.console_errors == [], \
        f"{site_page} logged JavaScript errors:\n" + "\n".join(visit.console_errors)


def test_no_sideways_scroll_on_phone(visit, site_page):
    assert visit.phone_overflow == "", f"{site_page} scrolls sideways at {PHONE_WIDTH} px: {visit.phone_overflow}"


def widget_pages(site_dir: Path) -> list[str]:
    """The pages whose built HTML embeds a widget view, in _toc.yml order."""
    from test_build import toc_files

    return [doc for doc in toc_files()
            if WIDGET_VIEW in (site_dir / f"{doc}.html").read_text(encoding="utf-8")]


def test_widgets_usable_on_phone(visitor, site_dir):
    """Only the pages that embed widgets (at least the four widget chapters): each must draw
    every widget and each widget must respond to its controls at phone width."""
    pages = widget_pages(site_dir)
    assert len(pages) >= 4, f"only {pages} embed widgets"
    problems = {}
    for site_page in pages:
        visit = visitor.visit(site_page)
        if visit.widget_count == 0 or visit.widget_problems:
            problems[site_page] = [f"{visit.widget_count} widgets drawn", *visit.widget_problems]
    assert not problems, problems


def test_print_shows_content_without_chrome(visit, site_page):
    assert visit.print_chrome == {}, \
        f"{site_page} prints navigation chrome (selector: visible elements): {visit.print_chrome}"
    assert visit.print_missing_text == [], \
        f"{site_page} loses text when printed: {visit.print_missing_text[:5]}"


def test_transfer_size_within_budget(browser, site_url, site_dir, site_page):
    """Bytes, not times: every request of a cold page load, gzip-sized as a static host sends
    them. Timings live in `make bench` (Lighthouse)."""
    path = f"{site_page}.html"
    kind = "widget" if WIDGET_VIEW in (site_dir / path).read_text(encoding="utf-8") else "text"
    _, transferred = page_bytes(browser, site_url, site_dir, path)
    assert transferred <= BUDGETS[kind], \
        f"{site_page} ({kind} page) transfers {transferred / 1e3:.0f} kB > {BUDGETS[kind] / 1e3:.0f} kB"


LEARNER_ONLY_BUTTONS = [".dropdown-launch-buttons", ".btn-source-repository-button",
                        ".dropdown-download-buttons", ".btn-fullscreen-button"]
EVERY_HEADER = [".theme-switch-button", ".search-button__button"]


def test_header_shows_learner_buttons_only_on_learner_pages(site_dir, site_page):
    """Read from the built HTML: the article header's buttons per page. Print is a button of
    its own on patient pages and in the download menu on learner pages; the contents button
    shows wherever the page has an on-page contents list."""
    soup = BeautifulSoup((site_dir / f"{site_page}.html").read_text(encoding="utf-8"),
                         "html.parser")
    header = soup.select_one(".article-header-buttons")
    learner = [sel for sel in LEARNER_ONLY_BUTTONS if header.select(sel)]
    wanted = [*EVERY_HEADER, ".btn-download-pdf-button" if site_page in LEARNER_PAGES
              else ".btn-print-button"]
    if soup.select(".bd-sidebar-secondary .page-toc"):
        wanted.append(".secondary-toggle")
    missing = [sel for sel in wanted if not header.select(sel)]
    assert missing == [], f"{site_page}: the header lacks {missing}"
    if site_page in LEARNER_PAGES:
        assert ".btn-source-repository-button" in learner, f"{site_page}: no GitHub button"
    else:
        assert learner == [], f"{site_page} (a patient page) shows {learner}"


def test_screenshots_show_the_page(visit, site_page, build_dir):
    """Each screenshot is a picture of the whole page at its layout's width (not an empty or
    cropped file): a PNG as wide as the viewport, at least one screen tall, with content in it
    (many colours, not a blank page)."""
    for layout, context in (("desktop", DESKTOP), ("phone", PHONE)):
        shot = build_dir / "screenshots" / _screenshot_name(site_page, layout)
        with Image.open(shot) as image:
            width, height = image.size
            colours = image.convert("RGB").getcolors(maxcolors=1_000_000) or []
        viewport = context["viewport"]
        assert width == viewport["width"] and height >= viewport["height"], \
            f"{site_page} {layout} screenshot is {width}x{height}, viewport {viewport}"
        assert len(colours) > 50, f"{site_page} {layout} screenshot is nearly blank"


def test_root_redirects_to_start_page(make_page, site_url):
    """The site root is a redirect Jupyter Book writes (no title or language of its own, so it is
    not run through axe); check that it lands on the course start page, locally."""
    rp = make_page(**DESKTOP)
    rp.page.goto(f"{site_url}/", wait_until="networkidle")
    rp.page.wait_for_url(f"{site_url}/book/index.html")
    assert rp.external_requests == [] and rp.console_errors == []
