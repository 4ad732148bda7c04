"""Neck load by head bend: the Hansraj (2014) computer model, plus a plain-words habit message.

This is a simple model of the force on the neck, not a measured risk of injury. Two studies of
real people (150 young adults; 582 adults) found no clear link between "text neck" posture and
neck pain (Damasceno 2018, Correia 2021).

HANSRAJ_TABLE holds the published points. The paper gives a range of 10-12 lb (4.5-5.4 kg) for an
upright head (0 degrees); we use the upper value, 12 lb / 5.4 kg, so the curve never understates the
upright load and the jump to 15 degrees is not exaggerated. Between points the load is linearly
interpolated, so the published values are reproduced exactly at 0, 15, 30, 45 and 60 degrees.

The message rules are data (bands) so the browser front end applies exactly the same rules.
"""
from __future__ import annotations

import math
from typing import NamedTuple

from ._validate import number_in_range


class TablePoint(NamedTuple):
    angle: int  # degrees of forward bend
    lb: float
    kg: float


HANSRAJ_TABLE: tuple[TablePoint, ...] = (
    TablePoint(0, 12, 5.4),
    TablePoint(15, 27, 12.2),
    TablePoint(30, 40, 18.1),
    TablePoint(45, 49, 22.2),
    TablePoint(60, 60, 27.2),
)
ANGLE_RANGE = (0, 60)
HOURS_RANGE = (0, 12)  # hours a day spent bent without a break
HOURS_STEP = 0.5
DEFAULT_ANGLE = 30
DEFAULT_HOURS = 2.0

# (upper bound inclusive, sentence); the first band whose bound is >= the value applies.
ANGLE_BANDS = (
    (5, "Your head is close to upright."),
    (25, "Your head bends forward a little."),
    (45, "Your head bends forward a fair way."),
    (60, "Your head bends forward a lot."),
)
UPRIGHT_MAX = ANGLE_BANDS[0][0]
UPRIGHT_HOURS_TEXT = "Changing position now and then is still a good habit."
HOURS_BANDS = (
    (0.5, "You hold it only for short spells. That is part of normal life."),
    (2, "Look up and move your neck now and then."),
    (12, "That is a long time. Try raising your screen toward eye level, "
         "and change position often."),
)
RATIO_TEXT = "In the model, your neck carries {ratio} times the load of an upright head."
CAVEAT = ("This is a simple computer model of the load on your neck. It is not a measured risk "
          "of injury. Studies of real people found no clear link between looking down "
          "at a phone and neck pain.")
SOURCES = "Hansraj 2014 (model); Damasceno 2018 and Correia 2021 (studies of posture and pain)."


def _interpolate(angle, column: str) -> float:
    a = number_in_range(angle, "angle", *ANGLE_RANGE)
    for lo, hi in zip(HANSRAJ_TABLE, HANSRAJ_TABLE[1:]):
        if a <= hi.angle:  # a is in range, so at the latest the last segment holds it
            break
    frac = (a - lo.angle) / (hi.angle - lo.angle)
    y0, y1 = getattr(lo, column), getattr(hi, column)
    return y0 + (y1 - y0) * frac


def neck_load_kg(angle) -> float:
    """Modelled load on the neck in kg for a forward bend of `angle` degrees (0-60)."""
    return _interpolate(angle, "kg")


def neck_load_lb(angle) -> float:
    """Modelled load on the neck in lb for a forward bend of `angle` degrees (0-60)."""
    return _interpolate(angle, "lb")


def round_half_up(x: float, digits: int) -> float:
    """Rounding the browser can copy exactly (Math.floor(x * 10**d + 0.5) / 10**d); Python's
    round() rounds halves to even, which would make the two displays differ."""
    scale = 10 ** digits
    return math.floor(x * scale + 0.5) / scale


def load_text(angle) -> str:
    """The displayed load, e.g. '18.1 kg (40 lb)'."""
    kg = round_half_up(neck_load_kg(angle), 1)
    lb = round_half_up(neck_load_lb(angle), 0)
    return f"{kg:.1f} kg ({lb:.0f} lb)"


def _band(value: float, bands) -> str:
    return next(text for bound, text in bands if value <= bound)


def _angle_message(a) -> tuple[str, bool]:
    """The message's part that depends on the bend, and whether the time advice follows it
    (not for a head close to upright)."""
    if a <= UPRIGHT_MAX:
        return f"{_band(a, ANGLE_BANDS)} {UPRIGHT_HOURS_TEXT}", False
    ratio = round_half_up(neck_load_kg(a) / HANSRAJ_TABLE[0].kg, 1)
    return f"{_band(a, ANGLE_BANDS)} {RATIO_TEXT.format(ratio=f'{ratio:.1f}')}", True


def habit_message(angle, hours) -> str:
    """A short plain-words message about this habit: bend, load ratio, then the time advice."""
    a = number_in_range(angle, "angle", *ANGLE_RANGE)
    h = number_in_range(hours, "hours", *HOURS_RANGE)
    text, with_hours = _angle_message(a)
    return f"{text} {_band(h, HOURS_BANDS)}" if with_hours else text


def _slider_values(low: float, high: float, step: float) -> list[float]:
    count = round((high - low) / step)
    return [round(low + i * step, 6) for i in range(count + 1)]


def front_end_model() -> dict:
    """The model for the browser: the table and bands (what the model is), and for every value
    the sliders can take, what to show, worked out here - the browser only looks it up, so the
    model is written once (for each whole degree: the load, the bar's share of the largest load,
    the bend's message and whether the hours' advice follows; for each hours step, that advice)."""
    top = HANSRAJ_TABLE[-1].kg
    by_angle = []
    for a in range(ANGLE_RANGE[0], ANGLE_RANGE[1] + 1):
        text, with_hours = _angle_message(a)
        by_angle.append({"load": load_text(a), "kg": f"{round_half_up(neck_load_kg(a), 1):.1f} kg",
                         "share": neck_load_kg(a) / top, "message": text,
                         "with_hours": with_hours})
    hours_text = {f"{h:g}": _band(h, HOURS_BANDS)
                  for h in _slider_values(*HOURS_RANGE, HOURS_STEP)}
    return {
        "by_angle": by_angle,
        "hours_text": hours_text,
        "table": [p._asdict() for p in HANSRAJ_TABLE],
        "angle_range": list(ANGLE_RANGE),
        "hours_range": list(HOURS_RANGE),
        "hours_step": HOURS_STEP,
        "angle_bands": [list(b) for b in ANGLE_BANDS],
        "hours_bands": [list(b) for b in HOURS_BANDS],
        "upright_max": UPRIGHT_MAX,
        "caveat": CAVEAT,
        "sources": SOURCES,
    }
