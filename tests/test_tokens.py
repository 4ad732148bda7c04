"""One set of design tokens (widgets/data/tokens.json) for every medium: no colour is typed into
a stylesheet, a script, a drawing, the print code or a template; each medium reads the tokens."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.site import REPO
from widgets import tokens
from widgets._base import WIDGET_CSS
from widgets.figures import PALETTE, SIGN_PANEL_COLOURS

# A colour typed as #rgb/#rrggbb, rgb(0, 0, 0) in CSS, or an RGB triple given to fpdf2/LaTeX.
COLOUR = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b(?![-\w])|\brgba?\(\s*\d"
                    r"|set_(?:draw|fill|text)_color\(\s*\d|\{RGB\}\{\d")
SOURCES = [p for folder in ("widgets", "handouts", "_ext", "_static", "_templates")
           for p in sorted((REPO / folder).rglob("*"))
           if p.suffix in {".py", ".js", ".mjs", ".css", ".html", ".yaml"}
           and "__pycache__" not in p.parts]


def test_there_are_sources_to_scan():
    names = {p.name for p in SOURCES}
    assert {"course.css", "widgets.css", "poses.py", "build.py", "course_build.py"} <= names


@pytest.mark.parametrize("path", SOURCES, ids=[str(p.relative_to(REPO)) for p in SOURCES])
def test_no_colour_is_typed_outside_the_tokens(path: Path):
    found = [f"{n}: {m.group(0)}" for n, line in
             enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             for m in COLOUR.finditer(line)]
    assert not found, f"{path.relative_to(REPO)}: use a design token instead of {found}"


def test_a_bad_token_is_refused_with_its_name():
    with pytest.raises(ValueError, match="'no-such-colour'"):
        tokens.colour("no-such-colour")


def test_every_medium_reads_the_same_tokens(site_dir: Path):
    css = tokens.css_variables()
    assert (site_dir / "_static" / "course-tokens.css").read_text(encoding="utf-8") == css
    assert WIDGET_CSS.startswith(css)
    assert PALETTE["blue"] == tokens.colour("blue")
    for level, colours in SIGN_PANEL_COLOURS.items():
        assert colours[1] == tokens.rgb(f"{level}.strong")
    # the site's panels and the widget alerts use the level variables, not their own colours
    course_css = (REPO / "_static" / "course.css").read_text(encoding="utf-8")
    for level in tokens.tokens()["levels"]:
        assert f"var(--course-{level}-strong)" in course_css
        assert f"var(--course-{level}-" in WIDGET_CSS
