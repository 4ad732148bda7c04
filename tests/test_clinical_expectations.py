"""The catalogue against the independent clinical expectations in
tests/data/clinical_expectations.yaml (written from the guidelines, never from the catalogue):
every warning sign at its cited level, region and group, the guideline verdicts and evidence
labels issue 19 corrected, and proof that demoting any emergency sign turns this check red."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
import yaml

from widgets import causes
from widgets.causes import LEVEL_IDS, SHORT_MAX_WORDS, SIGN_GROUPS, load_catalogue
from widgets.exercises import load_catalogue as load_exercises

REPO = Path(__file__).resolve().parents[1]
EXPECTED = yaml.safe_load((REPO / "tests/data/clinical_expectations.yaml").read_text("utf-8"))
SIGNS = EXPECTED["warning_signs"]
BIB_KEYS = set(re.findall(r"^@\w+\{([^,\s]+),", (REPO / "book/references.bib").read_text(),
                          re.M))
# Read from the expectation file, not the catalogue, so a sign demoted in the catalogue is still
# tested as an emergency sign.
EMERGENCY_IDS = sorted(sid for sid, exp in SIGNS.items() if exp["level"] == "emergency")
CAT = load_catalogue()


def sign_mismatches(warning_signs, expected=SIGNS) -> list[str]:
    """Every way the catalogue's signs differ from the expectations: a sign missing on either
    side, or a level, region or group that is not the cited one. Empty when they agree."""
    found = {s.id: s for s in warning_signs}
    problems = [f"{sid}: in the catalogue but has no cited expectation"
                for sid in found.keys() - expected.keys()]
    problems += [f"{sid}: expected by its source but missing from the catalogue"
                 for sid in expected.keys() - found.keys()]
    for sid in sorted(found.keys() & expected.keys()):
        sign, exp = found[sid], expected[sid]
        want = {"level": exp["level"], "region": exp["region"], "group": exp["group"] or ""}
        have = {"level": sign.level, "region": sign.region, "group": sign.group}
        problems += [f"{sid}: {key} is {have[key]!r}, {exp['source']} ({exp['section']}) "
                     f"sets {want[key]!r}" for key in want if have[key] != want[key]]
    return sorted(problems)


def new_mismatches(mutated) -> set[str]:
    """What a mutation adds to the check's findings, so each mutation test proves only its own
    point even while the catalogue itself is out of line (that is the test above's job)."""
    return set(sign_mismatches(mutated)) - set(sign_mismatches(CAT.warning_signs))


def test_the_expectation_file_is_complete_and_cited():
    assert len(SIGNS) >= 40 and len(EMERGENCY_IDS) >= 12
    assert tuple(EXPECTED["groups"]) == SIGN_GROUPS
    entries = [*SIGNS.values(), *EXPECTED["verdicts"].values(),
               *EXPECTED["evidence"]["actions"].values(),
               *EXPECTED["evidence"]["exercises"].values()]
    for exp in entries:
        assert exp["source"] in BIB_KEYS, exp
        assert len(exp["section"]) > 10, exp
    for sid, exp in SIGNS.items():
        assert exp["level"] in LEVEL_IDS, sid
        assert exp["region"] in causes.REGIONS, sid
        assert exp["group"] in (None, *SIGN_GROUPS), sid


def test_every_catalogue_sign_matches_its_cited_expectation():
    assert sign_mismatches(CAT.warning_signs) == []


@pytest.mark.parametrize("group", SIGN_GROUPS)
def test_every_special_group_has_signs(group):
    assert any(exp["group"] == group for exp in SIGNS.values())


@pytest.mark.parametrize("sign_id", EMERGENCY_IDS)
@pytest.mark.parametrize("demoted_to", ["urgent", "see-a-doctor"])
def test_demoting_an_emergency_sign_fails_the_check(sign_id, demoted_to):
    """A mutation of an in-memory copy: the one sign moved down a level must be caught, and
    named, by the same check the catalogue passes above."""
    mutated = tuple(dataclasses.replace(s, level=demoted_to, short="") if s.id == sign_id else s
                    for s in CAT.warning_signs)
    assert sum(s.id == sign_id for s in mutated) == 1, f"{sign_id} is not in the catalogue"
    problems = new_mismatches(mutated)
    assert problems and all(p.startswith(f"{sign_id}: level is {demoted_to!r}") for p in problems)


def test_dropping_or_moving_a_sign_fails_the_check():
    dropped = tuple(s for s in CAT.warning_signs if s.id != "saddle-numbness")
    assert new_mismatches(dropped) == {
        "saddle-numbness: expected by its source but missing from the catalogue"}
    moved = tuple(dataclasses.replace(s, region="neck") if s.id == "tummy-pain" else s
                  for s in CAT.warning_signs)
    assert {p.split(":")[0] for p in new_mismatches(moved)} == {"tummy-pain"}
    pregnancy = {sid for sid, exp in SIGNS.items() if exp["group"] == "pregnancy"}
    ungrouped = tuple(dataclasses.replace(s, group="") if s.id in pregnancy else s
                      for s in CAT.warning_signs)
    assert {p.split(":")[0] for p in new_mismatches(ungrouped)} == pregnancy


@pytest.mark.parametrize("action_id", sorted(EXPECTED["verdicts"]))
def test_guideline_verdicts_are_the_cited_ones(action_id):
    exp = EXPECTED["verdicts"][action_id]
    action = CAT.action(action_id)
    for guideline in ("nice", "acp"):
        if guideline in exp:
            assert action.guidelines[guideline] == exp[guideline], (guideline, exp["section"])


def test_evidence_labels_are_the_cited_ones():
    for action_id, exp in EXPECTED["evidence"]["actions"].items():
        assert CAT.action(action_id).evidence == exp["evidence"], action_id
    exercises = {ex.id: ex for ex in load_exercises().exercises}
    for ex_id, exp in EXPECTED["evidence"]["exercises"].items():
        assert exercises[ex_id].evidence == exp["evidence"], ex_id


def test_the_text_issue_19_asked_for():
    label = {s.id: s.label for s in CAT.warning_signs}
    # NHS AAA page: a burst aneurysm gives sudden, severe pain in the tummy OR lower back, with
    # dizziness, clammy skin or fainting (nhs2024aaa)
    assert "tummy or lower back" in label["tummy-pain"] and "as well as" not in label["tummy-pain"]
    assert "faint" in label["tummy-pain"]
    for sid in ("pregnancy-labour", "pregnancy-bleeding", "pregnancy-kidney",
                "pregnancy-pre-eclampsia"):
        assert label[sid].endswith("call your maternity unit or midwife now"), sid
    assert "37 weeks" in label["pregnancy-labour"]
    opioids = CAT.action("opioids").advice
    assert "any opioid, including codeine" in opioids
    assert "more than 12 weeks, not in new pain" in CAT.action("relaxation").advice


# ----- the loader's checks on the two new fields --------------------------------------------

def _check_with(sign_id, **changes):
    signs = tuple(dataclasses.replace(s, **changes) if s.id == sign_id else s
                  for s in CAT.warning_signs)
    causes._check(dataclasses.replace(CAT, warning_signs=signs))


def test_every_emergency_sign_has_a_short_form_and_no_other_sign_does():
    for s in CAT.warning_signs:
        if s.level == "emergency":
            assert 0 < len(s.short.split()) <= SHORT_MAX_WORDS, s.id
        else:
            assert s.short == "", s.id


@pytest.mark.parametrize("changes, named", [
    ({"group": "teenagers"}, "'teenagers'"),
    ({"short": ""}, "both-legs"),
    ({"short": "one two three four five six seven"}, "'one two three four five six seven'"),
    ({"level": "urgent"}, "'both legs weak, numb or tingling'"),
])
def test_bad_group_or_short_form_is_rejected_by_name(changes, named):
    with pytest.raises(ValueError, match=re.escape(named)):
        _check_with("both-legs", **changes)
