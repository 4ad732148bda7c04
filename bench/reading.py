"""Reading layer: how long each chapter of "The course" is for a patient on a phone.

Measured in Chromium on the built site at a 390 x 844 px viewport (a common phone), with the
page as a reader first sees it: deeper-dive blocks and quiz answers closed. Per chapter:
- patient-layer words: the article's words outside ``.deeper-dive`` blocks (the evidence layer),
  without code, citation labels or page machinery (header links, section numbers, code toggles);
- phone screens: page height / 844;
- inline citation links (to the references page) outside the deeper dives, per 1,000
  patient-layer words;
- elements wider than the viewport (anything a reader must swipe sideways to see);
- "Show code cell source" toggles (developer chrome).
Targets come from issue 13: at most 1,500 words and 10 screens; none too wide; no toggles.
Reads the build in COURSE_BUILD (default _build/), like the tests.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from bench.site import REPO, built_site, launch, serve

PHONE = {"width": 390, "height": 844}
MAX_WORDS = 1500
MAX_SCREENS = 10
COURSE_PART = "The course"

# One pass over the page in the browser; returns the raw figures for one chapter.
MEASURE_SCRIPT = """() => {
  const article = document.querySelector('article.bd-article');
  const outsideDives = (el) => !el.closest('.deeper-dive');
  const copy = article.cloneNode(true);
  copy.querySelectorAll('.deeper-dive, .cell_input, details.hide > summary, script, style, '
    + 'a.headerlink, span.section-number, span.bibtex-citation, button, .toggle-button')
    .forEach((el) => el.remove());
  const words = copy.textContent.split(/\\s+/).filter((w) => /[A-Za-z0-9]/.test(w)).length;
  const citations = [...article.querySelectorAll('a[href*="references.html#"]')]
    .filter(outsideDives).length;
  const width = window.innerWidth;
  const tooWide = (el) => {
    // Shapes inside a drawing are clipped to it: the <svg> box is what a reader sees.
    if (el.parentElement && el.parentElement.closest('svg')) return false;
    const box = el.getBoundingClientRect();
    return box.width > width + 1 && box.height > 0
      && getComputedStyle(el).visibility !== 'hidden';
  };
  // The outermost too-wide elements only: a wide table counts once, not once per row.
  const wide = [...document.querySelectorAll('body *')].filter(
    (el) => tooWide(el) && !(el.parentElement && tooWide(el.parentElement))).map((el) => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
    ? '.' + el.className.trim().split(/\\s+/).join('.') : ''));
  const toggles = [...document.querySelectorAll('summary, button')]
    .filter((el) => /show code cell/i.test(el.textContent)).length;
  return {words, citations, height: document.documentElement.scrollHeight, wide, toggles};
}"""


@dataclass(frozen=True)
class Reading:
    """The reading-layer figures of one chapter."""
    page: str
    words: int
    screens: float
    citations_per_1000: float
    too_wide: tuple[str, ...]
    code_toggles: int


def course_part(toc: Path = REPO / "_toc.yml", part: str = COURSE_PART) -> list[str]:
    """Document names of the chapters in one part of _toc.yml, in order."""
    data = yaml.safe_load(Path(toc).read_text(encoding="utf-8"))
    for p in data.get("parts", []):
        if p.get("caption") == part:
            return [c["file"] for c in p["chapters"]]
    raise ValueError(f"no ToC part captioned {part!r} in {toc}")


def measure_page(page, base_url: str, doc: str) -> Reading:
    """Open one built page in ``page`` (a Playwright page at phone size) and measure it."""
    if page.viewport_size != PHONE:
        raise ValueError(f"measure at the phone viewport {PHONE}, not {page.viewport_size}")
    page.goto(f"{base_url}/{doc}.html", wait_until="load")
    # sphinx-togglebutton closes the dropdowns from a script; wait until it has run.
    page.wait_for_function("!document.querySelector('.dropdown.admonition:not(.toggle)')")
    raw = page.evaluate(MEASURE_SCRIPT)
    words = raw["words"]
    return Reading(page=doc, words=words, screens=raw["height"] / PHONE["height"],
                   citations_per_1000=1000 * raw["citations"] / words if words else 0.0,
                   too_wide=tuple(raw["wide"]), code_toggles=raw["toggles"])


def measure(site: Path, docs: list[str]) -> list[Reading]:
    """Readings of each document in ``docs``, one shared phone-sized browser page."""
    from playwright.sync_api import sync_playwright

    with serve(site) as base_url, sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport=PHONE)
        readings = [measure_page(page, base_url, doc) for doc in docs]
        browser.close()
    return readings


def rows() -> list[tuple[str, str, str]]:
    """One row per chapter: words / screens / citations per 1,000 words / too wide / toggles."""
    target = f"<= {MAX_WORDS} / <= {MAX_SCREENS} / fewer / 0 / 0"
    return [(f"reading {Path(r.page).name}: words / screens / cites per 1k / wide / toggles",
             f"{r.words} / {r.screens:.1f} / {r.citations_per_1000:.0f} / {len(r.too_wide)}"
             f" / {r.code_toggles}", target)
            for r in measure(built_site(), course_part())]


def screenshots(site: Path, docs: list[str], folder: Path) -> list[Path]:
    """Full-page screenshots of each page at phone (390 px) and desktop (1280 px) width, deeper
    dives closed, for a person to look at: ``<page>-390.png`` and ``<page>-1280.png``."""
    from playwright.sync_api import sync_playwright

    folder.mkdir(parents=True, exist_ok=True)
    saved = []
    with serve(site) as base_url, sync_playwright() as pw:
        browser = launch(pw)
        for width in (PHONE["width"], 1280):
            page = browser.new_page(viewport={"width": width, "height": PHONE["height"]})
            for doc in docs:
                page.goto(f"{base_url}/{doc}.html", wait_until="networkidle")
                page.wait_for_timeout(1000)  # let the sidebar finish scrolling to this page
                saved.append(folder / f"{Path(doc).name}-{width}.png")
                page.screenshot(path=saved[-1], full_page=True)
            page.close()
        browser.close()
    return saved


if __name__ == "__main__":
    # `python -m bench.reading`: this section alone, naming the wide elements;
    # `python -m bench.reading --screenshots [doc ...]`: also save screenshots in _build/screenshots.
    import sys

    docs = [a for a in sys.argv[1:] if not a.startswith("--")] or course_part()
    for r in measure(built_site(), docs):
        print(r)
    if "--screenshots" in sys.argv:
        for path in screenshots(built_site(), docs, built_site().parent / "screenshots"):
            print(path)
