"""The learner series (the "For learners" part of _toc.yml) as a student meets it.

- The path: a start notebook that lists every learner notebook with a time, and a link from each
  notebook to the next one.
- Every learner notebook (as Binder's JupyterLab gets it from tools/learner_notebooks.py) says
  nothing that only makes sense on the web page.
- Worked answers are closed `<details>` blocks, never code cells, so Run All reveals none; each
  exercise cell holds `...` and its check says "not answered yet".
- Run in order, every notebook's code runs; every worked answer passes its own check, and every
  "Try this" snippet runs.
- Each check function accepts a right answer and explains a wrong one. The right answers below are
  typed from the papers (or, for the catalogue notebook, counted here), not read from
  widgets/learn.py, so a wrong number in the module fails here.
"""
from __future__ import annotations

import ast
import contextlib
import io
import re
from pathlib import Path

import jupytext
import matplotlib
import pytest

from conftest import REPO
from tools import learner_notebooks as ln
from widgets import learn

matplotlib.use("Agg")

LEARNER_PART = "For learners"
WEB_WORDS = re.compile(r"\bclick|\bbutton|on this page|\brocket|\bdownload", re.I)
ANSWER = re.compile(r"<details>\s*<summary><strong>Worked answer</strong></summary>\s*"
                    r"```python\n(?P<code>.*?)```\s*</details>", re.S)
TRY_THIS = re.compile(r"^> \*\*Try this[^\n]*\n(?:>[^\n]*\n)*?> ```python\n(?P<code>(?:> [^\n]*\n|>\n)*?)> ```",
                      re.M)
CHECK_CALL = re.compile(r"learn\.check_\w+\(")


def learner_docs() -> list[str]:
    import yaml
    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    parts = [p for p in toc["parts"] if p["caption"] == LEARNER_PART]
    assert parts, f"no {LEARNER_PART!r} part in _toc.yml"
    return [chapter["file"] for chapter in parts[0]["chapters"]]


DOCS = learner_docs()
TEACHING = [doc for doc in DOCS if "/learn/" in doc and not doc.endswith("start-here")]


@pytest.fixture(scope="module")
def notebooks(tmp_path_factory) -> dict[str, object]:
    out = tmp_path_factory.mktemp("learner")
    ln.build(REPO, out)
    return {doc: jupytext.read(out / f"{doc}.md") for doc in DOCS}


def markdown(nb) -> str:
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


# --- The path ----------------------------------------------------------------------------

def test_start_here_gives_the_path_with_times(notebooks):
    start = DOCS[0]
    assert start.endswith("start-here"), f"the learner part starts with {start}, not Start here"
    text = markdown(notebooks[start])
    for heading in ("Before you start", "The path"):
        assert f"## {heading}" in text, f"Start here has no {heading!r} section"
    for doc in DOCS[1:]:
        link = ln.Book.load(REPO).link(doc, start)
        row = next((line for line in text.splitlines() if f"]({link})" in line), None)
        assert row, f"Start here does not list {doc}"
        assert re.search(r"\d+ minutes", row), f"no time for {doc} in Start here: {row}"


@pytest.mark.parametrize("doc, following", list(zip(DOCS, DOCS[1:] + DOCS[:1])))
def test_each_notebook_ends_with_the_next_one(notebooks, doc, following):
    last = notebooks[doc].cells[-1]
    link = ln.Book.load(REPO).link(following, doc)
    assert last.cell_type == "markdown" and f"]({link})" in last.source, (
        f"{doc} does not end with a link to {following}: {last.source[-200:]!r}")


# --- Wording ------------------------------------------------------------------------------

def web_words(nb) -> list[str]:
    return sorted({m.group(0).lower() for c in nb.cells for m in WEB_WORDS.finditer(c.source)})


@pytest.mark.parametrize("doc", DOCS)
def test_no_web_page_wording_in_a_learner_notebook(notebooks, doc):
    assert not web_words(notebooks[doc]), f"{doc}: web-page wording {web_words(notebooks[doc])}"


def test_web_wording_scan_can_fail():
    nb = jupytext.reads("# T\n\nUse the rocket Button, or click Download on this page.\n",
                        fmt="md")
    assert web_words(nb) == ["button", "click", "download", "on this page", "rocket"]


# --- Structure of the teaching notebooks -------------------------------------------------

@pytest.mark.parametrize("doc", TEACHING)
def test_teaching_notebook_has_its_parts(notebooks, doc):
    nb = notebooks[doc]
    text = markdown(nb)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    for title in ("What you will learn", "Predict, then run", "Key points", "Try this"):
        assert f"**{title}" in text, f"{doc}: no {title!r} box"
    assert re.search(r"\*\*Time:\*\* about \d+ minutes", text), f"{doc}: no time"
    assert any("plt.subplots" in c for c in code), f"{doc}: the learner makes no plot"
    assert "## References" in text, f"{doc}: no cited source"
    exercises = [c for c in code if CHECK_CALL.search(c)]
    assert len(exercises) >= 4, f"{doc}: {len(exercises)} exercises"
    for cell in exercises:
        assert re.search(r"^\w+ = \.\.\.  # ", cell, re.M), f"{doc}: no empty answer in {cell!r}"
    assert len(ANSWER.findall(text)) == len(exercises), f"{doc}: an exercise has no worked answer"


@pytest.mark.parametrize("doc", DOCS)
def test_run_all_reveals_no_worked_answer(notebooks, doc):
    """A worked answer is never a code cell: it sits in a closed <details> block."""
    nb = notebooks[doc]
    answers = [m.group("code").strip() for m in ANSWER.finditer(markdown(nb))]
    for cell in (c for c in nb.cells if c.cell_type == "code"):
        assert "worked answer" not in cell.source.lower(), f"{doc}: {cell.source[:80]!r}"
        assert cell.source.strip() not in answers, f"{doc}: a worked answer runs on Run All"
    assert "<details open" not in markdown(nb)


# --- Everything runs --------------------------------------------------------------------

def last_value(code: str, namespace: dict):
    """Run `code` like a notebook cell; return its last expression's value (or None)."""
    tree = ast.parse(code)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(tree, "<cell>", "exec"), namespace)
        if last is not None:
            return eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)
    return None


@pytest.mark.parametrize("doc", DOCS)
def test_notebook_runs_and_every_worked_answer_passes(notebooks, doc):
    import matplotlib.pyplot as plt

    nb = notebooks[doc]
    namespace: dict = {}
    unanswered = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        value = last_value(cell.source, namespace)
        if CHECK_CALL.search(cell.source):
            assert isinstance(value, learn.Feedback) and not value.correct, (doc, cell.source)
            assert "replace the ..." in value.message
            unanswered += 1
        plt.close("all")
    text = markdown(nb)
    for m in ANSWER.finditer(text):
        value = last_value(m.group("code"), namespace)
        assert isinstance(value, learn.Feedback) and value.correct, (
            f"{doc}: worked answer fails its check: {value}\n{m.group('code')}")
    snippets = [re.sub(r"^> ?", "", m.group("code"), flags=re.M) for m in TRY_THIS.finditer(text)]
    assert snippets or doc.endswith("start-here"), f"{doc}: no runnable Try this step"
    for snippet in snippets:
        last_value(snippet, namespace)  # raises if a step does not work
    assert unanswered == len(ANSWER.findall(text))


# --- The check functions -------------------------------------------------------------------

def catalogue_counts() -> dict[str, int]:
    """Counted here from the catalogue file, not with widgets.learn."""
    from widgets import load_catalogue
    counts: dict[str, int] = {}
    for action in load_catalogue().actions:
        if action.kind == "treatment":
            counts[action.level_label] = counts.get(action.level_label, 0) + 1
    return counts


def catalogue_ids(rule) -> set[str]:
    from widgets import load_catalogue
    return {a.id for a in load_catalogue().actions if a.kind == "treatment" and rule(a.guidelines)}


NEUTRAL = learn.simulate_survey(people=5000, sit_if_pain=0.5, sit_if_no_pain=0.5, seed=3)
# (check, right answer, wrong answer, words the explanation of the wrong one must hold)
CASES = [
    # Costa 2012: acute pain 52 at the start, 23 at 6 weeks; persistent 23 at 52 weeks, acute 6.
    (learn.check_fall_by_6_weeks, 29 / 52 * 100, 29, "Divide it by the starting score"),
    (learn.check_gap_at_one_year, 17, -17, "wrong way round"),
    # Henschke 2008: medians 14 (work), 31 (disability), 58 (pain) days; 72% recovered.
    (learn.check_slowest_recovery, "no pain", "back to usual work", "came first"),
    (learn.check_not_recovered, 28, 72, "had not"),
    # Brinjikji 2015: bulge 60% at 50, 50% at 40; degeneration 37% at 20 to 96% at 80, 52% at 30.
    (learn.check_bulges_in_ten, 6, 60, "out of 10"),
    (learn.check_fastest_rising, "disc degeneration", "disc bulge", "Another rises more"),
    (learn.check_expected_bulges, 100, 50, "Multiply 200"),
    (learn.check_first_age_over_half, 30, 40, "earlier age"),
    # CTT 2022: 27.1% on a statin, 26.6% on placebo; 11 extra per 1000 person-years in year one.
    (learn.check_statin_difference, 0.5, -0.5, "wrong way round"),
    (learn.check_statin_ratio, 1.02, 0.98, "Put the statin group on top"),
    (learn.check_year_one_harm, 91, 11, "Divide 1000"),
    # Steffens 2016: risk ratio 0.55; with a made-up 40 in 100: 18 fewer, number needed 6.
    (learn.check_helped_per_100, 18, 22, "still get a new bout"),
    (learn.check_number_needed_to_treat, 6, 5, "round up"),
    # The made-up survey 180/120/280/420: odds 1.5 over 0.667.
    (learn.check_odds_ratio, 2.25, 1 / 2.25, "upside down"),
    (learn.check_direction, "pain causes sitting", "sitting causes pain", "Sitting never"),
    (learn.check_expected_odds_ratio, 2.25, 1.5, "odds first"),
    (learn.check_no_link_survey, NEUTRAL, learn.simulate_survey(people=5000, seed=3),
     "sit_if_pain equal sit_if_no_pain"),
    # The catalogue, counted above without the module under test.
    (learn.check_label_counts, catalogue_counts(),
     {**catalogue_counts(), "Good evidence": catalogue_counts()["Good evidence"] + 1},
     "counts differ for Good evidence"),
    (learn.check_good_share, catalogue_counts()["Good evidence"] / sum(catalogue_counts().values())
     * 100, catalogue_counts()["Good evidence"], "Divide it"),
    (learn.check_disagreements,
     catalogue_ids(lambda g: {g["nice"], g["acp"]} & {"recommended", "consider", "with-exercise"}
                   and "against" in {g["nice"], g["acp"]}), {"heat"}, "should not include heat"),
    (learn.check_acp_only,
     catalogue_ids(lambda g: g["acp"] == "recommended" and g["nice"] == "none"), set(), "missing"),
    # Explore the models: Hansraj 2014's points (0, 15, 30, 45, 60 degrees: 5.4, 12.2, 18.1,
    # 22.2, 27.2 kg) with straight lines between them; the catalogue; the checklist rules.
    (learn.check_load_at_20, 12.2 + (18.1 - 12.2) / 3, 12.2, "15 degree point"),
    (learn.check_ratio_at_45, 22.2 / 5.4, 22.2, "Divide it by the upright load"),
    (learn.check_error_type, "ValueError", "TypeError", "try/except"),
    (learn.check_alert_level, "emergency", "urgent", "not the level"),
    (learn.check_slider_load, 22.2 + (27.2 - 22.2) / 3, 50, "Read the slider"),
]


@pytest.mark.parametrize("check, right, wrong, why", CASES, ids=[c[0].__name__ for c in CASES])
def test_check_accepts_a_right_answer_and_explains_a_wrong_one(check, right, wrong, why):
    assert check(right).correct, check(right)
    feedback = check(wrong)
    assert not feedback.correct and why in feedback.message, feedback
    assert str(feedback).startswith("Not yet: ")
    assert "replace the ..." in check(...).message


@pytest.mark.parametrize("check", sorted({c[0] for c in CASES} | {learn.check_neck_causes,
                                                                  learn.check_first_in_plan},
                                         key=lambda f: f.__name__))
def test_every_check_is_tested_and_names_a_bad_type(check):
    """A check never raises on an answer of the wrong kind: it says what kind it wants."""
    names = {c[0].__name__ for c in CASES} | {"check_neck_causes", "check_first_in_plan"}
    module_checks = {n for n in dir(learn) if n.startswith("check_")}
    assert module_checks <= names, f"untested checks: {module_checks - names}"
    feedback = check(object())
    assert isinstance(feedback, learn.Feedback) and not feedback.correct and feedback.message


def test_neck_causes_and_first_in_plan_checks():
    from widgets import assess, load_catalogue
    neck = {c.id for c in load_catalogue().causes if c.region == "neck"}
    assert learn.check_neck_causes(neck).correct
    assert "missing" in learn.check_neck_causes(set(list(neck)[1:])).message
    plan = [a.name for a in assess(["long-sitting", "stress"]).actions]
    assert learn.check_first_in_plan(plan[0]).correct
    assert "not first" in learn.check_first_in_plan(plan[1]).message


def test_the_data_says_what_the_papers_say():
    """Spot checks typed from the abstracts (Costa 2012, Henschke 2008, Brinjikji 2015)."""
    acute, persistent = learn.COSTA_PAIN
    assert acute.pain == (52, 23, 12, 6) and persistent.pain == (51, 33, 26, 23)
    assert learn.HENSCHKE_MEDIAN_DAYS == {"back to usual work": 14, "no disability": 31,
                                          "no pain": 58}
    ends = {f.name: (f.percent[20], f.percent[80]) for f in learn.BRINJIKJI}
    assert ends == {"disc degeneration": (37, 96), "disc bulge": (30, 84),
                    "disc protrusion": (29, 43), "annular fissure": (19, 29)}


@pytest.mark.parametrize("call, names", [
    (lambda: learn.simulate_survey(people=0), "people"),
    (lambda: learn.simulate_survey(sit_if_pain=1.5), "sit_if_pain"),
    (lambda: learn.number_needed(0), "0"),
    (lambda: learn.Survey(1, 0, 1, 1).odds_ratio(), "zero"),
])
def test_bad_input_names_the_value(call, names):
    with pytest.raises(ValueError, match=names):
        call()


# --- On the site ---------------------------------------------------------------------------

@pytest.mark.parametrize("doc", DOCS)
def test_worked_answers_stay_closed_on_the_site_until_opened(page, site_url, doc):
    """sphinx-togglebutton closes every `dropdown` box once the page has loaded; a worked answer
    opens only when the learner asks for it."""
    page.page.goto(f"{site_url}/{doc}.html")
    answers = page.page.locator(".worked-answer")
    count = answers.count()
    assert count == len(re.findall(r":class: dropdown worked-answer", (REPO / f"{doc}.md").read_text()))
    for i in range(count):
        answer = answers.nth(i)
        code = answer.locator("pre").first
        assert not code.is_visible(), f"{doc}: worked answer {i} shows before it is asked for"
        answer.locator(".toggle-button").first.click()
        code.wait_for(state="visible", timeout=5000)
    assert not page.console_errors, page.console_errors


def test_every_number_names_a_source_in_the_bibliography():
    sources = {c.source for c in learn.COSTA_PAIN} | {f.source for f in learn.BRINJIKJI} | {
        learn.CTT_MUSCLE.source, learn.HENSCHKE_SOURCE, learn.STEFFENS_SOURCE}
    bib = (REPO / "book" / "references.bib").read_text()
    keys = set(re.findall(r"@\w+\{([^,\s]+),", bib))
    assert sources <= keys, sources - keys
    cited = " ".join((REPO / f"{doc}.md").read_text() for doc in TEACHING)
    assert all(key in cited for key in sources), "a data source is never cited in a notebook"
