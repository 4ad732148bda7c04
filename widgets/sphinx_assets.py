"""Sphinx extension for the widgets package (listed in _config.yml `extra_extensions`).

1. The static book renders the widgets with static/anywidget-loader.js (about 5 kB, ours), which
   this extension publishes as _static/anywidget-loader.js; myst-nb adds it only to pages with
   widget state (nb_ipywidgets_js in _config.yml). design.md's route, the @jupyter-widgets
   html-manager (embed-amd.js) with require.js and anywidget's AMD build, put 2.3 MB of
   third-party minified code on each widget page and spent about 0.5 s evaluating it before a
   widget drew. Every widget in this book is an anywidget, whose front end is a plain ES module,
   so a loader that builds a small model from the embedded state and calls render() is enough.
   It is added to html_static_path here, not placed in the root _static/, because Jupyter Book 1
   adds every .js file there to every page.
2. jupyter-cache reuses a notebook's outputs while its code cells are unchanged, so editing
   widgets/data/causes.json or a widget's front end would leave stale tables and widget state
   in the book. The cache folder is therefore keyed by a hash of the widgets package: any change
   to it re-executes the notebooks once.
"""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

PACKAGE = Path(__file__).parent
LOADER = PACKAGE / "static" / "anywidget-loader.js"


def package_digest() -> str:
    """A short hash of every file in the widgets package (code, data, front ends)."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _on_config(app, config) -> None:
    config.html_static_path = [*config.html_static_path, str(LOADER)]
    base = Path(config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache")
    current = base / f"widgets-{package_digest()}"
    for stale in base.glob("widgets-*"):  # caches of earlier package versions are never reused
        if stale != current:
            shutil.rmtree(stale, ignore_errors=True)
    config.nb_execution_cache_path = str(current)


def setup(app):
    app.connect("config-inited", _on_config)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
