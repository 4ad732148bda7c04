"""Exercise chapter figures, in Chromium on the built book (COURSE_BUILD or _build), no kernel:
page load to a usable guided routine, and what each of the chapter's pages (the start page with
the routine, the back and neck pages with the drawings) adds to a reader's download (whole page,
and the part that is the routine's synced data and the inline drawings)."""
from __future__ import annotations

import json
import re
import statistics

from bench.pages import page_bytes
from bench.site import built_site, launch, serve
from bench.widgets import open_until_ready

RUNS = 5
PAGE = "book/exercises.html"  # the guided routine
DRAWN = ("book/exercises-back.html", "book/exercises-neck.html")  # the exercises' drawings
READY = ".er-root button.er-main"


def _ready_times(browser, url: str) -> list[float]:
    times = []
    for _ in range(RUNS):
        context, _page, ms = open_until_ready(browser, f"{url}/{PAGE}", READY)
        times.append(ms)
        context.close()
    return times


def rows() -> list[tuple[str, str, str]]:
    from playwright.sync_api import sync_playwright

    site = built_site()
    html = (site / PAGE).read_text(encoding="utf-8")
    state = re.search(r'widget-state\+json">(.*?)</script>', html, re.S).group(1)
    routine = next(v for v in json.loads(state)["state"].values()
                   if "data" in v["state"] and "plans" in v["state"]["data"])
    routine_kb = len(json.dumps(routine["state"]["data"])) / 1e3
    svg_kb = {doc: sum(len(s) for s in re.findall(r"<svg .*?</svg>", (site / doc).read_text(
        encoding="utf-8"), re.S)) / 1e3 for doc in DRAWN}
    with serve(site) as url, sync_playwright() as pw:
        browser = launch(pw)
        ready = statistics.median(_ready_times(browser, url))
        weights = {doc: page_bytes(browser, url, site, doc) for doc in (PAGE, *DRAWN)}
        browser.close()
    rows = [(f"exercise routine: page load to usable widget (median of {RUNS})",
             f"{ready:.0f} ms", "<= 1000 ms")]
    for doc, (raw, gz) in weights.items():
        rows.append((f"{doc.removeprefix('book/')} page weight, raw / gzip",
                     f"{raw / 1e6:.2f} / {gz / 1e6:.2f} MB", "raw < 2 MB"))
    rows.append(("exercises.html, of which routine data (pictures, plans), raw",
                 f"{routine_kb:.0f} kB", "-"))
    rows += [(f"{doc.removeprefix('book/')}, of which drawings, raw", f"{kb:.0f} kB", "-")
             for doc, kb in svg_kb.items()]
    return rows


if __name__ == "__main__":
    for row in rows():
        print(*row, sep="  |  ")
