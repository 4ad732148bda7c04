"""Widget figures, in Chromium on the built book (COURSE_BUILD or _build), no kernel:
page load to an interactive widget, input to updated result, the loader's weight (whole-page
weight is bench/pages.py's); and, for
comparison, how long a Python kernel takes to start here (what a kernel-backed widget would
need before its first answer)."""
from __future__ import annotations

import statistics
import time
from pathlib import Path

from bench.site import built_site, gzip_size, launch, serve

RUNS = 5
PAGES = {"posture slider": ("causes-neck", ".ps-root input[type=range]"),
         "cause checklist": ("cause-checklist", ".cc-root input[type=checkbox]")}
LOADER = "/_static/anywidget-loader.js"  # widgets/static/anywidget-loader.js, published

# Records when the widget's first control appears, on the page's own clock (0 = navigation).
READY_SCRIPT = """
new MutationObserver((_, obs) => {
  if (document.querySelector(%r)) { window.__widgetReady = performance.now(); obs.disconnect(); }
}).observe(document, {childList: true, subtree: true});
"""
# Time from a changed input to the next painted frame that shows the new result.
INPUT_SCRIPT = """([sel, kind]) => new Promise((resolve) => {
  const input = document.querySelector(sel);
  const t0 = performance.now();
  if (kind === 'range') { input.value = String((Number(input.value) + 7) % 61);
    input.dispatchEvent(new Event('input', {bubbles: true})); }
  else { input.click(); }
  requestAnimationFrame(() => resolve(performance.now() - t0));
})"""


def open_until_ready(browser, url: str, selector: str):
    """Open ``url`` in a fresh context (cold cache) and wait until ``selector`` appears; returns
    (context, page, ms from navigation to that moment). The caller closes the context."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(READY_SCRIPT % selector)
    page.goto(url)
    page.wait_for_function("window.__widgetReady !== undefined", timeout=30000)
    return context, page, page.evaluate("window.__widgetReady")


def _browser_figures(site: Path) -> dict:
    from playwright.sync_api import sync_playwright

    figures = {}
    with serve(site) as url, sync_playwright() as pw:
        browser = launch(pw)
        for name, (page_name, selector) in PAGES.items():
            ready, after_load, update = [], [], []
            for _ in range(RUNS):
                context, page, ms = open_until_ready(browser, f"{url}/book/{page_name}.html",
                                                     selector)
                ready.append(ms)
                page.wait_for_load_state("load")
                after_load.append(ready[-1] - page.evaluate(
                    "performance.getEntriesByType('navigation')[0].loadEventEnd"))
                kind = "range" if "range" in selector else "checkbox"
                update.append(statistics.median(
                    page.evaluate(INPUT_SCRIPT, [selector, kind]) for _ in range(5)))
                context.close()
            figures[name] = (statistics.median(ready), statistics.median(after_load),
                             statistics.median(update))
        browser.close()
    return figures


def _kernel_start() -> float:
    from jupyter_client.manager import start_new_kernel

    times = []
    for _ in range(3):
        start = time.perf_counter()
        km, kc = start_new_kernel(kernel_name="python3")
        times.append(time.perf_counter() - start)
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return statistics.median(times)


def rows() -> list[tuple[str, str, str]]:
    site = built_site()
    figures = _browser_figures(site)
    kernel = _kernel_start()
    out = []
    for name, (ready_ms, after_load_ms, update_ms) in figures.items():
        out += [
            (f"{name}: page load to interactive widget (median of {RUNS})",
             f"{ready_ms:.0f} ms", "<= 1000 ms"),
            (f"{name}: of which after the page's load event (median)", f"{after_load_ms:.0f} ms",
             "-"),
            (f"{name}: input to updated result, next frame (median)", f"{update_ms:.1f} ms",
             "<= 50 ms"),
        ]
    loader = site / LOADER.lstrip("/")
    out.append(("widget loader (loaded on widget pages only), raw / gzip",
                f"{loader.stat().st_size / 1e3:.2f} / {gzip_size(loader) / 1e3:.2f} kB", "-"))
    slowest = max(f[0] for f in figures.values())
    out += [("Python kernel start, jupyter_client (median of 3)", f"{kernel:.2f} s", "-"),
            ("kernel start / slowest widget-ready time", f"{kernel * 1000 / slowest:.2f} x", "-")]
    return out


if __name__ == "__main__":
    for row in rows():
        print(*row, sep="  |  ")
