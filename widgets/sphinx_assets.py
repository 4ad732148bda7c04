"""Sphinx extension: keep the vendored widget scripts off pages that have no widget.

Jupyter Book 1 adds every .js file under the root `_static/` to every page. The widget manager
(_static/vendor/) must only load where myst-nb embeds widget state, through nb_ipywidgets_js in
_config.yml, so this drops vendor/ files from the global list.
"""
from __future__ import annotations

VENDOR_PREFIX = "vendor/"


def _drop_vendor_scripts(app, config) -> None:
    config.html_js_files = [js for js in config.html_js_files
                            if not str(js[0] if isinstance(js, tuple) else js)
                            .startswith(VENDOR_PREFIX)]


def setup(app):
    app.connect("config-inited", _drop_vendor_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
