"""What the browser benchmarks share: the built site, a local server for it, and Chromium."""
from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
# Root in a sandbox, and no background calls home (this machine's network is closed).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def built_site() -> Path:
    """The built HTML in COURSE_BUILD (default _build/), like the tests."""
    site = Path(os.environ.get("COURSE_BUILD", REPO / "_build")) / "html"
    if not (site / "index.html").is_file():
        raise SystemExit(f"no built site in {site}: run `make book` first")
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(site: Path, handler_class=None):
    """Serve ``site`` on 127.0.0.1 (with ``handler_class``, default a quiet static handler);
    yields the base URL."""
    handler = functools.partial(handler_class or _QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def gzip_size(path: Path) -> int:
    """Bytes of ``path`` gzip-compressed, as static hosts such as GitHub Pages send text files."""
    return len(gzip.compress(path.read_bytes(), compresslevel=6))
