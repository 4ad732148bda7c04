"""The learner page (book/explore-the-models): what a widget's code says is what the static page
shows. (Its worked answers, like every learner notebook's, are tested in test_learners.py.)

The static page shows each widget in the state myst-nb saved when the notebook finished running,
so a later cell that changes a displayed widget would make the picture disagree with the code
that made it (the bug this guards against: the code said 15 degrees and 1 hour, the page showed
50 and 4)."""
from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup


DOC = "book/explore-the-models"
STATE = "application/vnd.jupyter.widget-state+json"
VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.fixture(scope="module")
def page(build_dir: Path) -> BeautifulSoup:
    path = build_dir / "html" / f"{DOC}.html"
    if not path.exists():
        raise ValueError(f"page not built: {path}")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def constructor_args(source: str, cls: str) -> list[dict]:
    """Keyword arguments of every `widgets.<cls>(...)` call in ``source`` (literals only)."""
    calls = []
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == cls):
            calls.append({kw.arg: ast.literal_eval(kw.value) for kw in node.keywords})
    return calls


def test_constructor_reader_can_fail():
    assert constructor_args("s = widgets.PostureSlider(angle=15, hours=1)\ns",
                            "PostureSlider") == [{"angle": 15, "hours": 1}]
    assert constructor_args("x = 1", "PostureSlider") == []


def test_each_slider_shows_the_values_its_code_gives(page):
    states = json.loads(page.find("script", type=STATE).string)["state"]
    checked = 0
    for cell in page.select("article div.cell"):
        source = cell.select_one("div.cell_input").get_text()
        views = cell.find_all("script", type=VIEW)
        made = constructor_args(source, "PostureSlider")
        assert len(made) == len(views), (
            f"a cell makes {len(made)} sliders but shows {len(views)}: {source[:80]!r}")
        for args, view in zip(made, views):
            if not args:
                continue
            shown = states[json.loads(view.string)["model_id"]]["state"]
            for name, value in args.items():
                assert shown[name] == pytest.approx(value), (
                    f"code says {name}={value}, the page shows {shown[name]}: a later cell "
                    "changed this widget after it was displayed")
            checked += 1
    assert checked >= 1, "no PostureSlider(angle=..., hours=...) cell found on the learner page"
