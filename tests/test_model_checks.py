"""The models' own checks on their data: a deliberately broken, deep-copied catalogue (causes,
exercises, editions, glossary, design tokens) is fed to the check, which must raise ValueError
naming the bad value, so a typo in a data file stops the build with a message that says where to
look. Also the lookups that name what they could not find."""
from __future__ import annotations

import copy
import dataclasses
import json
import re

import pytest

from widgets import causes, editions, evidence, exercises, glossary, tokens

CAT = causes.load_catalogue()
EX_RAW = json.loads(exercises.DATA_FILE.read_text(encoding="utf-8"))


def _named(value) -> str:
    """A pattern for an error message that names `value` as Python shows it."""
    return re.escape(repr(value))


# ----- widgets.causes._check ------------------------------------------------------------------

def _replace_one(items, item_id, **changes):
    return tuple(dataclasses.replace(x, **changes) if x.id == item_id else x for x in items)


def _first(items, **where):
    return next(x for x in items if all(getattr(x, k) == v for k, v in where.items()))


TREATMENT = _first(CAT.actions, kind="treatment").id
REFERRAL = _first(CAT.actions, kind="referral").id
CAUSE = _first(CAT.causes, group="stress-sleep").id
SERIOUS = _first(CAT.causes, group=causes.SERIOUS_GROUP).id
SIGN = CAT.warning_signs[0].id
NOTE = CAT.notes[0].id


def _broken(part: str, item_id: str, **changes):
    """A deep copy of the catalogue with one entry of one part changed."""
    cat = copy.deepcopy(CAT)
    return dataclasses.replace(cat, **{part: _replace_one(getattr(cat, part), item_id, **changes)})


BROKEN = {
    # part, the entry, what changes, the value the error must name
    "cause evidence": ("causes", CAUSE, {"evidence": "good"}, "good"),  # a treatment word
    "cause group": ("causes", CAUSE, {"group": "posture"}, "posture"),
    "cause region": ("causes", CAUSE, {"region": "legs"}, "legs"),
    "cause without a label": ("causes", CAUSE, {"label": None}, CAUSE),
    "serious cause with a label": ("causes", SERIOUS, {"label": "I have it"}, SERIOUS),
    "cause action": ("causes", CAUSE, {"actions": ("yoga-retreat",)}, "yoga-retreat"),
    "action setting": ("actions", TREATMENT, {"setting": "gym"}, "gym"),
    "action kind": ("actions", TREATMENT, {"kind": "advice"}, "advice"),
    "graded referral": ("actions", REFERRAL, {"evidence": "good"}, REFERRAL),
    "referral with verdicts": ("actions", REFERRAL, {"guidelines": {"nice": "none"}}, REFERRAL),
    "action evidence": ("actions", TREATMENT, {"evidence": "strong"}, "strong"),
    "one guideline": ("actions", TREATMENT, {"guidelines": {"nice": "none"}}, TREATMENT),
    "verdict": ("actions", TREATMENT, {"guidelines": {"nice": "none", "acp": "maybe"}}, "maybe"),
    "sign level": ("warning_signs", SIGN, {"level": "soon"}, "soon"),
    "sign region": ("warning_signs", SIGN, {"region": "arm"}, "arm"),
    "sign cause": ("warning_signs", SIGN, {"causes": ("gout",)}, "gout"),
    "note level": ("notes", NOTE, {"level": "soon"}, "soon"),
    "note region": ("notes", NOTE, {"region": "arm"}, "arm"),
    "note without text": ("notes", NOTE, {"text": ""}, NOTE),
    "note without a source": ("notes", NOTE, {"cite": ()}, NOTE),
}


def test_the_catalogue_itself_passes_its_check():
    causes._check(copy.deepcopy(CAT))


@pytest.mark.parametrize("part, item_id, changes, named", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_catalogue_entry_is_refused_by_name(part, item_id, changes, named):
    with pytest.raises(ValueError, match=_named(named)):
        causes._check(_broken(part, item_id, **changes))


@pytest.mark.parametrize("part", ["causes", "actions", "warning_signs"])
def test_a_duplicate_id_is_refused_by_name(part):
    cat = copy.deepcopy(CAT)
    items = getattr(cat, part)
    twice = dataclasses.replace(cat, **{part: (*items, items[-1])})
    only_it = rf"^duplicate ids in causes\.json: \[{_named(items[-1].id)}\]$"
    with pytest.raises(ValueError, match=only_it):
        causes._check(twice)


def test_a_referral_does_not_end_the_check_of_the_actions_after_it():
    """The catalogue lists referrals last; the check must hold for any order."""
    cat = _broken("actions", TREATMENT, evidence="strong")
    referral = cat.action(REFERRAL)
    reordered = dataclasses.replace(
        cat, actions=(referral, *(a for a in cat.actions if a.id != REFERRAL)))
    with pytest.raises(ValueError, match="'strong'"):
        causes._check(reordered)


@pytest.mark.parametrize("method, part", [("signs", "warning_signs"), ("sign_notes", "notes")])
def test_a_panels_signs_and_notes_are_those_of_its_level_and_region(method, part):
    """On a copy holding one entry per region at one level and one at another level: a level's
    entries, all of them for no region or "both", else the region's own and the shared ones."""
    template = getattr(CAT, part)[0]
    entries = tuple(dataclasses.replace(template, id=f"{lvl}-{region}", level=lvl, region=region)
                    for lvl, region in [("urgent", "back"), ("urgent", "neck"),
                                        ("urgent", "both"), ("emergency", "neck")])
    find = getattr(dataclasses.replace(copy.deepcopy(CAT), **{part: entries}), method)
    urgent = ["urgent-back", "urgent-neck", "urgent-both"]
    assert [x.id for x in find("urgent")] == [x.id for x in find("urgent", "both")] == urgent
    assert [x.id for x in find("urgent", "back")] == ["urgent-back", "urgent-both"]
    assert [x.id for x in find("emergency", "neck")] == ["emergency-neck"]
    assert find("see-a-doctor") == ()
    with pytest.raises(ValueError, match=r"^region must be one of .*, got 'legs'$"):
        find("urgent", "legs")
    with pytest.raises(ValueError, match=_named("soon")):
        find("soon")


# ----- checklist helpers on an edited copy ----------------------------------------------------

def _cat_with_signs(monkeypatch, signs):
    cat = dataclasses.replace(copy.deepcopy(CAT), warning_signs=tuple(signs))
    monkeypatch.setattr(causes, "load_catalogue", lambda: cat)
    return cat


def test_a_serious_cause_links_to_its_most_urgent_signs_list(monkeypatch):
    """Pointed to by an urgent and a see-a-doctor sign, a serious cause links to the urgent list
    (LEVEL_IDS order, not the alphabet, which puts see-a-doctor before urgent); pointed to by no
    sign at all, it still links to a list, the urgent one, never to none."""
    urgent, calm = CAT.signs("urgent")[0], CAT.signs("see-a-doctor")[0]
    _cat_with_signs(monkeypatch, [dataclasses.replace(calm, causes=(SERIOUS,)),
                                  dataclasses.replace(urgent, causes=(SERIOUS,))])
    rows = {row.cause.id: row for row in causes.cause_table("both")}
    assert rows[SERIOUS].get_help.id == "urgent"
    unlinked = [r for r in rows.values() if r.cause.group == causes.SERIOUS_GROUP
                and r.cause.id != SERIOUS]
    assert unlinked and all(r.get_help == causes.sign_level("urgent") for r in unlinked)


def test_a_level_with_no_signs_has_no_panel(monkeypatch):
    _cat_with_signs(monkeypatch, [s for s in CAT.warning_signs if s.level != "see-a-doctor"])
    with pytest.raises(ValueError, match="'see-a-doctor'"):
        causes.signs_by_region("see-a-doctor")


def test_sign_levels_default_to_the_sites_edition_and_name_an_unknown_level():
    assert causes.sign_levels() == causes.sign_levels("uk") == causes.SIGN_LEVELS
    with pytest.raises(ValueError, match=r"^unknown warning-sign level id 'soon'$"):
        causes.sign_level("soon")


# ----- widgets.evidence.guideline_verdicts ---------------------------------------------------

def test_guideline_verdicts_in_table_order_with_their_labels():
    labels = {v.id: v.label for v in evidence.GUIDELINE_VERDICTS}
    pairs = evidence.guideline_verdicts({"acp": "recommended", "nice": "none"})
    assert pairs == (("NICE", labels["none"]), ("ACP", labels["recommended"]))
    for action in CAT.actions:
        if action.guidelines:
            assert [label for _, label in evidence.guideline_verdicts(action.guidelines)] == [
                labels[action.guidelines[g]] for g, _ in evidence.GUIDELINES]


@pytest.mark.parametrize("guidelines, named", [({"nice": "none"}, "acp"),
                                               ({"nice": "none", "acp": "maybe"}, "maybe")])
def test_a_missing_or_unknown_verdict_is_named(guidelines, named):
    with pytest.raises(ValueError, match=_named(named)):
        evidence.guideline_verdicts(guidelines)


# ----- widgets.exercises._exercise ------------------------------------------------------------

EXERCISE = EX_RAW["exercises"][0]


def _exercise_with(**changes) -> dict:
    return {**copy.deepcopy(EXERCISE), **changes}


# (field, lowest allowed, highest allowed): the catalogue's dose limits
DOSE_LIMITS = [("hold_seconds", 0, 60), ("repeats", 1, 20), ("sets_per_day", 1, 6)]


@pytest.mark.parametrize("field, low, high", DOSE_LIMITS)
def test_a_dose_at_its_limits_is_accepted(field, low, high):
    for value in (low, high):
        assert getattr(exercises._exercise(_exercise_with(**{field: value})), field) == value


@pytest.mark.parametrize("field, low, high", DOSE_LIMITS)
@pytest.mark.parametrize("bad", ["below", "above", 2.5, True, "5"])
def test_a_bad_dose_is_refused_naming_the_exercise_field_and_value(field, low, high, bad):
    value = {"below": low - 1, "above": high + 1}.get(bad, bad)
    with pytest.raises(ValueError, match=rf"^{EXERCISE['id']} {field} .*, got {_named(value)}$"):
        exercises._exercise(_exercise_with(**{field: value}))


@pytest.mark.parametrize("changes, named", [({"region": "both"}, "both"),
                                            ({"region": "legs"}, "legs"),
                                            ({"evidence": "known"}, "known")])
def test_a_bad_exercise_region_or_label_is_refused_by_name(changes, named):
    with pytest.raises(ValueError, match=_named(named)):
        exercises._exercise(_exercise_with(**changes))


@pytest.mark.parametrize("change, named", [
    (lambda d: d["exercises"].append(copy.deepcopy(d["exercises"][0])), EXERCISE["id"]),
    (lambda d: d["cautions"].append({"id": "x", "exercises": ["handstand"]}), "handstand"),
    (lambda d: d["cautions"].append({"id": "both-kinds", "exercises": [EXERCISE["id"]],
                                     "start_base": "lying"}), "both-kinds"),
])
def test_a_broken_exercise_file_is_refused_by_name(tmp_path, change, named):
    data = copy.deepcopy(EX_RAW)
    change(data)
    path = tmp_path / "exercises.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match=_named(named)):
        exercises.load_catalogue(path)


@pytest.mark.parametrize("call, named", [(lambda: exercises.exercises_for("legs"), "legs"),
                                         (lambda: exercises.check_region("legs"), "legs"),
                                         (lambda: exercises.check_minutes(7), 7)])
def test_a_bad_routine_choice_is_named_with_its_field(call, named):
    field = "minutes" if named == 7 else "region"
    with pytest.raises(ValueError, match=rf"^{field} must be one of .*, got {_named(named)}$"):
        call()


# ----- widgets.editions -----------------------------------------------------------------------

UK = next(e for e in json.loads(editions.DATA_FILE.read_text(encoding="utf-8"))["editions"]
          if e["id"] == "uk")


@pytest.mark.parametrize("changes, named", [({"emergency": ""}, "emergency"),
                                            ({"sources": []}, "sources"),
                                            ({"paper": "a5"}, "a5"),
                                            ({"date_format": "{day} {month}"}, "{day} {month}"),
                                            ({"date_format": "{day}/{mnth}/{year}"}, "mnth")])
def test_a_broken_edition_is_refused_by_name(changes, named):
    with pytest.raises(ValueError, match=rf"^edition 'uk': .*{re.escape(named)}"):
        editions._edition({**copy.deepcopy(UK), **changes})


def test_each_edition_writes_a_date_its_countrys_way():
    # Day first in the UK, month first with a comma in the US, as each country's style guides
    # write a date out; a single-digit day has no leading zero.
    assert editions.edition("uk").date("2026-11-21") == "21 November 2026"
    assert editions.edition("us").date("2026-11-21") == "November 21, 2026"
    assert editions.edition("us").date("2027-01-05") == "January 5, 2027"
    for bad in ("21/11/2026", "2026-13-01", "", None):
        with pytest.raises(ValueError, match=rf"^a date must be YYYY-MM-DD, got "
                                             rf"{re.escape(repr(bad))}$"):
            editions.edition("uk").date(bad)


def test_an_unknown_edition_or_paper_is_named():
    with pytest.raises(ValueError, match=r"^unknown edition 'fr'"):
        editions.edition("fr")
    with pytest.raises(ValueError, match=r"'a5'"):
        editions.for_paper("a5")


# ----- widgets.glossary -----------------------------------------------------------------------

GLOSSARY_RAW = json.loads(glossary.DATA_FILE.read_text(encoding="utf-8"))
WORD = GLOSSARY_RAW["terms"][0]["term"]


def _glossary_file(tmp_path, change):
    data = copy.deepcopy(GLOSSARY_RAW)
    change(data["terms"])
    path = tmp_path / "glossary.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("change, says", [
    (lambda e: e.pop("text"), r"missing fields \['text'\]"),
    (lambda e: e.pop("cite"), r"missing fields \['cite'\]"),
    (lambda e: e.update(colour="red"), r"unknown fields \['colour'\]"),
    (lambda e: e.update(text=" "), "empty text"),
    (lambda e: e.update(text="New pain"), "the text must end with a full stop, got 'New pain'"),
    (lambda e: e.update(text="See {doc}`about`."), "the text has markup"),
    (lambda e: e.update(cite="qaseem2017acp"), "cite must be a list of BibTeX keys"),
    (lambda e: e.update(cite=[""]), "cite must be a list of BibTeX keys"),
])
def test_a_broken_glossary_entry_is_refused_by_name(tmp_path, change, says):
    path = _glossary_file(tmp_path, lambda terms: change(terms[0]))
    with pytest.raises(ValueError, match=rf"^glossary entry {_named(WORD)}: {says}"):
        glossary.load_glossary(path)


def test_a_glossary_entry_without_a_term_is_shown_whole(tmp_path):
    path = _glossary_file(tmp_path, lambda terms: terms[0].pop("term"))
    with pytest.raises(ValueError, match=r"^glossary entry \{'text': .*missing fields \['term'\]"):
        glossary.load_glossary(path)


def test_a_word_typed_twice_is_refused_by_name(tmp_path):
    """Twice in any case: the glossary's anchors and {term} links ignore case."""
    path = _glossary_file(tmp_path, lambda terms: terms.append({**terms[0], "term": WORD.upper()}))
    with pytest.raises(ValueError, match=rf"^duplicate glossary term {_named(WORD.upper())}"):
        glossary.load_glossary(path)


def test_an_unknown_glossary_word_is_named():
    assert glossary.glossary_term(WORD.upper()).term == WORD
    with pytest.raises(ValueError, match=r"^'lumbago' is not in the glossary"):
        glossary.glossary_term("lumbago")


# ----- widgets.tokens -------------------------------------------------------------------------

TOKENS = json.loads(tokens.DATA_FILE.read_text(encoding="utf-8"))


@pytest.fixture
def token_file(tmp_path, monkeypatch):
    """Point tokens() at a broken copy of the file; the real one is read again afterwards."""
    path = tmp_path / "tokens.json"
    monkeypatch.setattr(tokens, "DATA_FILE", path)
    tokens.tokens.cache_clear()
    yield path
    tokens.tokens.cache_clear()


@pytest.mark.parametrize("group, name, key, bad", [
    ("palette", "blue", None, "blue"), ("drawing", "near", None, "#12345"),
    ("levels", "urgent", "tint", "#fff1cg"), ("levels", "urgent", "strong", None)])
def test_a_bad_colour_token_is_refused_by_name(token_file, group, name, key, bad):
    data = copy.deepcopy(TOKENS)
    if key is None:
        data[group][name] = bad
    elif bad is None:
        del data[group][name][key]
    else:
        data[group][name][key] = bad
    token_file.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match=rf"^{group[:-1] if group == 'levels' else group}"
                                         rf".*{_named(name)}"):
        tokens.tokens()


def _hex_rgb(value: str) -> tuple[int, int, int]:
    return tuple(bytes.fromhex(value[1:]))


@pytest.mark.parametrize("name, value", [
    ("blue", TOKENS["palette"]["blue"]), ("drawing.near", TOKENS["drawing"]["near"]),
    ("emergency.strong", TOKENS["levels"]["emergency"]["strong"]),
    ("see-a-doctor.tint", TOKENS["levels"]["see-a-doctor"]["tint"])])
def test_each_kind_of_token_name_finds_its_colour(name, value):
    assert tokens.colour(name) == value
    assert tokens.rgb(name) == _hex_rgb(value)


@pytest.mark.parametrize("name", ["near", "drawing.blue", "emergency.near", "soon.strong",
                                  "drawing", "blue.strong"])
def test_a_token_from_the_wrong_group_is_refused_by_name(name):
    with pytest.raises(ValueError, match=rf"^no design token {_named(name)}$"):
        tokens.colour(name)


def test_css_has_one_variable_for_every_palette_and_level_colour():
    css = tokens.css_variables()
    assert css.startswith(":root {\n") and css.endswith("\n}\n")
    lines = css.splitlines()[1:-1]
    assert all(re.fullmatch(r"  --course-[a-z-]+: #[0-9a-fA-F]{6};", line) for line in lines)
    expected = {f"--course-palette-{k}: {v};" for k, v in TOKENS["palette"].items()}
    expected |= {f"--course-{level}-{k}: {v};" for level, colours in TOKENS["levels"].items()
                 for k, v in colours.items()}
    assert {line.strip() for line in lines} == expected
