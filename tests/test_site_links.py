"""Every internal link and anchor in the built HTML resolves; external links are listed in
_build/reports/external-links.txt for a person to review, never fetched (the tests run offline).

A static crawl with BeautifulSoup: no browser needed, so it is quick and names the exact link."""
from __future__ import annotations

import functools
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import GENERATED_PAGES
from test_build import toc_files

# (tag, attribute) pairs that make the browser fetch or navigate to another address.
LINK_ATTRIBUTES = [("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"),
                   ("source", "src"), ("iframe", "src"), ("video", "src"), ("audio", "src")]
# Schemes that leave the site; everything else must resolve to a file in the build.
EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel", "ftp"}
BASE = "http://site.invalid/"  # any base works: only the path part is compared


def site_html_files(site_dir: Path) -> list[Path]:
    """Every HTML page in the build, skipping theme assets and copied sources."""
    return sorted(p for p in site_dir.rglob("*.html")
                  if p.relative_to(site_dir).parts[0] not in ("_static", "_sources"))


@functools.lru_cache(maxsize=None)
def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@functools.lru_cache(maxsize=None)
def _anchors(path: Path) -> frozenset[str]:
    soup = _soup(path)
    return frozenset([*(t["id"] for t in soup.find_all(id=True)),
                      *(t["name"] for t in soup.find_all("a", attrs={"name": True}))])


def page_links(site_dir: Path, page: Path) -> tuple[list[str], list[str]]:
    """(problems, external URLs) for one built page. A problem names the link and what is wrong."""
    problems, external = [], []
    page_url = urljoin(BASE, page.relative_to(site_dir).as_posix())
    for tag, attr in LINK_ATTRIBUTES:
        for element in _soup(page).find_all(tag, attrs={attr: True}):
            link = element[attr].strip()
            if not link or link.startswith("javascript:"):
                continue
            url = urlparse(urljoin(page_url, link))
            if url.scheme in EXTERNAL_SCHEMES and not url.geturl().startswith(BASE):
                external.append(url.geturl())
                continue
            if url.scheme != "http":
                problems.append(f"{tag} {attr}={link!r}: unexpected scheme {url.scheme!r}")
                continue
            path = unquote(url.path[len(urlparse(BASE).path):])
            target = site_dir / path
            if path == "" or path.endswith("/"):
                target = target / "index.html"
            if not target.is_file():
                problems.append(f"{tag} {attr}={link!r}: no file {target.relative_to(site_dir)}")
            elif url.fragment and target.suffix == ".html" \
                    and unquote(url.fragment) not in _anchors(target):
                problems.append(f"{tag} {attr}={link!r}: no id {url.fragment!r} "
                                f"in {target.relative_to(site_dir)}")
    return problems, external


@pytest.fixture(scope="module")
def crawl(site_dir: Path, build_dir: Path) -> dict[str, list[str]]:
    """Crawl the whole site once: problems per page (path without .html); writes the report of
    external links, each with the pages that use it."""
    problems, used_by = {}, {}
    for page in site_html_files(site_dir):
        name = page.relative_to(site_dir).with_suffix("").as_posix()
        problems[name], external = page_links(site_dir, page)
        for url in external:
            used_by.setdefault(url, set()).add(name)
    report = build_dir / "reports" / "external-links.txt"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(
        "# External links in the built site (not fetched by the tests; check them by hand).\n"
        "# URL<TAB>pages that link to it\n"
        + "".join(f"{url}\t{', '.join(sorted(pages))}\n" for url, pages in sorted(used_by.items())),
        encoding="utf-8")
    return problems


def test_site_page_links_resolve(crawl, site_page):
    assert site_page in crawl, f"{site_page}.html was not built"
    assert crawl[site_page] == [], f"{site_page}.html has broken links:\n" + "\n".join(crawl[site_page])


def test_every_built_page_is_checked(crawl):
    """The page list the tests use covers the whole build, so no page escapes the checks. The only
    extra is the root index.html, a one-line redirect Jupyter Book writes (its target is crawled
    like any link; test_site_browser checks the redirect in the browser)."""
    checked = {*toc_files(), *GENERATED_PAGES, "index"}
    assert set(crawl) == checked, f"pages built but not checked: {sorted(set(crawl) - checked)}"
    assert crawl["index"] == [], crawl["index"]


def test_crawler_finds_broken_links(tmp_path):
    """The crawler itself: a missing file and a missing anchor are both reported; good ones are not."""
    (tmp_path / "a.html").write_text(
        '<html><body><h2 id="here">x</h2><a href="#here">ok</a><a href="b.html#there">ok</a>'
        '<a href="b.html#nowhere">bad anchor</a><a href="missing.html">bad file</a>'
        '<a href="https://example.org/">external</a><img src="img/x.png"></body></html>')
    (tmp_path / "b.html").write_text('<html><body><p id="there">y</p></body></html>')
    problems, external = page_links(tmp_path, tmp_path / "a.html")
    assert external == ["https://example.org/"]
    assert len(problems) == 3, problems
    assert any("nowhere" in p for p in problems)
    assert any("missing.html" in p for p in problems)
    assert any("img/x.png" in p for p in problems)
