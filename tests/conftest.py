"""Shared fixtures: where the built book is, a local web server for it, and a Chromium page that
records (and blocks) every request to any host but the site itself."""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

from bench.site import REPO, launch, serve

SEEDS = REPO.parent / "shared" / "seeds"

# Builds and kernels the tests start (a tiny book, a notebook kernel) import this checkout's
# widgets package, whichever checkout the environment's editable install points at.
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)


@pytest.fixture(scope="session")
def build_dir() -> Path:
    """The build output folder; COURSE_BUILD overrides it so a build elsewhere can be tested."""
    path = Path(os.environ.get("COURSE_BUILD", REPO / "_build"))
    if not (path / "html" / "index.html").exists():
        pytest.fail(f"no built book in {path}: run `make book` first")
    return path


@pytest.fixture(scope="session")
def site_dir(build_dir: Path) -> Path:
    return build_dir / "html"


@pytest.fixture(scope="session")
def site_url(site_dir: Path):
    """Serve the built HTML on 127.0.0.1 for the whole session; yields the base URL."""
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = launch(pw)
        yield chromium
        chromium.close()


class RecordingPage:
    """A Playwright page whose requests to other hosts are blocked and recorded, and whose
    console errors and page errors are collected, so tests can assert both lists are empty."""

    def __init__(self, browser, site_url: str, **context_args):
        self.site_host = urlparse(site_url).netloc
        self.external_requests: list[str] = []
        self.console_errors: list[str] = []
        self.context = browser.new_context(**context_args)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))

    def _route(self, route):
        url = urlparse(route.request.url)
        if url.scheme in ("data", "blob") or url.netloc == self.site_host:
            route.continue_()
        else:
            self.external_requests.append(route.request.url)
            route.abort()

    def close(self):
        self.context.close()


@pytest.fixture
def make_page(browser, site_url):
    """Factory: make_page(viewport={...}) -> RecordingPage; closed after the test."""
    pages: list[RecordingPage] = []

    def factory(**context_args) -> RecordingPage:
        rp = RecordingPage(browser, site_url, **context_args)
        pages.append(rp)
        return rp

    yield factory
    for rp in pages:
        rp.close()


@pytest.fixture
def page(make_page):
    """A desktop-sized RecordingPage."""
    return make_page(viewport={"width": 1280, "height": 900})


# Pages Sphinx writes on its own for every book; the header's search box and the index link lead
# readers to them, so they are held to the same standards as the chapters.
GENERATED_PAGES = ["genindex", "search"]


def pytest_generate_tests(metafunc):
    """Parametrise any test that takes `site_page` by every page of the site: each document in
    _toc.yml, then the generated pages. Ids are the page paths, so a failure names the page."""
    if "site_page" in metafunc.fixturenames:
        from test_build import toc_files  # the one reader of _toc.yml

        pages = [*toc_files(), *GENERATED_PAGES]
        metafunc.parametrize("site_page", pages, ids=pages)


# Markers (registered in pyproject.toml) are given here, by what a test uses, so a new test is
# marked without anyone remembering to: `pytest -m "not browser and not binder"` is the fast part.
BROWSER_FIXTURES = {"browser"}  # page, make_page, file_page and lab_page all start from it
BINDER_FILES = {"test_binder.py"}  # installs Binder's versions from the network


def marks_for(fixturenames, filename: str) -> set[str]:
    """The markers a test gets: `browser` if any fixture it uses (directly or through another
    fixture) is Chromium, `binder` if it is in a Binder file."""
    marks = {"browser"} if BROWSER_FIXTURES & set(fixturenames) else set()
    return marks | ({"binder"} if filename in BINDER_FILES else set())


def pytest_collection_modifyitems(items):
    for item in items:
        for name in sorted(marks_for(item.fixturenames, item.path.name)):
            item.add_marker(name)


@pytest.fixture(autouse=True)
def _fresh_cached_data_under_mutmut():
    """mutmut forks each mutant's run from a process that has already loaded and cached the
    catalogues, so a mutant in a cached loader (or in the checks it runs) would never execute
    and would "survive" untested. Under mutmut only, every test starts with empty caches."""
    if not os.environ.get("MUTANT_UNDER_TEST"):
        yield
        return
    from widgets import causes, editions, exercises, tokens

    for cached in (causes.load_catalogue, causes.checklist_ticks, exercises.load_catalogue,
                   editions.editions, editions._raw, editions.spellings,
                   editions._spelling_finder, tokens.tokens):
        cached.cache_clear()
    yield
