"""What Python sends the browser widgets (causes.front_end_catalogue, posture.front_end_model,
programme.front_end_data): every field is one the browser code reads, and looking a value up the way the browser does gives
what the Python model says for it, so the two cannot drift apart."""
from __future__ import annotations

import math
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from test_us_spellings import uk_words_in
from widgets import causes, editions, exercises, posture, programme
from widgets.evidence import CAUSE_SCALE

REPO = Path(__file__).resolve().parents[1]
CAT = causes.load_catalogue()
PAPER = yaml.safe_load((REPO / "tests/data/clinical_numbers.yaml").read_text("utf-8"))["posture"]


def _js_words(name: str) -> set[str]:
    """Every identifier-like word in a widget's browser code (property names and quoted keys)."""
    return set(re.findall(r"[A-Za-z_$][\w$]*", (REPO / "widgets/static" / name).read_text("utf-8")))


def _fields(value, maps=()) -> set[str]:
    """Every dictionary key in nested data, except the keys of the dictionaries named in `maps`
    (whose keys are ids or slider values, not field names; their values are still walked). A
    list under such a name is walked as any list."""
    if isinstance(value, dict):
        found = set(value)
        for key, item in value.items():
            inner = item.values() if key in maps and isinstance(item, dict) else [item]
            found |= {f for v in inner for f in _fields(v, maps)}
        return found
    if isinstance(value, list):
        return {f for v in value for f in _fields(v, maps)}
    return set()


# ----- the checklist --------------------------------------------------------------------------

# The data is made inside each test, not at import: mutmut runs the tests it has collected
# against each mutant, so data made at import would come from the unmutated code.

def test_every_checklist_field_is_read_by_the_browser():
    data = causes.front_end_catalogue()
    unread = _fields(data, maps=("ticks",)) - _js_words("cause_checklist.js")
    assert not unread, f"sent to the browser but never read: {sorted(unread)}"
    assert {"groups", "ticks", "factors", "actions", "messages", "printed_sign_levels"} <= set(data)


def test_tick_groups_are_the_labelled_causes_then_each_levels_signs():
    data = causes.front_end_catalogue()
    cause_groups = [g for g in data["groups"] if g["level"] is None]
    expected = [(g["name"], [(c.id, c.label) for c in CAT.causes if c.group == g["id"] and c.label])
                for g in CAT.groups]
    assert [(g["name"], [(i["id"], i["label"]) for i in g["items"]]) for g in cause_groups] == [
        e for e in expected if e[1]]
    assert causes.SERIOUS_GROUP not in {g["name"] for g in cause_groups}  # nothing to tick
    sign_groups = data["groups"][len(cause_groups):]
    assert [g["level"] for g in sign_groups] == list(causes.LEVEL_IDS)
    for group in sign_groups:
        lvl = causes.sign_level(group["level"])
        assert (group["title"], group["message"]) == (lvl.title, lvl.message)
        assert group["name"].startswith("Warning signs") and lvl.title in group["name"]
        assert [(i["id"], i["label"]) for i in group["items"]] == [
            (s.id, s.label) for s in CAT.signs(lvl.id)]


def test_factors_carry_the_cause_scale_words():
    data = causes.front_end_catalogue()
    labels = {lvl.id: lvl.label for lvl in CAUSE_SCALE}
    assert [(f["id"], f["name"], f["label"], f["text"]) for f in data["factors"]] == [
        (c.id, c.name, labels[c.evidence], c.factor) for c in CAT.causes]


def test_actions_carry_their_words_and_only_advised_against_ones_are_flagged_to_avoid():
    data = causes.front_end_catalogue()
    everything = causes.assess(CAT.checklist_ids)
    flagged = {a["id"] for a in data["actions"] if a["avoid"]}
    assert {a.id for a in everything.avoid} <= flagged
    assert not flagged & {a.id for a in everything.actions}
    for sent in data["actions"]:
        action = CAT.action(sent["id"])
        assert (sent["name"], sent["advice"], sent["caution"]) == (
            action.name, action.advice, action.caution)
        # a referral has no grade: the plan's tag says who to ask (test_widgets_browser.py reads it)
        assert sent["label"] == (action.level_label or "ask a professional")
    assert any(CAT.action(a["id"]).kind == "referral" for a in data["actions"])
    assert data["messages"] == CAT.messages and data["printed_sign_levels"] == [
        "emergency", "urgent"]


# ----- the posture slider ---------------------------------------------------------------------

# The model's own description (table and bands), held to the paper by test_clinical_numbers.py
# rather than drawn by the browser.
DESCRIPTION = {"table", "angle_bands", "hours_bands", "upright_max"}


def test_every_posture_field_is_read_by_the_browser():
    model = posture.front_end_model()
    assert DESCRIPTION <= set(model)
    drawn = {k: v for k, v in model.items() if k not in DESCRIPTION}
    unread = _fields(drawn, maps=("hours_text",)) - _js_words("posture_slider.js")
    assert not unread, f"sent to the browser but never read: {sorted(unread)}"


def _hours_values(model) -> list[Fraction]:
    """Every value the hours slider can take: its range in its steps (as the browser has them)."""
    low, high = (Fraction(str(v)) for v in model["hours_range"])
    step = Fraction(str(model["hours_step"]))
    return [low + i * step for i in range(int((high - low) / step) + 1)]


def _js_string(value: Fraction) -> str:
    """String(x) in JavaScript for a whole or half number."""
    return str(value.numerator) if value.denominator == 1 else str(float(value))


def test_the_slider_covers_the_papers_range():
    model = posture.front_end_model()
    assert len(model["by_angle"]) == PAPER["angle_range"][1] - PAPER["angle_range"][0] + 1
    assert model["angle_range"] == PAPER["angle_range"]
    assert model["hours_range"] == PAPER["hours_range"] and model["hours_step"] == 0.5
    assert set(model["hours_text"]) == {_js_string(h) for h in _hours_values(model)}


@pytest.mark.parametrize("low, high, step, values", [(0, 12, 0.5, 25), (1, 2, 0.5, 3),
                                                     (2, 3, 0.25, 5)])
def test_slider_values_run_from_low_to_high_in_steps(low, high, step, values):
    found = posture._slider_values(low, high, step)
    assert len(found) == values and found[0] == low and found[-1] == high
    assert all(b - a == step for a, b in zip(found, found[1:]))


@pytest.mark.parametrize("angle", range(61))
def test_the_browsers_lookup_gives_the_models_message_and_load(angle):
    """What the browser shows for each slider position (posture_slider.js: atAngle, message) is
    what the Python model says for it."""
    model = posture.front_end_model()
    at = model["by_angle"][angle - model["angle_range"][0]]
    for hours in _hours_values(model):
        shown = (f"{at['message']} {model['hours_text'][_js_string(hours)]}" if at["with_hours"]
                 else at["message"])
        assert shown == posture.habit_message(angle, float(hours)), (angle, hours)
    assert at["load"] == posture.load_text(angle)
    assert at["kg"] == posture.load_text(angle).split(" (")[0]


def _paper(angle: Fraction, column: int) -> Fraction:
    """The paper's value at `angle`, exactly (fractions), linearly between its points."""
    points = sorted(PAPER["table"].items())
    for (a0, v0), (a1, v1) in zip(points, points[1:]):
        if a0 <= angle <= a1:
            y0, y1 = Fraction(str(v0[column])), Fraction(str(v1[column]))
            return y0 + (y1 - y0) * (angle - a0) / (a1 - a0)
    raise ValueError(angle)


def _half_up(value: Fraction, digits: int) -> str:
    """`value` rounded half up to `digits` decimals, as text ("8.8", "20")."""
    return str(Decimal(math.floor(value * 10 ** digits + Fraction(1, 2))).scaleb(-digits))


@pytest.mark.parametrize("half_degrees", range(121))
def test_the_shown_load_and_ratio_are_the_papers_rounded_half_up(half_degrees):
    """Worked out exactly from the paper's table, rounded half up (as the browser would round),
    at every half degree: the load in kg to 0.1, in lb to whole pounds, the ratio to 0.1."""
    angle = Fraction(half_degrees, 2)
    kg, lb = _paper(angle, 1), _paper(angle, 0)
    assert posture.load_text(float(angle)) == f"{_half_up(kg, 1)} kg ({_half_up(lb, 0)} lb)"
    if angle > PAPER["angle_bands"][0]["upper"]:
        ratio = _half_up(kg / Fraction(str(PAPER["table"][0][1])), 1)
        assert f"carries {ratio} times" in posture.habit_message(float(angle), 1)


def test_the_load_bar_is_full_at_the_largest_load():
    model = posture.front_end_model()
    largest = max(kg for _, kg in PAPER["table"].values())
    shares = [at["share"] for at in model["by_angle"]]
    assert shares[-1] == 1 and all(0 < s <= 1 for s in shares)
    for angle in (0, 15, 30, 45, 60):
        assert shares[angle] == pytest.approx(PAPER["table"][angle][1] / largest)


def test_an_upright_head_gets_no_time_advice():
    """Close to upright (the paper's first band), the message is the same whatever the hours."""
    model = posture.front_end_model()
    upright = PAPER["angle_bands"][0]["upper"]
    for angle in range(upright + 1):
        assert not model["by_angle"][angle]["with_hours"]
        assert len({posture.habit_message(angle, float(h)) for h in _hours_values(model)}) == 1
    assert len({posture.habit_message(upright + 1, float(h)) for h in _hours_values(model)}) > 1


# ----- the programme builder ------------------------------------------------------------------

# Dictionaries keyed by ids (exercises, editions, regions, dose fields, times a day), not fields.
PROGRAMME_MAPS = ("exercises", "texts", "stops", "panels", "options", "default", "dose_parts",
                  "tracker")


def test_every_programme_field_is_read_by_the_browser():
    data = programme.front_end_data("https://example.org/p.html")
    # A dose value ("8") keys its part of the dose sentence, inside dose_parts' per-field maps.
    unread = {f for f in _fields(data, maps=PROGRAMME_MAPS) if not f.isdigit()} - _js_words(
        "programme_builder.js")
    assert not unread, f"sent to the browser but never read: {sorted(unread)}"
    assert {"exercises", "texts", "screen", "papers", "messages", "link"} <= set(data)


def _strings(value) -> list[str]:
    """Every text in nested data."""
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def _browser_sheet(data: dict, paper: str, prog: programme.Programme) -> dict:
    """The sheet's texts as programme_builder.js (drawSheet) looks them up for the paper: the
    block of the paper's edition, each dose sentence joined from its parts."""
    texts = data["texts"][next(p["edition"] for p in data["papers"] if p["id"] == paper)]
    fields = data["link"]["fields"]
    found = []
    for it in prog.items:
        ex = texts["exercises"][it.exercise]
        dose = " ".join(filter(None, (ex["dose_parts"][f][str(getattr(it, f))] for f in fields)))
        found.append((ex["name"], tuple(ex["steps"]), dose, ex["stop"]))
    regions = {data["exercises"][it.exercise]["region"] for it in prog.items}
    region = regions.pop() if len(regions) == 1 else "both"
    panel = texts["panels"][region]
    return {"title": texts["words"]["title"], "exercises": found,
            "tracker": [texts["exercises"][it.exercise]["tracker"][str(it.sets_per_day)]
                        for it in prog.items],
            "stop_heading": texts["words"]["stop_heading"], "stop": texts["stops"][region],
            "panel": (panel["heading"], tuple(panel["items"]), tuple(panel["notes"]))}


@pytest.mark.parametrize("paper", editions.PAPERS)
def test_the_browsers_sheet_has_the_python_sheets_words_on_each_paper(paper):
    """Every exercise at every value of each dose field, in programmes of each region: what the
    browser prints is what programme.sheet() (the fpdf2 sheet's words) says for that paper."""
    data = programme.front_end_data("https://example.org/p.html")
    cat = exercises.load_catalogue().exercises
    for ex in cat:
        for field in programme.FIELDS:
            for value in programme.dose_options(ex)[field]:
                prog = programme.make([programme.item(ex.id, **{field: value})])
                sheet = programme.sheet(prog, paper, "x")
                shown = _browser_sheet(data, paper, prog)
                assert shown["exercises"] == [(e.name, e.steps, e.dose, e.stop)
                                              for e in sheet.exercises], (paper, ex.id, field)
                assert shown["tracker"] == [label for label, _ in sheet.tracker]
    for ids in (["bridge"], ["chin-tuck"], ["knee-rolls", "chin-tuck"]):
        sheet = programme.sheet(programme.make(ids), paper, "x")
        shown = _browser_sheet(data, paper, programme.make(ids))
        assert (shown["title"], shown["stop_heading"], shown["stop"]) == (
            sheet.title, sheet.stop_heading, list(sheet.stop)), (paper, ids)
        assert shown["panel"] == (sheet.panel.heading, sheet.panel.items, sheet.panel.notes)
    texts = data["texts"][editions.for_paper(paper).id]
    assert texts["words"] == programme.sheet_words(editions.for_paper(paper).id)
    assert texts["days"] == list(programme.DAYS)  # no edition changes a day's name


def test_a_letter_sheet_gets_us_words_and_the_screen_keeps_the_sites():
    """Pelvic tilt's steps say "tummy muscles" and its pictures' alt text "tummy" (the site's
    words); the US block has none of the cited UK words (tests/data/us_spellings.yaml)."""
    data = programme.front_end_data("https://example.org/p.html")
    letter = data["texts"][next(p["edition"] for p in data["papers"] if p["id"] == "letter")]
    assert not uk_words_in(" ".join(_strings(letter)))
    assert "Tighten your stomach muscles." in letter["exercises"]["pelvic-tilt"]["steps"]
    assert letter["words"]["stop_heading"] == editions.edition("us").stop_heading
    site = data["texts"][data["screen"]]
    assert data["screen"] == "uk" and "Tighten your tummy muscles." in \
        site["exercises"]["pelvic-tilt"]["steps"]
    assert any("tummy" in p["alt"] for p in site["exercises"]["pelvic-tilt"]["pictures"])
    assert site["words"]["stop_heading"] == editions.edition("uk").stop_heading


def test_the_pictures_are_sent_once_and_their_words_once_per_edition():
    """The drawings (most of the payload) are shared; an edition's block holds only texts: its
    captions and alt text, one per drawing, the alt text the drawing's own in the site's words."""
    data = programme.front_end_data("https://example.org/p.html")
    assert "<svg" not in " ".join(_strings(data["texts"]))
    site = data["texts"][data["screen"]]
    for ex_id, ex in data["exercises"].items():
        for block in data["texts"].values():
            assert len(block["exercises"][ex_id]["pictures"]) == len(ex["pictures"]), ex_id
        for svg, words in zip(ex["pictures"], site["exercises"][ex_id]["pictures"]):
            assert f'aria-label="{words["alt"]}"' in svg.replace("&#x27;", "'"), ex_id
