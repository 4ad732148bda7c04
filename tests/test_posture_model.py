"""The posture model: published Hansraj (2014) values, interpolation, messages and bad input."""
import math
import re

import pytest

from widgets import posture
from widgets.evidence import EVIDENCE_SCALE, level
from widgets.posture import (
    HANSRAJ_TABLE, HOURS_RANGE, habit_message, load_text, neck_load_kg, neck_load_lb,
    round_half_up,
)

PUBLISHED = [(0, 12, 5.4), (15, 27, 12.2), (30, 40, 18.1), (45, 49, 22.2), (60, 60, 27.2)]


@pytest.mark.parametrize("angle, lb, kg", PUBLISHED)
def test_published_points_are_exact(angle, lb, kg):
    assert neck_load_lb(angle) == pytest.approx(lb, abs=1e-12)
    assert neck_load_kg(angle) == pytest.approx(kg, abs=1e-12)


def test_table_matches_the_paper():
    assert [tuple(p) for p in HANSRAJ_TABLE] == PUBLISHED


@pytest.mark.parametrize("angle, lb", [(7.5, 19.5), (22.5, 33.5), (37.5, 44.5), (52.5, 54.5)])
def test_linear_interpolation_between_points(angle, lb):
    assert neck_load_lb(angle) == pytest.approx(lb)


def test_load_rises_with_angle():
    loads = [neck_load_kg(a) for a in range(61)]
    assert all(b > a for a, b in zip(loads, loads[1:]))


def test_load_text_and_rounding():
    assert load_text(30) == "18.1 kg (40 lb)"
    assert load_text(0) == "5.4 kg (12 lb)"
    assert round_half_up(0.25, 1) == 0.3 and round_half_up(2.5, 0) == 3  # not banker's rounding


def test_messages_change_with_angle_and_hours():
    upright = habit_message(0, 10)
    assert "upright" in upright and "times" not in upright
    short, long_ = habit_message(45, 0), habit_message(45, 8)
    assert short != long_ and "4.1 times" in long_ and "eye level" in long_
    assert habit_message(60, 1) != habit_message(20, 1)


@pytest.mark.parametrize("bad", [-0.1, 60.5, float("nan"), float("inf"), "30", None, True, [30]])
def test_bad_angle_is_rejected_by_name(bad):
    for fn in (neck_load_kg, neck_load_lb, load_text):
        with pytest.raises(ValueError, match="angle"):
            fn(bad)
    with pytest.raises(ValueError, match=re.escape(repr(bad))):
        habit_message(bad, 1)


@pytest.mark.parametrize("bad", [-1, HOURS_RANGE[1] + 0.5, math.nan, "2", None, False])
def test_bad_hours_are_rejected_by_name(bad):
    with pytest.raises(ValueError, match="hours"):
        habit_message(30, bad)


def test_evidence_scale_is_the_common_one():
    assert [(lvl.id, lvl.label) for lvl in EVIDENCE_SCALE] == [
        ("good", "Good evidence"), ("some", "Some evidence"), ("little", "Little evidence"),
        ("not-recommended", "Not recommended")]
    assert level("some").label == "Some evidence"
    with pytest.raises(ValueError, match="'strong'"):
        level("strong")



# ----- Gaps found by mutation testing (make mutate) --------------------------------------------

@pytest.mark.parametrize("angle, hours", [(0, 0), (5, 12), (6, 0), (30, 1), (45, 8), (60, 12)])
def test_message_is_whole_sentences_band_first(angle, hours):
    """Plain sentences joined by single spaces; the bend's own sentence comes first, and a bent
    head always gets both the load ratio and the time advice."""
    message = habit_message(angle, hours)
    sentence = r"[A-Z](?:[^.]|\d\.\d)*\."  # a decimal point does not end a sentence
    assert re.fullmatch(rf"{sentence}( {sentence})+", message), message
    assert message.startswith("Your head ")
    if angle > 5:
        ratio = f"{neck_load_kg(angle) / 5.4:.1f}"
        assert f"carries {ratio} times" in message and len(message.split(". ")) >= 3


@pytest.mark.parametrize("fn, args, name", [(neck_load_kg, (61,), "angle"),
                                            (habit_message, (61, 1), "angle"),
                                            (habit_message, (30, 13), "hours")])
def test_the_error_names_the_input_first(fn, args, name):
    with pytest.raises(ValueError, match=rf"^{name} must be between 0 and \d+, got \d+$"):
        fn(*args)


def test_a_non_number_error_names_its_type():
    with pytest.raises(ValueError, match=r"^angle must be a number, got '3' \(str\)$"):
        neck_load_kg("3")


def test_the_browser_lookup_starts_at_the_angle_ranges_first_degree(monkeypatch):
    """by_angle holds one entry a whole degree from ANGLE_RANGE's start, not from 0 (the same
    while the published range starts at 0; here a range starting at 10 degrees)."""
    monkeypatch.setattr(posture, "ANGLE_RANGE", (10, 60))
    by_angle = posture.front_end_model()["by_angle"]
    assert [entry["load"] for entry in by_angle] == [posture.load_text(a) for a in range(10, 61)]
