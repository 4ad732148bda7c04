"""The cause catalogue (widgets/data/causes.json) and the checklist rules."""
import json
import re
from pathlib import Path

import pytest

from widgets.causes import (
    DATA_FILE, SETTINGS, assess, cause_table_markdown, load_catalogue, treatment_table_markdown,
)
from widgets.evidence import EVIDENCE_SCALE

REPO = Path(__file__).resolve().parents[1]
BIB_KEYS = set(re.findall(r"^@\w+\{([^,\s]+),", (REPO / "book/references.bib").read_text(),
                          re.M))
CAT = load_catalogue()
EMERGENCY = next(s.id for s in CAT.warning_signs if s.level == "emergency")
URGENT = next(s.id for s in CAT.warning_signs if s.level == "urgent")


def test_every_cite_key_is_in_the_bibliography():
    items = (*CAT.causes, *CAT.actions, *CAT.warning_signs)
    missing = {(i.id, k) for i in items for k in i.cite if k not in BIB_KEYS}
    assert not missing
    assert all(i.cite for i in items), "every entry needs at least one source"


def test_references_and_evidence_ids_are_valid():
    ids = {lvl.id for lvl in EVIDENCE_SCALE}
    action_ids = {a.id for a in CAT.actions}
    cause_ids = {c.id for c in CAT.causes}
    assert all(c.evidence in ids and set(c.actions) <= action_ids for c in CAT.causes)
    assert all(a.evidence in ids and a.setting in SETTINGS for a in CAT.actions)
    assert all(set(s.causes) <= cause_ids for s in CAT.warning_signs)
    # every action is reachable from the checklist or at least shown in a treatment table
    assert {a.setting for a in CAT.actions} == set(SETTINGS)


def test_the_seeds_causes_and_treatments_are_all_there():
    text = json.dumps(CAT.raw).lower()
    for word in ["posture", "overuse", "dehydration", "electrolyte", "stress", "sleep",
                 "inactivity", "injury", "arthritis", "fibromyalgia", "disc", "nerve", "statin",
                 "diuretic", "stenosis", "scoliosis", "osteoporosis", "circulation", "lupus",
                 "dystonia", "multiple sclerosis", "parkinson", "meningitis", "tumour",
                 "referred", "warm", "heat", "cold", "massage", "stretch", "tens", "ibuprofen",
                 "paracetamol", "muscle relaxants", "surgery", "antidepressants", "breathing",
                 "dry needling", "ergonomics", "magnesium", "bed rest", "yoga"]:
        assert word in text, word


def test_grades_agree_with_the_evidence_sheet():
    expected = {"heat": "good", "cold": "little", "massage": "some", "manipulation": "some",
                "stay-active": "good", "nsaids": "some", "paracetamol": "not-recommended",
                "muscle-relaxants": "little", "tens": "not-recommended",
                "passive-devices": "not-recommended", "magnesium": "not-recommended",
                "drink-to-thirst": "little", "stretch-cramp": "some"}
    assert {k: CAT.action(k).evidence for k in expected} == expected


def test_warning_signs_have_both_levels_and_no_doses():
    assert {s.level for s in CAT.warning_signs} == {"emergency", "urgent"}
    assert not re.search(r"\d+\s*(mg|g|ml|tablets? a day)\b", DATA_FILE.read_text())


def test_no_warning_sign_no_alert():
    result = assess(["stress", "poor-posture"])
    assert result.alert is None and result.alert_message is None
    assert [c.id for c in result.factors] == ["poor-posture", "stress"]
    assert {"relaxation", "move-often"} <= {a.id for a in result.actions}


def test_actions_are_ranked_and_not_recommended_split_off():
    result = assess(["electrolytes", "poor-diet"])
    ranks = [[lvl.id for lvl in EVIDENCE_SCALE].index(a.evidence) for a in result.actions]
    assert ranks == sorted(ranks)
    assert [a.id for a in result.avoid] == ["magnesium"]


def test_urgent_and_emergency_are_distinct():
    assert assess([URGENT]).alert == "urgent"
    assert assess([EMERGENCY]).alert == "emergency"
    both = assess([URGENT, EMERGENCY, "stress"])
    assert both.alert == "emergency" and "emergency" in both.alert_message.lower()
    assert assess([URGENT]).alert_message != both.alert_message


def test_a_warning_sign_names_its_serious_cause():
    result = assess(["meningitis-signs"])
    assert [c.id for c in result.factors] == ["infection"]


def test_empty_and_order_independent():
    assert assess([]).factors == () and assess([]).alert is None
    assert assess(["stress", "fever"]) == assess(("fever", "stress"))


@pytest.mark.parametrize("bad", ["stress", None, 3, {"stress": 1}, ["no-such-cause"], [3],
                                 ["infection"]])
def test_bad_selections_are_rejected_by_name(bad):
    with pytest.raises(ValueError, match=re.escape(repr(bad[0] if isinstance(bad, list) else bad))):
        assess(bad)


def test_tables_render_labels_and_citations():
    back, neck = cause_table_markdown("back"), cause_table_markdown("neck")
    assert "(scoliosis)" in back and "(scoliosis)" not in neck
    assert "Awkward sleep position" in neck and "Awkward sleep position" not in back
    assert cause_table_markdown("both").count("\n") > back.count("\n")
    for setting in SETTINGS:
        table = treatment_table_markdown(setting)
        rows = table.splitlines()[2:]
        assert len(rows) == sum(a.setting == setting for a in CAT.actions)
        assert all(re.search(r"\*\*(Good|Some|Little) evidence\*\*|\*\*Not recommended\*\*", r)
                   and "{cite:p}`" in r for r in rows)
    assert "{ref}`warning signs <urgent-signs>`" in back


@pytest.mark.parametrize("fn, bad", [(cause_table_markdown, "legs"),
                                     (treatment_table_markdown, "surgery"),
                                     (cause_table_markdown, None)])
def test_tables_reject_unknown_filters(fn, bad):
    with pytest.raises(ValueError, match=re.escape(repr(bad))):
        fn(bad)
