"""Lighthouse, mobile preset, on every page of the built site served gzip-compressed.

Lighthouse (pinned in package.json, installed by `make setup` with `npm ci`) drives Debian's
Chromium; its default mobile preset simulates a slow 4G link and a 4x slower CPU. The site is
served by a small local server that gzips text files as GitHub Pages does, because
Python's http.server sends them uncompressed and a reader never gets that. For each page it
prints the four category scores, first and largest contentful paint and the bytes transferred.
Reads the build in COURSE_BUILD (default _build/). `python -m bench.lighthouse [page ...]`
measures only the pages named (paths as in the table, e.g. book/self-care.html).
"""
from __future__ import annotations

import gzip
import http.server
import json
import os
import subprocess
import sys
from pathlib import Path

from bench.pages import COMPRESSED_TYPES, WIDGET_VIEW, site_pages
from bench.site import CHROMIUM, REPO, built_site, serve

LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "fcp_s": 1.8,
           "text": 200_000, "widget": 350_000}  # bytes transferred per page
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run"


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; text types gzip-compressed when the client accepts it (once per file)."""

    cache: dict[Path, bytes] = {}

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix not in COMPRESSED_TYPES or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        if path not in self.cache:
            self.cache[path] = gzip.compress(path.read_bytes(), compresslevel=6)
        body = self.cache[path]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return _Body(body)


class _Body:
    """A file-like object over bytes, for SimpleHTTPRequestHandler's copyfile()."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def audit(url: str) -> dict:
    """One Lighthouse run (mobile preset) on ``url``: scores, FCP/LCP in s, transfer bytes."""
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is missing: run `make setup` (npm ci)")
    out = subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
        env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, check=True)
    report = json.loads(out.stdout)
    audits = report["audits"]
    return {
        **{name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES},
        "fcp_s": audits["first-contentful-paint"]["numericValue"] / 1000,
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "bytes": audits["total-byte-weight"]["numericValue"],
        # Lighthouse's CPU score for this machine at the time: low when other work competes,
        # which inflates total blocking time and so the performance score.
        "cpu": round(report["environment"]["benchmarkIndex"]),
        "failed": [f"{name}: {a['title']}" for name, a in audits.items()
                   if a.get("score") is not None and a["score"] < 1
                   and a.get("scoreDisplayMode") == "binary"],
    }


def measure(site: Path, only: list[str] | None = None) -> dict[str, tuple[str, dict]]:
    """{page: (kind, audit result)} for every page (or those in ``only``)."""
    results = {}
    with serve(site, _GzipHandler) as base:
        for page in site_pages(site):
            name = page.relative_to(site).as_posix()
            if only and name not in only:
                continue
            kind = "widget" if WIDGET_VIEW in page.read_text(encoding="utf-8") else "text"
            results[name] = (kind, audit(f"{base}/{name}"))
    return results


def _row(name: str, kind: str, r: dict) -> tuple[str, str, str]:
    figure = (f"{r['performance']}/{r['accessibility']}/{r['best-practices']}/{r['seo']}  "
              f"FCP {r['fcp_s']:.1f} s  LCP {r['lcp_s']:.1f} s  {r['bytes'] / 1e3:.0f} kB  "
              f"(CPU index {r['cpu']})")
    target = (f">= {TARGETS['performance']}/{TARGETS['accessibility']}/-/-  "
              f"FCP <= {TARGETS['fcp_s']} s  <= {TARGETS[kind] / 1e3:.0f} kB")
    return (f"Lighthouse mobile {name} ({kind}): perf/a11y/best/SEO", figure, target)


def rows() -> list[tuple[str, str, str]]:
    return [_row(name, kind, r) for name, (kind, r) in measure(built_site()).items()]


if __name__ == "__main__":
    for name, (kind, result) in measure(built_site(), sys.argv[1:] or None).items():
        print(*_row(name, kind, result), sep="  |  ")
        for failed in result["failed"]:
            print("    failed audit:", failed)
