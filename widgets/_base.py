"""Shared widget plumbing: an anywidget whose front end lives in widgets/static/, and a MIME
bundle with a print form beside the live view (myst-nb picks the live view for HTML and the
print form for LaTeX, see nb_mime_priority_overrides in _config.yml)."""
from __future__ import annotations

import base64
import io
from pathlib import Path

import anywidget
import traitlets

from .tokens import css_variables

STATIC = Path(__file__).with_name("static")
# Every widget's stylesheet: the design tokens as CSS custom properties, then widgets.css (which
# uses them), so the colours come from data/tokens.json in the book and in JupyterLab alike.
WIDGET_CSS = css_variables() + (STATIC / "widgets.css").read_text(encoding="utf-8")


class Checked(traitlets.TraitType):
    """A synced value checked by a model function, so bad input raises the model's ValueError
    (naming the value) rather than a TraitError; check(value, name) returns the clean value."""

    def __init__(self, default, check, **kwargs):
        self._check_fn = check
        super().__init__(default_value=default, **kwargs)

    def validate(self, obj, value):
        return self._check_fn(value, self.name)


class PrintableWidget(anywidget.AnyWidget):
    """Subclasses set _esm/_css and implement _print_markdown() and optionally _print_figure()."""

    _description = "Interactive widget"

    def _print_markdown(self) -> str:
        raise NotImplementedError

    def _print_figure(self):
        return None

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        data, meta = bundle if isinstance(bundle, tuple) else (bundle, {})
        data["text/plain"] = self._description  # never the trait repr in any medium
        data["text/markdown"] = self._print_markdown()
        fig = self._print_figure()
        if fig is not None:
            import matplotlib.pyplot as plt

            buf = io.BytesIO()
            fig.savefig(buf, format="png", dpi=300)  # sharp on paper (>= 200 ppi)
            plt.close(fig)
            data["image/png"] = base64.b64encode(buf.getvalue()).decode("ascii")
        return (data, meta) if meta else data
