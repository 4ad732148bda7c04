"""Page weight: bytes each built page makes the browser download (HTML, JS, CSS, fonts, images).

Measured in Chromium: every page is opened in a fresh browser context (empty cache) from a local
server, and the response body sizes of all its requests are summed once the network is idle, so
files that scripts load later (widget modules, web fonts) count too. Requests to other hosts
are blocked (the site must make none). The local server sends files as they are; GitHub Pages
gzips text files, so each text response is also gzipped here to give the size a reader's browser
actually transfers. The targets apply to that transfer size; the uncompressed size of the
heaviest page is shown too. Widget pages (with an embedded widget view) and text pages are
reported apart.
Reads the build in COURSE_BUILD (default _build/), like the tests.
"""
from __future__ import annotations

import statistics
from pathlib import Path
from urllib.parse import unquote, urlparse

from bench.site import built_site, gzip_size, launch, serve

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
TARGETS = {"text": 1_000_000, "widget": 2_000_000}  # bytes transferred per page
# What GitHub Pages compresses (fonts and PNGs are already compressed).
COMPRESSED_TYPES = {".html", ".css", ".js", ".json", ".svg", ".txt", ".map"}


def site_pages(site: Path) -> list[Path]:
    """Every reader-facing HTML page: not theme assets, copied sources or the root redirect."""
    return sorted(p for p in site.rglob("*.html")
                  if p.relative_to(site).parts[0] not in ("_static", "_sources")
                  and p != site / "index.html")


def transfer_size(site: Path, url: str, body_size: int) -> int:
    """Bytes on the wire for one response when the host gzips text files."""
    path = site / unquote(urlparse(url).path).lstrip("/")
    if path.suffix in COMPRESSED_TYPES and path.is_file():
        return gzip_size(path)
    return body_size


def page_bytes(browser, base_url: str, site: Path, path: str) -> tuple[int, int]:
    """(uncompressed, gzip transfer) bytes for one page load with an empty cache."""
    host = urlparse(base_url).netloc
    context = browser.new_context()
    context.route("**/*", lambda route: route.continue_()
                  if urlparse(route.request.url).netloc in (host, "") else route.abort())
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(f"{base_url}/{path}", wait_until="networkidle")
    bodies = [(r.url, r.sizes()["responseBodySize"]) for r in finished]
    context.close()
    return (sum(size for _, size in bodies),
            sum(transfer_size(site, url, size) for url, size in bodies))


def measure(site: Path) -> dict[str, dict[str, tuple[int, int]]]:
    """{"text": {page: (raw, gzip)}, "widget": {...}} for every page of the built site."""
    from playwright.sync_api import sync_playwright

    sizes: dict[str, dict[str, tuple[int, int]]] = {"text": {}, "widget": {}}
    with serve(site) as base_url, sync_playwright() as pw:
        browser = launch(pw)
        for page in site_pages(site):
            name = page.relative_to(site).as_posix()
            kind = "widget" if WIDGET_VIEW in page.read_text(encoding="utf-8") else "text"
            sizes[kind][name] = page_bytes(browser, base_url, site, name)
        browser.close()
    return sizes


def _mb(n: float) -> str:
    return f"{n / 1e6:.2f} MB"


def rows() -> list[tuple[str, str, str]]:
    result = []
    for kind, pages in measure(built_site()).items():
        target = f"<= {_mb(TARGETS[kind])}"
        if not pages:
            result.append((f"{kind} pages", "none built", target))
            continue
        transfer = {page: sizes[1] for page, sizes in pages.items()}
        largest = max(transfer, key=transfer.get)
        heaviest_raw = max(pages, key=lambda page: pages[page][0])
        result += [
            (f"{kind} page transfer (gzip), median of {len(pages)}",
             _mb(statistics.median(transfer.values())), target),
            (f"{kind} page transfer (gzip), largest: {largest}", _mb(transfer[largest]), target),
            (f"{kind} page uncompressed, largest: {heaviest_raw}", _mb(pages[heaviest_raw][0]),
             "(for reference)"),
        ]
    return result
