"""Sphinx extension for the widgets package (listed in _config.yml `extra_extensions`).

1. Jupyter Book 1 adds every .js file under the root `_static/` to every page. The widget manager
   (_static/vendor/) must only load where myst-nb embeds widget state, through nb_ipywidgets_js
   in _config.yml, so vendor/ files are dropped from the global list.
2. jupyter-cache reuses a notebook's outputs while its code cells are unchanged, so editing
   widgets/data/causes.json or a widget's front end would leave stale tables and widget state
   in the book. The cache folder is therefore keyed by a hash of the widgets package: any change
   to it re-executes the notebooks once.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

VENDOR_PREFIX = "vendor/"
PACKAGE = Path(__file__).parent


def package_digest() -> str:
    """A short hash of every file in the widgets package (code, data, front ends)."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _on_config(app, config) -> None:
    config.html_js_files = [js for js in config.html_js_files
                            if not str(js[0] if isinstance(js, tuple) else js)
                            .startswith(VENDOR_PREFIX)]
    base = Path(config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache")
    config.nb_execution_cache_path = str(base / f"widgets-{package_digest()}")


def setup(app):
    app.connect("config-inited", _on_config)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
