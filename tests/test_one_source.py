"""One source per fact (issue 18): evidence labels, guideline verdicts and exercise doses are typed
only in the catalogues and reach the text through _ext/course_facts.py's roles.

The source scan fails on a label, verdict or dose typed by hand in the chapters, the handout
words or the widget JavaScript. The extension tests build a tiny book with each role (HTML and
LaTeX) and one unknown id. The built-site tests read the real book in _build/html: every label
names its catalogue entry, and one entry shows one label on every page."""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from widgets.causes import load_catalogue
from widgets.evidence import CAUSE_SCALE, EVIDENCE_SCALE, GUIDELINE_VERDICTS, GUIDELINES
from widgets.exercises import dose_text, exercise
from widgets.exercises import load_catalogue as load_exercises

REPO = Path(__file__).resolve().parents[1]
SOURCES = [*sorted(REPO.glob("book/**/*.md")), REPO / "handouts" / "content.yaml",
           *sorted(REPO.glob("widgets/static/*.js"))]
LABELS = "|".join(re.escape(lvl.label) for lvl in (*EVIDENCE_SCALE, *CAUSE_SCALE))
# "Evidence: Good evidence", "**Evidence:** Some evidence" or "**Little evidence**"; in the
# widget JavaScript, a label as a string ("Not recommended": labels are capitalised, so the
# status line's "possible causes" is not one). Prose that names the scale's words in quotes
# (index.md explaining "Good evidence") is about the scale, not a treatment's label.
HAND_LABEL = re.compile(rf"Evidence[^:\n]{{0,30}}:\**\s*\**\s*(?:{LABELS})\b"
                        rf"|\*\*(?:{LABELS})\*\*", re.I)
JS_LABEL = re.compile(rf"[\"'`](?:{LABELS})\b")
VERDICTS = "|".join(re.escape(v.label) for v in GUIDELINE_VERDICTS)
HAND_VERDICT = re.compile(rf"\b(?:{'|'.join(n for _, n in GUIDELINES)})\**\s*:\s*\**\s*"
                          rf"(?:{VERDICTS})\b")
DOSE = re.compile(r"\bhold (?:it )?for (?:about )?\d+|\b\d+ (?:breaths|seconds|times|repeats|"
                  r"repetitions)\b|\b(?:once|twice|\d+ times) a day\b", re.I)
# A text block names an exercise if it has the last word of a catalogue exercise name ("Neck
# turns", "Chin tucks", "neck tilts" for the pelvic and neck tilts), singular or plural.
HEAD_WORDS = {re.sub(r"\(.*\)", "", e.name).split()[-1].lower().rstrip("s")
              for e in load_exercises().exercises}
NAMES_EXERCISE = re.compile(rf"\b(?:{'|'.join(sorted(HEAD_WORDS))})(?:s|es)?\b", re.I)


def blocks(path: Path):
    """(line number, text) for each paragraph or list item: a dose belongs to the exercise
    named in the same block."""
    start, lines = 1, []
    for n, line in enumerate([*path.read_text(encoding="utf-8").splitlines(), ""], 1):
        new_item = re.match(r"\s*(?:[-*]|\d+\.)\s", line)
        if (not line.strip() or new_item) and lines:
            yield start, " ".join(lines)
            lines = []
        if line.strip():
            if not lines:
                start = n
            lines.append(line.strip())


def test_the_scan_covers_chapters_handouts_and_widgets():
    names = {p.name for p in SOURCES}
    assert {"self-care.md", "sciatica.md", "content.yaml", "cause_checklist.js"} <= names


@pytest.mark.parametrize("pattern, text", [
    (HAND_LABEL, "Walk a little each day. **Evidence: Good evidence** {cite:p}`x`"),
    (HAND_LABEL, "**Evidence:** Some evidence"),
    (HAND_LABEL, "- **Massage.** It may help. **Little evidence**"),
    (JS_LABEL, 'tag("Not recommended")'),
    (HAND_VERDICT, "*Guidelines:* NICE: Suggested. ACP: Recommended."),
    (DOSE, "Slowly look over each shoulder. Hold for 5 breaths."),
    (DOSE, "Roll your shoulders up, back and down 5 times."),
])
def test_the_patterns_catch_the_old_hand_typed_forms(pattern, text):
    assert pattern.search(text)


@pytest.mark.parametrize("text", [
    "**Evidence:** {evidence}`heat` {cite:p}`french2006heat`",
    "A treatment with little evidence may still help some people.",
    "NICE advises against it for low back pain.",
    'count(r.factors.length, "possible cause", "possible causes")',
    "Stay active, and start exercise gently.",
])
def test_the_patterns_leave_roles_and_prose_alone(text):
    assert not (HAND_LABEL.search(text) or JS_LABEL.search(text) or HAND_VERDICT.search(text)
                or DOSE.search(text))


def test_neck_tilts_count_as_an_exercise_name():
    assert NAMES_EXERCISE.search("Neck tilts. Tip each ear toward its shoulder.")
    assert NAMES_EXERCISE.search("Shoulder rolls") and NAMES_EXERCISE.search("Chin tucks")


def test_no_hand_typed_label_verdict_or_dose_in_the_sources():
    found = []
    for path in SOURCES:
        for n, text in blocks(path):
            where = f"{path.relative_to(REPO)}:{n}"
            labels = (HAND_LABEL, JS_LABEL) if path.suffix == ".js" else (HAND_LABEL,)
            found += [f"{where}: label {m.group(0)!r}" for pattern in labels
                      for m in pattern.finditer(text)]
            found += [f"{where}: verdict {m.group(0)!r}" for m in HAND_VERDICT.finditer(text)]
            if NAMES_EXERCISE.search(text):
                found += [f"{where}: dose {m.group(0)!r}" for m in DOSE.finditer(text)]
    assert not found, "type these with {evidence}, {verdicts} or {dose}:\n" + "\n".join(found)


# ----- the extension on a tiny book ------------------------------------------------------------

TINY_CONF = f"""
import sys
sys.path[:0] = [{str(REPO)!r}, {str(REPO / "_ext")!r}]
extensions = ["myst_parser", "course_facts"]
exclude_patterns = ["_build"]
"""


def build_tiny(tmp_path: Path, builder: str, text: str) -> tuple[Path, str]:
    """Build a one-page book with `text`; returns the output folder and the warnings."""
    from io import StringIO

    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    (src / "conf.py").write_text(TINY_CONF, encoding="utf-8")
    (src / "index.md").write_text(f"# Facts\n\n{text}\n", encoding="utf-8")
    out, warnings = tmp_path / builder, StringIO()
    with docutils_namespace():  # each build registers its nodes and roles afresh
        app = Sphinx(str(src), str(src), str(out), str(tmp_path / f"doctrees-{builder}"),
                     builder, status=None, warning=warnings, freshenv=True)
        app.build()
    return out, warnings.getvalue()


ROLES = "Heat: {evidence}`heat`. {verdicts}`heat` Chin tuck: {dose}`chin-tuck`"


def test_roles_render_catalogue_words_with_the_entry_id_in_html(tmp_path):
    out, warnings = build_tiny(tmp_path, "html", ROLES)
    assert not warnings
    page = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    label = page.select_one("span.evidence-label")
    assert label["data-treatment"] == "heat" and label.strong
    assert label.get_text() == load_catalogue().action("heat").level_label
    verdicts = page.select_one("span.guideline-verdicts")
    assert verdicts["data-treatment"] == "heat"
    assert re.fullmatch(rf"NICE: ({VERDICTS})\. ACP: ({VERDICTS})\.", verdicts.get_text())
    dose = page.select_one("span.exercise-dose")
    assert dose["data-exercise"] == "chin-tuck"
    assert dose.get_text() == dose_text(exercise("chin-tuck"))


def test_roles_print_their_words_in_latex(tmp_path):
    out, warnings = build_tiny(tmp_path, "latex", ROLES)
    assert not warnings
    tex = next(out.glob("*.tex")).read_text(encoding="utf-8")
    assert r"\sphinxstylestrong{" + load_catalogue().action("heat").level_label + "}" in tex
    assert dose_text(exercise("chin-tuck")) in tex


@pytest.mark.parametrize("role, entry", [("evidence", "hot-bath"), ("verdicts", "surgery"),
                                         ("dose", "toe-touch")])
def test_an_unknown_id_is_an_error_naming_it(tmp_path, role, entry):
    _, warnings = build_tiny(tmp_path, "html", f"{{{role}}}`{entry}`")
    assert "ERROR" in warnings and repr(entry) in warnings, warnings


# ----- the built book --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built_pages(site_dir):
    pages = sorted(site_dir.rglob("*.html"))
    assert pages, f"no HTML pages in {site_dir}"
    return {str(p.relative_to(site_dir)): BeautifulSoup(p.read_text(encoding="utf-8"),
                                                        "html.parser") for p in pages}


def role_count(role: str) -> int:
    return sum(f.read_text(encoding="utf-8").count(f"{{{role}}}`")
               for f in REPO.glob("book/*.md"))


def test_every_built_label_names_a_treatment_and_one_entry_has_one_label(built_pages):
    cat = load_catalogue()
    treatments = {a.id for a in cat.actions if a.kind == "treatment"}
    texts, count, bad = defaultdict(set), 0, []
    for page, soup in built_pages.items():
        for label in soup.select(".evidence-label"):
            count += 1
            entry = label.get("data-treatment")
            if entry not in treatments:
                bad.append(f"{page}: label {label.get_text()!r} names {entry!r}")
                continue
            texts[entry].add(" ".join(label.get_text().split()))
    assert not bad, "\n".join(bad)
    # the treatment cards and the myths page's {treatment-evidence} blocks make more labels;
    # each chapter role makes at least one
    assert count >= role_count("evidence"), f"only {count} labels in the built book"
    assert {e: t for e, t in texts.items() if len(t) != 1} == {}
    assert {e: t.pop() for e, t in texts.items()} == {
        e: cat.action(e).level_label for e in texts}


def test_every_built_dose_names_an_exercise_and_shows_its_dose(built_pages):
    doses = [d for soup in built_pages.values() for d in soup.select(".exercise-dose")]
    assert len(doses) >= role_count("dose")
    for d in doses:
        assert " ".join(d.get_text().split()) == dose_text(exercise(d["data-exercise"]))


def test_learner_notebooks_print_the_same_facts(tmp_path):
    """Binder's learner notebooks (tools/learner_notebooks.py) show each fact's words, not the
    entry's id."""
    from tools import learner_notebooks as ln

    ln.build(REPO, tmp_path)
    text = (tmp_path / "book" / "self-care.md").read_text(encoding="utf-8")
    assert f"**Evidence:** **{load_catalogue().action('heat').level_label}**" in text
    assert dose_text(exercise("neck-turns")) in text
    assert "{evidence}" not in text and "{dose}" not in text
