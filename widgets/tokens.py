"""The course's design tokens (data/tokens.json): one file of colours for every medium.

CSS reads them as custom properties, ``--course-palette-blue`` or ``--course-emergency-strong``
(css_variables(), written into the site as _static/course-tokens.css and put in front of each
widget's stylesheet); matplotlib, the pose drawings and fpdf2 as hex or RGB (colour(), rgb());
LaTeX through the same RGB triples.
"""
from __future__ import annotations

import functools
import json
import re
from pathlib import Path

DATA_FILE = Path(__file__).with_name("data") / "tokens.json"
HEX = re.compile(r"#[0-9a-fA-F]{6}")
LEVEL_KEYS = ("strong", "frame", "on-strong", "tint")


@functools.lru_cache(maxsize=None)
def tokens() -> dict:
    """{"palette": {name: hex}, "drawing": {name: hex}, "levels": {level id: {key: hex}}},
    checked once."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    for group in ("palette", "drawing"):
        for name, value in data[group].items():
            if not HEX.fullmatch(value):
                raise ValueError(f"{group} colour {name!r} must be #rrggbb, got {value!r}")
    for level, colours in data["levels"].items():
        if tuple(colours) != LEVEL_KEYS or not all(HEX.fullmatch(v) for v in colours.values()):
            raise ValueError(f"level {level!r} needs #rrggbb colours for {LEVEL_KEYS}, "
                             f"got {colours!r}")
    return {"palette": data["palette"], "drawing": data["drawing"], "levels": data["levels"]}


def colour(name: str) -> str:
    """A palette colour ("blue"), a drawing colour ("drawing.near") or a level colour
    ("emergency.strong") as #rrggbb."""
    group, _, key = name.rpartition(".")
    found = (tokens()["palette"] if not group else tokens()["drawing"] if group == "drawing"
             else tokens()["levels"].get(group, {}))
    if key not in found:
        raise ValueError(f"no design token {name!r}")
    return found[key]


def rgb(name: str) -> tuple[int, int, int]:
    """colour(name) as an (r, g, b) triple of 0-255 (fpdf2, LaTeX)."""
    value = colour(name)
    return tuple(int(value[i:i + 2], 16) for i in (1, 3, 5))


def css_variables() -> str:
    """Every token as a CSS custom property on :root."""
    lines = [f"  --course-palette-{k}: {v};" for k, v in tokens()["palette"].items()]
    lines += [f"  --course-{level}-{k}: {v};" for level, colours in tokens()["levels"].items()
              for k, v in colours.items()]
    return ":root {\n" + "\n".join(lines) + "\n}\n"
