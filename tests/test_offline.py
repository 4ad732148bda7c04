"""The offline bundle, used as a clinic would: `_build/course-offline.zip` unzipped into a fresh
folder and opened from the file system (file://) in Chromium, with no web server.

From file:// browsers refuse module scripts, import() of files and fetch(), so this is where a
site that works over http can still fail. Checked: every page loads with no console error and
no failed request (and asks no other host for anything); every widget draws and responds to
its controls; search from the header finds "cauda equina"; with JavaScript off a widget page
says why its tool is missing instead of showing nothing.
"""
from __future__ import annotations

import zipfile
from pathlib import Path
from urllib.parse import urlparse

import pytest

from test_site_browser import PHONE, WIDGET_VIEWS, _check_widgets_on_phone, _wait_for_widgets

BUNDLE = "course-offline.zip"
ROOT = "spasm-course"  # the folder the zip unpacks to (_ext/offline_zip.py)


@pytest.fixture(scope="module")
def folder(build_dir: Path, tmp_path_factory) -> Path:
    bundle = build_dir / BUNDLE
    assert bundle.is_file(), f"{bundle} was not written: run `make book`"
    target = tmp_path_factory.mktemp("usb-stick")
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(target)
    return target / ROOT


class FilePage:
    """A phone-sized page that records console errors, page errors, failed requests and any
    request that is not for a local file (blocked)."""

    def __init__(self, browser, **context_args):
        self.problems: list[str] = []
        self.context = browser.new_context(**{**PHONE, **context_args})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(m.text))
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        # net::ERR_ABORTED is a load the browser itself cancelled (an icon still loading when the
        # page moves on), not a missing or refused file (ERR_FILE_NOT_FOUND, ERR_FAILED).
        self.page.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED" and
                     self.problems.append(f"failed request: {r.url} ({r.failure})"))

    def _route(self, route):
        if urlparse(route.request.url).scheme in ("file", "data", "blob"):
            route.continue_()
        else:
            self.problems.append(f"request to another host: {route.request.url}")
            route.abort()


@pytest.fixture(scope="module")
def file_page(browser):
    fp = FilePage(browser)
    yield fp
    fp.context.close()


def _pages(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.html")
                  if p.relative_to(folder).parts[0] not in ("_static", "_sources"))


def test_bundle_has_the_note_and_every_page(folder, site_dir):
    note = (folder / "OPEN-ME.txt").read_text(encoding="utf-8")
    assert "index.html" in note
    built = {p.relative_to(site_dir).as_posix() for p in _pages(site_dir)}
    bundled = {p.relative_to(folder).as_posix() for p in _pages(folder)}
    assert built == bundled, f"pages missing from the bundle: {sorted(built - bundled)}"


def test_every_page_loads_from_files(folder, file_page):
    """Each page, opened from the folder: no console error, no failed or outside request, and
    on widget pages every widget draws and responds."""
    problems, widgets = [], 0
    for path in _pages(folder):
        name = path.relative_to(folder).as_posix()
        file_page.problems.clear()
        file_page.page.goto(path.as_uri(), wait_until="load")
        file_page.page.wait_for_load_state("networkidle")
        if file_page.page.locator(WIDGET_VIEWS).count():
            widgets += _wait_for_widgets(file_page.page)
            problems += [f"{name}: {p}" for p in _check_widgets_on_phone(file_page.page)]
        problems += [f"{name}: {p}" for p in file_page.problems]
    assert problems == []
    assert widgets >= 2, "the bundle should carry the posture slider and the cause checklist"


def test_start_page_opens_the_course(folder, file_page):
    file_page.problems.clear()
    file_page.page.goto((folder / "index.html").as_uri())
    file_page.page.wait_for_url("**/book/index.html")
    assert file_page.problems == []


def test_search_finds_cauda_equina(folder, file_page):
    """From the header's search box, as a reader would: the results page lists the pages that
    mention it, and nothing is fetched (browsers refuse fetch() from file://)."""
    page = file_page.page
    file_page.problems.clear()
    # Idle first: leaving a page still loading its icon aborts that request (not a failure).
    page.goto((folder / "book" / "index.html").as_uri(), wait_until="networkidle")
    page.locator(".search-button__button").filter(visible=True).first.click()
    box = page.locator("#pst-search-dialog input[name=q]")
    box.fill("cauda equina")
    box.press("Enter")
    page.wait_for_url("**/search.html?q=cauda*")
    page.wait_for_function("document.querySelector('#search-results p.search-summary') !== null"
                           " && /found/i.test(document.querySelector('#search-results').innerText)")
    results = page.locator("#search-results ul.search li a").all_inner_texts()
    assert any("When to get help" in title for title in results), results
    assert file_page.problems == []


def test_widget_page_without_javascript_says_why(folder, browser):
    fp = FilePage(browser, java_script_enabled=False)
    try:
        fp.page.goto((folder / "book" / "causes-neck.html").as_uri())
        fallback = fp.page.locator(".cw-fallback").first
        fallback.wait_for(state="visible", timeout=5000)  # course.css shows it after 2 s
        assert "JavaScript" in fallback.inner_text()
    finally:
        fp.context.close()
