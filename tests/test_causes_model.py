"""The cause catalogue (widgets/data/causes.json), its label scales and the checklist rules."""
import json
import re
from pathlib import Path

import pytest

from widgets.causes import (
    DATA_FILE, LEVEL_IDS, SERIOUS_GROUP, SETTINGS, SIGN_GROUP_TITLES, SIGN_GROUPS, SIGN_LEVELS,
    assess, cause_table, front_end_catalogue, group_signs, load_catalogue, sign_level,
    signs_by_region, treatment_table,
)
from widgets.evidence import CAUSE_SCALE, EVIDENCE_SCALE, GUIDELINE_VERDICTS, GUIDELINES

REPO = Path(__file__).resolve().parents[1]
BIB_KEYS = set(re.findall(r"^@\w+\{([^,\s]+),", (REPO / "book/references.bib").read_text(),
                          re.M))
CAT = load_catalogue()
SIGNS = {lvl: [s.id for s in CAT.signs(lvl)] for lvl in LEVEL_IDS}


def test_every_cite_key_is_in_the_bibliography():
    items = (*CAT.causes, *CAT.actions, *CAT.warning_signs)
    missing = {(i.id, k) for i in items for k in i.cite if k not in BIB_KEYS}
    assert not missing
    assert all(i.cite for i in items), "every entry needs at least one source"


def test_causes_and_treatments_use_their_own_scales():
    cause_ids, evidence_ids = {lvl.id for lvl in CAUSE_SCALE}, {lvl.id for lvl in EVIDENCE_SCALE}
    assert not cause_ids & evidence_ids
    assert not {lvl.label for lvl in CAUSE_SCALE} & {lvl.label for lvl in EVIDENCE_SCALE}
    assert {c.evidence for c in CAT.causes} == cause_ids  # every cause level is used
    treatments = [a for a in CAT.actions if a.kind == "treatment"]
    assert {a.evidence for a in treatments} == evidence_ids
    assert {a.setting for a in CAT.actions} == set(SETTINGS)


def test_referrals_have_no_grade_and_treatments_hold_both_guideline_verdicts():
    referrals = {a.id for a in CAT.actions if a.kind == "referral"}
    assert {"doctor-review", "medicine-review", "surgery"} <= referrals
    assert all(CAT.action(a).evidence is None and not CAT.action(a).guidelines for a in referrals)
    verdicts = {v.id for v in GUIDELINE_VERDICTS}
    for a in CAT.actions:
        if a.kind == "treatment":
            assert set(a.guidelines) == {g for g, _ in GUIDELINES}
            assert set(a.guidelines.values()) <= verdicts
    # where NICE and ACP disagree, both verdicts are held as data (issue 10)
    disagree = {a.id for a in CAT.actions if a.guidelines and
                len(set(a.guidelines.values())) > 1 and "none" not in a.guidelines.values()}
    assert {"dry-needling", "antidepressants"} <= disagree
    # ACP 2017 recommendation 1 (strong) names muscle relaxants; NICE NG59 makes none (issue 19)
    assert CAT.action("muscle-relaxants").guidelines == {"nice": "none", "acp": "recommended"}


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
                "muscle-relaxants": "some", "tens": "not-recommended",
                "passive-devices": "not-recommended", "magnesium": "not-recommended",
                "drink-to-thirst": "little", "stretch-cramp": "little",
                "exercise-persistent": "good", "exercise-new-pain": "little"}
    assert {k: CAT.action(k).evidence for k in expected} == expected
    assert "12 weeks" in CAT.action("exercise-persistent").name
    assert "older adults" in CAT.action("magnesium").advice
    assert "neck is not well tested" in CAT.action("heat").advice


def test_medicine_cautions_and_no_doses():
    for a in ("muscle-relaxants", "opioids"):
        caution = CAT.action(a).caution
        assert "drowsy" in caution and "do not drive" in caution and "dependence" in caution
    assert "codeine" in CAT.action("opioids").name
    nsaids = CAT.action("nsaids")
    assert "short time" in nsaids.advice and "pregnant" in nsaids.caution
    assert "midwife" in nsaids.caution
    assert not re.search(r"\d+\s*(mg|g|ml|tablets? a day)\b", DATA_FILE.read_text())


def test_three_levels_defined_once_and_every_level_used():
    assert LEVEL_IDS == ("emergency", "urgent", "see-a-doctor")
    assert [lvl.title for lvl in SIGN_LEVELS] == [
        "Emergency: call 999 or go to A&E", "Urgent: see a doctor today or tomorrow",
        "See a doctor within a few weeks"]
    assert all(SIGNS[lvl] for lvl in LEVEL_IDS)
    assert {s.region for s in CAT.warning_signs} == {"back", "neck", "both"}


def test_no_other_urgency_words_in_the_catalogue():
    words = json.dumps(CAT.raw).lower()
    assert not re.search(r"\bsoon\b|same day|\btoday\b(?! or tomorrow)", words)


@pytest.mark.parametrize("sign, level", [
    ("heart-attack", "emergency"), ("meningitis-signs", "emergency"),
    ("sudden-headache", "emergency"), ("artery-tear", "emergency"),
    ("breathing-swallowing", "emergency"), ("tummy-pain", "emergency"),
    ("both-legs", "emergency"), ("bladder-bowel", "emergency"),
    ("one-side-weakness", "urgent"), ("minor-fall", "urgent"), ("infection-risk", "urgent"),
    ("statin-weakness", "urgent"), ("pulsing-tummy", "urgent"), ("clumsy-hands", "urgent"),
    ("age-onset", "see-a-doctor"), ("neck-surgery", "see-a-doctor"),
    ("rheumatoid-neck", "see-a-doctor"),
])
def test_issue_10_signs_at_their_levels(sign, level):
    assert sign in SIGNS[level]


def test_sign_wording_from_the_clinical_review():
    label = {s.id: s.label for s in CAT.warning_signs}
    assert "both legs" in label["both-legs"] and label["both-legs"].startswith("Pain")
    assert "stiff neck and a high temperature" in label["meningitis-signs"]
    assert "headache" not in label["meningitis-signs"]  # a tension headache is not meningitis
    assert "sweating" in label["heart-attack"] and "Chest pain or tightness" in label["heart-attack"]
    bladder = next(s for s in CAT.warning_signs if s.id == "bladder-bowel")
    assert bladder.region == "both" and "cord-compression" in bladder.causes


def test_no_warning_sign_no_alert():
    result = assess(["stress", "poor-posture"])
    assert result.alert is None and result.alert_message is None
    assert result.follow_up == CAT.messages["follow_up"]
    assert [c.id for c in result.factors] == ["poor-posture", "stress"]
    assert {"relaxation", "move-often"} <= {a.id for a in result.actions}


def test_actions_are_ranked_referrals_last_and_not_recommended_split_off():
    result = assess(["electrolytes", "poor-diet", "statins"])
    order = [lvl.id for lvl in EVIDENCE_SCALE] + [None]
    ranks = [order.index(a.evidence) for a in result.actions]
    assert ranks == sorted(ranks) and result.actions[-1].kind == "referral"
    assert [a.id for a in result.avoid] == ["magnesium"]


@pytest.mark.parametrize("level", ["emergency", "urgent"])
def test_an_emergency_or_urgent_plan_never_says_wait_a_few_weeks(level):
    for sign in SIGNS[level]:
        result = assess([sign, "stress", "poor-posture"])
        assert result.alert == level and result.follow_up is None
        assert "few weeks" not in result.alert_message


def test_see_a_doctor_signs_give_the_calm_level_and_keep_the_follow_up():
    result = assess([SIGNS["see-a-doctor"][0]])
    assert result.alert == "see-a-doctor" and result.follow_up


def test_the_most_serious_level_wins():
    mixed = assess([SIGNS["see-a-doctor"][0], SIGNS["urgent"][0], SIGNS["emergency"][0]])
    assert mixed.alert == "emergency" and "999" in mixed.alert_message
    assert assess([SIGNS["urgent"][0], SIGNS["see-a-doctor"][0]]).alert == "urgent"


# One sign of each level, with the level its source gives (not the catalogue's), from the
# evidence sheet (/work/shared/reference/evidence.md, section 3): the NHS back pain page
# (nhs2024backpain) says to call 999 for numbness around the genitals or bottom and to get a
# same-day or next-day doctor for a high temperature; Mayo Clinic (mayo2023backpain) says to see
# a doctor for pain that does not improve after a few weeks of self-care.
ONE_SIGN_PER_LEVEL = {"saddle-numbness": "emergency", "fever": "urgent",
                      "not-easing": "see-a-doctor"}


def test_each_ticked_sign_is_under_its_own_level_most_serious_first():
    """Issue 19: a see-a-doctor sign was filed under "Emergency: call 999"."""
    result = assess(["not-easing", "stress", "fever", "saddle-numbness"])
    assert [(g.level, [s.id for s in g.signs]) for g in result.sign_groups] == [
        ("emergency", ["saddle-numbness"]), ("urgent", ["fever"]),
        ("see-a-doctor", ["not-easing"])]
    assert [g.level for g in result.sign_groups] == [ONE_SIGN_PER_LEVEL[s.id] for g in
                                                       result.sign_groups for s in g.signs]
    for group in result.sign_groups:
        assert (group.title, group.message) == (sign_level(group.level).title,
                                                sign_level(group.level).message)
    assert result.alert == "emergency" and result.follow_up is None


def test_every_ticked_sign_appears_once_in_its_own_group():
    ticked = [s.id for s in CAT.warning_signs]
    groups = assess(ticked).sign_groups
    assert [g.level for g in groups] == list(LEVEL_IDS)
    placed = [(s.id, g.level) for g in groups for s in g.signs]
    assert sorted(placed) == sorted((s.id, s.level) for s in CAT.warning_signs)


def test_the_browser_gets_a_lookup_table_not_the_rules():
    """Issue 18: Python works out what each tick brings; the JavaScript holds no level, ranking
    or follow-up rule (it never names a level, an evidence grade or sorts)."""
    data = front_end_catalogue()
    assert set(data["ticks"]) == set(CAT.checklist_ids)
    assert [g["level"] for g in data["groups"] if g["level"]] == list(LEVEL_IDS)
    order = [lvl.id for lvl in EVIDENCE_SCALE] + [None]
    ranks = [order.index(CAT.action(a["id"]).evidence) for a in data["actions"]]
    assert ranks == sorted(ranks)
    js = (REPO / "widgets/static/cause_checklist.js").read_text(encoding="utf-8")
    ids = [*LEVEL_IDS, *(lvl.id for lvl in EVIDENCE_SCALE)]
    quoted = [f"{q}{i}{q}" for i in ids for q in "\"'`"]  # an id as a JavaScript string
    words = [*quoted, *(lvl.label for lvl in EVIDENCE_SCALE), *(lvl.title for lvl in SIGN_LEVELS),
             ".sort(", "evidence_scale", "cat.sign_levels"]
    assert [w for w in words if w in js] == []


def test_fever_never_lists_meningitis_as_merely_urgent():
    fever = assess(["fever"])
    assert fever.alert == "urgent"
    assert not [c for c in fever.factors if "meningitis" in (c.id + c.name).lower()]
    for c in CAT.causes:
        if "meningitis" in (c.id + c.name).lower():
            levels = {s.level for s in CAT.warning_signs if c.id in s.causes}
            assert levels == {"emergency"}, c.id
    both = assess(["fever", "meningitis-signs"])
    assert both.alert == "emergency" and "meningitis" in [c.id for c in both.factors]


def test_empty_and_order_independent():
    assert assess([]).factors == () and assess([]).alert is None
    assert assess(["stress", "fever"]) == assess(("fever", "stress"))


@pytest.mark.parametrize("bad", ["stress", None, 3, {"stress": 1}, ["no-such-cause"], [3],
                                 ["meningitis"]])
def test_bad_selections_are_rejected_by_name(bad):
    with pytest.raises(ValueError, match=re.escape(repr(bad[0] if isinstance(bad, list) else bad))):
        assess(bad)


def test_cause_tables_hold_their_regions_causes_in_catalogue_order():
    names = {region: [row.cause.name for row in cause_table(region)]
             for region in ("back", "neck", "both")}
    assert any("(scoliosis)" in n for n in names["back"])
    assert not any("(scoliosis)" in n for n in names["neck"])
    assert "Awkward sleep position" in names["neck"]
    assert "Awkward sleep position" not in names["back"]
    assert names["both"] == [c.name for c in CAT.causes]
    for region in ("back", "neck"):
        assert names[region] == [c.name for c in CAT.causes if c.region in (region, "both")]


def test_cause_rows_list_help_and_harm_apart_and_serious_causes_point_to_a_sign_list():
    for row in cause_table("both"):
        if row.cause.group == SERIOUS_GROUP:
            # the most urgent level among the signs that point to this cause
            levels = [s.level for s in CAT.warning_signs if row.cause.id in s.causes]
            expected = min(levels, key=LEVEL_IDS.index) if levels else "urgent"
            assert row.get_help == sign_level(expected) and row.helps == row.avoid == ()
            continue
        assert row.get_help is None
        assert sorted(a.id for a in row.helps + row.avoid) == sorted(row.cause.actions)
        for part in (row.helps, row.avoid):  # each in the cause's own order
            ids = [a.id for a in part]
            assert ids == [a for a in row.cause.actions if a in ids]
        assert all(a.evidence == "not-recommended" for a in row.avoid)
        assert all(a.evidence != "not-recommended" for a in row.helps)
    # magnesium is offered for no cause: it is only ever listed as not advised
    assert not [r.cause.id for r in cause_table("both") if "magnesium" in {a.id for a in r.helps}]
    assert [r for r in cause_table("both") if "magnesium" in {a.id for a in r.avoid}]


def test_treatment_tables_rank_strongest_first_and_referrals_last():
    ranks = {lvl.id: i for i, lvl in enumerate(EVIDENCE_SCALE)}
    for setting in SETTINGS:
        actions = treatment_table(setting)
        assert sorted(a.id for a in actions) == sorted(a.id for a in CAT.actions
                                                       if a.setting == setting)
        keys = [ranks[a.evidence] if a.evidence else len(ranks) for a in actions]
        assert keys == sorted(keys), setting
        referrals = [a for a in actions if a.kind == "referral"]
        assert list(actions[len(actions) - len(referrals):]) == referrals


def test_sign_groups_hold_every_sign_of_their_level_once():
    for lvl in SIGN_LEVELS:
        groups = signs_by_region(lvl.id)
        listed = [s.id for _, signs in groups for s in signs]
        assert sorted(listed) == sorted(s.id for s in CAT.signs(lvl.id))
        assert all(signs for _, signs in groups)  # no empty heading
        titles = [title for title, _ in groups]
        # everyone's signs first, then each special group's under its own name
        group_titles = [t for t in titles if t in SIGN_GROUP_TITLES.values()]
        assert titles[len(titles) - len(group_titles):] == group_titles
        for title, signs in groups:
            if title in group_titles:
                assert {s.group for s in signs} == {
                    g for g, t in SIGN_GROUP_TITLES.items() if t == title}
            else:
                assert not any(s.group for s in signs) and len({s.region for s in signs}) == 1


def test_group_signs_are_only_that_groups():
    for group in SIGN_GROUPS:
        assert group_signs(group) == tuple(s for s in CAT.warning_signs if s.group == group)
    assert group_signs("pregnancy") and group_signs("children")


@pytest.mark.parametrize("fn, bad", [(cause_table, "legs"), (treatment_table, "surgery"),
                                     (cause_table, None), (signs_by_region, "soon"),
                                     (group_signs, "babies")])
def test_unknown_filters_are_rejected_by_name(fn, bad):
    with pytest.raises(ValueError, match=re.escape(repr(bad))):
        fn(bad)


# ----- Gaps found by mutation testing (make mutate) --------------------------------------------

def test_level_names_are_the_three_course_words():
    """The short names a panel or plan shows: the course's three levels, in its own words."""
    from widgets.causes import sign_levels

    for edition_id in ("uk", "us"):
        assert [lvl.name for lvl in sign_levels(edition_id)] == [
            "Emergency", "Urgent", "See a doctor"]


def test_region_lists_hold_their_own_and_the_shared_signs_only():
    for region, other in (("back", "neck"), ("neck", "back")):
        for lvl in LEVEL_IDS:
            listed = {s.id for s in CAT.signs(lvl, region)}
            assert listed == {s.id for s in CAT.warning_signs
                              if s.level == lvl and s.region in (region, "both")}, (lvl, region)
            assert not [s for s in CAT.signs(lvl, region) if s.region == other]
    assert CAT.signs("emergency", "both") == CAT.signs("emergency")
    with pytest.raises(ValueError, match=r"^region must be one of .*'legs'"):
        CAT.signs("emergency", "legs")


@pytest.mark.parametrize("short, ok", [("Chest pain", True), ("x", True),
                                       ("one two three four five six", True),
                                       ("one two three four five six seven", False), ("", False)])
def test_an_emergency_short_form_has_one_to_six_words(short, ok):
    import dataclasses

    from widgets.causes import _check_short

    sign = dataclasses.replace(CAT.signs("emergency")[0], short=short)
    if ok:
        _check_short(sign)
    else:
        with pytest.raises(ValueError, match=re.escape(repr(short))):
            _check_short(sign)


def test_a_not_recommended_action_is_never_offered_as_help():
    result = assess(["poor-diet"])
    assert [a.id for a in result.avoid] == ["magnesium"]
    assert "magnesium" not in [a.id for a in result.actions] and result.actions


def test_lookups_name_the_unknown_id():
    for lookup, kind in ((CAT.cause, "cause"), (CAT.action, "action"),
                         (CAT.sign, "warning sign")):
        with pytest.raises(ValueError, match=rf"^unknown {kind} id 'nope'$"):
            lookup("nope")
    assert CAT.cause("poor-diet").id == "poor-diet" and CAT.sign("fever").id == "fever"
