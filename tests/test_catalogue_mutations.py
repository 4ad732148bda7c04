"""Deliberate faults in in-memory copies of the clinical data, each of which must turn a check of
the suite red: a level swapped between two signs, a sign dropped from a printed sheet, the posture
model's "close to upright" band widened. Each test applies the fault and calls the same check
function the real test calls on the real data. (Demoting each emergency sign is proved in
test_clinical_expectations.py.)"""
from __future__ import annotations

import dataclasses

from test_clinical_expectations import CAT, new_mismatches
from test_clinical_numbers import posture_problems
from test_handouts import HANDOUTS, misplaced_signs, panel_text, region_signs
from widgets import causes, posture
from handouts.build import course_facts, render

WARNING_SHEET = "warning-signs"


def test_swapping_the_levels_of_two_signs_fails_the_check():
    """An emergency and a see-a-doctor sign trade levels: both are named, nothing else is."""
    emergency = CAT.signs("emergency")[0]
    calm = CAT.signs("see-a-doctor")[0]
    swapped = tuple(
        dataclasses.replace(s, level=calm.level, short="") if s.id == emergency.id else
        dataclasses.replace(s, level=emergency.level, short="x") if s.id == calm.id else s
        for s in CAT.warning_signs)
    assert {p.split(":")[0] for p in new_mismatches(swapped)} == {emergency.id, calm.id}


def test_a_sheet_missing_a_sign_fails_the_handout_check(tmp_path, monkeypatch):
    """Render the warning-signs sheet from a catalogue without one emergency sign (handouts.build
    reads the catalogue through widgets.causes), then check it against the real catalogue with
    test_handouts.py's own helpers: the dropped sign, and only it, is reported."""
    real = causes.load_catalogue()
    dropped = real.signs("emergency")[0]
    without = dataclasses.replace(
        real, warning_signs=tuple(s for s in real.warning_signs if s.id != dropped.id))
    monkeypatch.setattr(causes, "load_catalogue", lambda edition_id="uk": without)
    pdf = tmp_path / f"{WARNING_SHEET}-a4.pdf"
    pdf.write_bytes(render(HANDOUTS[WARNING_SHEET], course_facts(), "a4"))
    monkeypatch.undo()
    signs = region_signs(HANDOUTS[WARNING_SHEET]["signs"].get("region"))
    assert dropped in signs
    assert misplaced_signs(signs, panel_text(pdf, "a4")) == [(dropped.level, dropped.label)]


def test_widening_the_upright_band_fails_the_posture_check():
    """The issue's own fault: "close to upright" stretched from 5 to 40 degrees."""
    model = posture.front_end_model()
    assert posture_problems(model) == []
    bands = [list(b) for b in model["angle_bands"]]
    bands[0][0] = 40
    widened = {**model, "angle_bands": bands, "upright_max": 40}
    found = posture_problems(widened)
    assert any("more than 1.5 times the upright load" in p for p in found), found
    assert any(p.startswith("upright_max 40") for p in found), found


def test_a_changed_published_point_fails_the_posture_check():
    model = posture.front_end_model()
    table = [dict(p, kg=20.0) if p["angle"] == 30 else p for p in model["table"]]
    assert any("is not Hansraj 2014's" in p for p in posture_problems({**model, "table": table}))
