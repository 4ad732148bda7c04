"""Input checks shared by the models: every bad value raises ValueError that names it."""
from __future__ import annotations

import math
from numbers import Real


def number_in_range(value, name: str, low: float, high: float) -> float:
    """Return value as float if it is a real number in [low, high]; bools, NaN, infinities,
    strings and out-of-range numbers raise ValueError naming the value."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"{name} must be a number, got {value!r} ({type(value).__name__})")
    number = float(value)
    if math.isnan(number) or not low <= number <= high:
        raise ValueError(f"{name} must be between {low:g} and {high:g}, got {value!r}")
    return number
