"""Figures drawn from the models, in a colour-blind-safe palette that also survives grey print
(markers, line styles and direct labels carry the meaning, not colour alone).

Sized for a phone: a chart is drawn PHONE_FIGSIZE inches wide, and a phone shows it
PHONE_COLUMN_PX wide (390 px screen less the page padding), so text of MIN_FONT_PT points or more
is at least MIN_PHONE_TEXT_PX pixels there. The book's kernels send each chart as SVG (web, sharp
at any zoom) and PDF (print): FIGURE_FORMATS, read by _ext/course_build.py.
"""
from __future__ import annotations

import math

import numpy as np

from .posture import ANGLE_RANGE, HANSRAJ_TABLE, neck_load_kg
from .tokens import rgb, tokens

FIGURE_FORMATS = ("svg", "pdf")
PHONE_COLUMN_PX = 342
MIN_PHONE_TEXT_PX = 12
PHONE_FIGSIZE = (4.2, 3.4)  # inches


def min_font_pt(width_in: float) -> float:
    """Smallest type (pt) that a chart width_in inches wide shows at >= 12 px on a phone."""
    if width_in <= 0:
        raise ValueError(f"figure width must be positive, got {width_in!r}")
    return MIN_PHONE_TEXT_PX * width_in * 72 / PHONE_COLUMN_PX


MIN_FONT_PT = math.ceil(min_font_pt(PHONE_FIGSIZE[0]))

# The course palette (Okabe & Ito's colour-blind-safe colours and the neutrals), from the design
# tokens (data/tokens.json), with Python-style names: "sky_blue".
PALETTE = {name.replace("-", "_"): value for name, value in tokens()["palette"].items()}

# Warning-sign panels on paper (book and handouts), in the levels' token colours: level id -> RGB
# of the frame, the title bar, the title text and the ground. Body text is black.
SIGN_PANEL_COLOURS = {level: tuple(rgb(f"{level}.{key}") for key in ("frame", "strong", "on-strong", "tint"))
                      for level in tokens()["levels"]}


def new_chart(height_in: float = PHONE_FIGSIZE[1]):
    """A figure and axes PHONE_FIGSIZE wide with MIN_FONT_PT type: a chart drawn on it reads on
    a phone. Returns (fig, ax)."""
    import matplotlib.pyplot as plt

    if not 1 <= height_in <= 8:
        raise ValueError(f"chart height must be 1 to 8 inches, got {height_in!r}")
    with plt.rc_context({"font.size": MIN_FONT_PT}):
        fig, ax = plt.subplots(figsize=(PHONE_FIGSIZE[0], height_in), layout="constrained")
    ax.tick_params(labelsize=MIN_FONT_PT)
    return fig, ax


def plot_neck_load(ax=None, angle=None):
    """Draw the modelled neck load (kg, lb on a second axis) against head bend, with markers at
    the published Hansraj (2014) points and, if given, the reader's angle. Returns the axes.
    The chart sets its own figure to PHONE_FIGSIZE, so its words stay readable on a phone."""
    if ax is None:
        _, ax = new_chart()
    ax.figure.set_size_inches(*PHONE_FIGSIZE)
    small, large = MIN_FONT_PT, MIN_FONT_PT + 1
    angles = np.linspace(*ANGLE_RANGE, 121)
    ax.plot(angles, [neck_load_kg(a) for a in angles], color=PALETTE["blue"], lw=2,
            label="Model")
    ax.plot([p.angle for p in HANSRAJ_TABLE], [p.kg for p in HANSRAJ_TABLE], "s",
            color=PALETTE["vermillion"], ms=7, label="Published values")
    for p in HANSRAJ_TABLE:
        ax.annotate(f"{p.kg:g}", (p.angle, p.kg), textcoords="offset points",
                    xytext=(0, 7), ha="center", fontsize=small)
    if angle is not None:
        ax.plot([angle], [neck_load_kg(angle)], "o", mfc="white", mec=PALETTE["black"], mew=2,
                ms=10, label=f"Your setting: {angle:g}\N{DEGREE SIGN}")
        ax.axvline(angle, color=PALETTE["black"], ls=":", lw=1)
    ax.set(xlim=(-4, 64), ylim=(0, 34), xticks=[p.angle for p in HANSRAJ_TABLE])
    ax.set_xlabel("Head bent forward (degrees)", fontsize=small)
    ax.set_ylabel("Load on the neck (kg)", fontsize=small)
    ax.set_title("Neck load in a computer model\n(not a measured risk)", fontsize=large)
    ax.tick_params(labelsize=small)
    lb_axis = ax.secondary_yaxis("right", functions=(lambda kg: kg * 2.20462,
                                                     lambda lb: lb / 2.20462))
    lb_axis.set_ylabel("Load (lb)", fontsize=small)
    lb_axis.tick_params(labelsize=small)
    ax.legend(loc="upper left", fontsize=small, frameon=False)
    ax.grid(alpha=0.3)
    return ax
