"""The catalogue blocks of _ext/course_facts.py ({cause-table}, {treatment-table}, {sign-panel},
{group-signs}, {treatment-evidence}, {exercise-steps}, {exercise-evidence}, {spasm-diary}) on a
tiny book, in HTML and in LaTeX: the models return data, the extension builds the page.

Expectations come from the models' data (widgets.causes, widgets.exercises), never from a copy
of the extension's words; the built pages are read for their structure (cards, panels, tables,
resolved citations)."""
from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from widgets.causes import (
    SIGN_GROUP_TITLES, cause_table, group_signs, load_catalogue, sign_level, signs_by_region,
    treatment_table,
)
from widgets.exercises import cautions, dose_text, exercise
from widgets.exercises import load_catalogue as load_exercises

REPO = Path(__file__).resolve().parents[1]
CONF = f"""
import sys
sys.path[:0] = [{str(REPO)!r}, {str(REPO / "_ext")!r}]
extensions = ["myst_parser", "sphinxcontrib.bibtex", "course_facts"]
bibtex_bibfiles = [{str(REPO / "book" / "references.bib")!r}]
bibtex_reference_style = "label"
exclude_patterns = ["_build"]
"""
# The sign lists the cards link to, and the list of sources the citations point at.
TARGETS = """
(emergency-signs)=
## Emergency

(urgent-signs)=
## Urgent

(see-a-doctor-signs)=
## See a doctor

## Sources

```{bibliography}
```
"""


def build(tmp_path: Path, builder: str, text: str) -> tuple[Path, str]:
    """Build a one-page book with `text` (and TARGETS); returns the output folder and the
    warnings."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "index.md").write_text(f"# Blocks\n\n{text}\n{TARGETS}", encoding="utf-8")
    out, warnings = tmp_path / builder, StringIO()
    with docutils_namespace():
        app = Sphinx(str(src), str(src), str(out), str(tmp_path / f"doctrees-{builder}"),
                     builder, status=None, warning=warnings, freshenv=True)
        app.build()
    return out, warnings.getvalue()


def block(name: str, argument: str = "") -> str:
    return f"```{{{name}}} {argument}\n```\n".replace(" \n", "\n", 1)


def html_page(tmp_path, text: str) -> BeautifulSoup:
    out, warnings = build(tmp_path, "html", text)
    assert not warnings, warnings
    page = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    return page.select_one("div.body")  # the page's text, without the theme's navigation


def latex_text(tmp_path, text: str) -> str:
    out, warnings = build(tmp_path, "latex", text)
    assert not warnings, warnings
    tex = next(out.glob("*.tex")).read_text(encoding="utf-8")
    return squash(tex.replace("\\sphinxhyphen{}", "-").replace("\\&", "&"))


def squash(text: str) -> str:
    """Spaces folded and Sphinx's curly apostrophes made straight, as in the catalogue."""
    return " ".join(text.replace("\u2019", "'").split())


def cited(node) -> int:
    """How many resolved citations (links into the list of sources) a node holds."""
    return len(node.select("span.bibtex-citation a.reference.internal"))


# ----- the screen form: one card per entry ----------------------------------------------------

@pytest.mark.parametrize("region", ["back", "neck", "both"])
def test_cause_table_is_one_card_per_cause_with_its_label_and_sources(tmp_path, region):
    rows = cause_table(region)
    page = html_page(tmp_path, block("cause-table", region))
    wrappers = page.select("div.evidence-cards")
    assert len(wrappers) == 1  # one wrapper: a closed dropdown flattens its children only
    cards = wrappers[0].select("div.catalogue-card")
    assert [squash(c.p.get_text()) for c in cards] == [r.cause.name for r in rows]
    for card, row in zip(cards, rows):
        paras = card.find_all("p", recursive=False)
        assert paras[1].strong.get_text() == row.cause.level_label
        assert cited(paras[1]) == len(row.cause.cite)
        text = squash(card.get_text(" "))
        for action in row.helps + row.avoid:
            assert f"{action.name} ({action.level_label})" in text or (
                action.level_label is None and action.name in text)
        if row.avoid:
            assert "Not advised:" in text
        if row.get_help:
            link = card.select_one("span.std-ref").parent
            assert link["href"] == f"#{row.get_help.id}-signs"
    assert not page.select("table")  # the print table is for LaTeX only


@pytest.mark.parametrize("setting", ["self-care", "physiotherapy", "medicine"])
def test_treatment_table_tags_every_label_with_its_treatment(tmp_path, setting):
    actions = treatment_table(setting)
    cards = html_page(tmp_path, block("treatment-table", setting)).select("div.catalogue-card")
    assert [squash(c.p.get_text()) for c in cards] == [a.name for a in actions]
    for card, action in zip(cards, actions):
        label = card.select_one("span.evidence-label")
        verdicts = card.select_one("span.guideline-verdicts")
        if action.kind == "referral":
            assert label is None and verdicts is None and "no evidence grade" in card.get_text()
        else:
            assert label["data-treatment"] == action.id
            assert label.get_text() == action.level_label
            assert verdicts["data-treatment"] == action.id
        assert cited(card) == len(action.cite)
        assert squash(action.advice) in squash(card.get_text(" "))


@pytest.mark.parametrize("level_id", ["emergency", "urgent", "see-a-doctor"])
def test_sign_panel_lists_every_sign_of_its_level_under_its_heading(tmp_path, level_id):
    page = html_page(tmp_path, block("sign-panel", level_id))
    panel = page.select_one(f"div.admonition.sign-panel.sign-panel-{level_id}")
    assert squash(panel.select_one(".admonition-title").get_text()) == sign_level(level_id).title
    bold = [squash(s.get_text()) for s in panel.select("p > strong")]
    notes = [squash(n.text) for n in load_catalogue().sign_notes(level_id)]
    headings = [b.rstrip(":") for b in bold if b not in notes]
    lists = panel.select("ul")
    groups = signs_by_region(level_id)
    assert headings == [title for title, _ in groups]
    assert bold[len(headings):] == notes  # the level's notes in bold, after the lists
    for (_, signs), found in zip(groups, lists):
        assert [squash(li.get_text()) for li in found.select("li")] == [
            f"{s.label}." for s in signs]
    keys = {k for _, signs in groups for s in signs for k in s.cite}
    assert cited(panel) == len(keys)


@pytest.mark.parametrize("group", list(SIGN_GROUP_TITLES))
def test_group_signs_lead_each_sign_with_its_level(tmp_path, group):
    items = html_page(tmp_path, block("group-signs", group)).select("li")
    signs = group_signs(group)
    assert len(items) == len(signs) > 0
    for li, sign in zip(items, signs):
        lvl = sign_level(sign.level)
        lead = lvl.title if sign.level == "emergency" else lvl.name
        assert squash(li.strong.get_text()) == lead
        assert squash(li.get_text()).endswith(f"{sign.label}.")


def test_treatment_evidence_and_exercise_blocks(tmp_path):
    text = (block("treatment-evidence", "magnesium") + "\n" + block("exercise-steps", "chin-tuck")
            + "\n" + block("exercise-evidence"))
    page = html_page(tmp_path, text)
    magnesium = load_catalogue().action("magnesium")
    label = page.select_one("span.evidence-label")
    assert label["data-treatment"] == "magnesium"
    assert label.find_parent("p").strong.get_text().startswith(magnesium.name)
    ex = exercise("chin-tuck")
    assert [squash(li.get_text()) for li in page.select("ol li")] == list(ex.steps)
    dose = page.select_one("span.exercise-dose")
    assert dose["data-exercise"] == "chin-tuck" and dose.get_text() == dose_text(ex)
    assert len(page.find_all(string=re.compile("Take care"))) == len(cautions(ex))
    rows = page.select("table tbody tr")
    exercises = load_exercises().exercises
    assert [squash(r.td.get_text()) for r in rows] == [e.name for e in exercises]
    assert all(cited(r) == len(e.cite) for r, e in zip(rows, exercises))


# ----- the print form: a real table -----------------------------------------------------------

def test_print_form_is_a_table_that_breaks_across_pages(tmp_path):
    tex = latex_text(tmp_path, block("cause-table", "back") + "\n"
                     + block("treatment-table", "medicine") + "\n" + block("sign-panel", "urgent")
                     + "\n" + block("spasm-diary"))
    tables = re.findall(r"\\begin\{longtable\}.*?\\end\{longtable\}", tex, re.S)
    assert len(tables) == 2
    for table, names in zip(tables, ([r.cause.name for r in cause_table("back")],
                                     [a.name for a in treatment_table("medicine")])):
        assert "\\raggedright" in table  # wrapping, ragged columns
        missing = [n for n in names if n not in table]
        assert not missing
    assert "catalogue-card" not in tex and "Not advised" in tables[0]
    for sign in load_catalogue().signs("urgent"):
        assert sign.label in tex
    # the spasm diary: a ruled grid with a row per day to fill in
    assert tex.count("\\rule{0pt}{10mm}") == 8


# ----- bad values fail the build, naming them -------------------------------------------------

@pytest.mark.parametrize("name, value", [("cause-table", "legs"), ("treatment-table", "surgery"),
                                         ("sign-panel", "soon"), ("group-signs", "babies"),
                                         ("treatment-evidence", "hot-bath"),
                                         ("treatment-evidence", "surgery"),
                                         ("exercise-steps", "toe-touch")])
def test_an_unknown_value_is_an_error_naming_it(tmp_path, name, value):
    _, warnings = build(tmp_path, "html", block(name, value))
    assert "ERROR" in warnings and repr(value) in warnings and name in warnings, warnings


# ----- the learner notebooks show the same blocks ---------------------------------------------

def test_learner_notebooks_convert_every_block(tmp_path):
    """Binder's learner notebooks (tools/learner_notebooks.py) read the same MyST: the words,
    the citations as (Author, year) and the panels, with no directive or role left raw."""
    from tools import learner_notebooks as ln

    book = ln.Book.load(REPO)
    book.out = tmp_path
    text = "\n".join([block("cause-table", "neck"), block("treatment-table", "medicine"),
                      block("sign-panel", "emergency"), block("group-signs", "pregnancy"),
                      block("treatment-evidence", "heat"), block("exercise-steps", "bridge"),
                      block("exercise-evidence")])
    cited: list[str] = []
    out = book.markdown(text, "book/page", cited, REPO / "book")
    assert not re.search(r"\{[\w:-]+\}", out), out  # no raw directive or role
    assert all(r.cause.name in out for r in cause_table("neck"))
    assert "list-table" not in out  # the print table is for LaTeX only
    assert all(f"- {s.label}." in out for s in load_catalogue().signs("emergency"))
    assert f"> **{sign_level('emergency').title}**" in out  # the panel as a quote
    assert dose_text(exercise("bridge")) in out
    heat = load_catalogue().action("heat")
    assert f"**{heat.name}:** Evidence: **{heat.level_label}**" in out
    assert set(heat.cite) | set(load_catalogue().action("nsaids").cite) <= set(cited)
