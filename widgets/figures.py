"""Figures drawn from the models, in a colour-blind-safe palette that also survives grey print
(markers, line styles and direct labels carry the meaning, not colour alone)."""
from __future__ import annotations

import numpy as np

from .posture import ANGLE_RANGE, HANSRAJ_TABLE, neck_load_kg

# Okabe & Ito (2008) colour-blind-safe palette.
PALETTE = {
    "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7",
}


def plot_neck_load(ax=None, angle=None):
    """Draw the modelled neck load (kg, lb on a second axis) against head bend, with markers at
    the published Hansraj (2014) points and, if given, the reader's angle. Returns the axes."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
    angles = np.linspace(*ANGLE_RANGE, 121)
    ax.plot(angles, [neck_load_kg(a) for a in angles], color=PALETTE["blue"], lw=2,
            label="Model, straight lines between published points")
    ax.plot([p.angle for p in HANSRAJ_TABLE], [p.kg for p in HANSRAJ_TABLE], "s",
            color=PALETTE["vermillion"], ms=7, label="Published model values (Hansraj 2014)")
    for p in HANSRAJ_TABLE:
        ax.annotate(f"{p.kg:g} kg\n({p.lb:g} lb)", (p.angle, p.kg), textcoords="offset points",
                    xytext=(0, 8), ha="center", fontsize=8)
    if angle is not None:
        kg = neck_load_kg(angle)
        ax.plot([angle], [kg], "o", mfc="white", mec=PALETTE["black"], mew=2, ms=10,
                label=f"Your setting: {angle:g}\N{DEGREE SIGN}")
        ax.axvline(angle, color=PALETTE["black"], ls=":", lw=1)
    ax.set(xlim=(-3, 63), ylim=(0, 33), xticks=[p.angle for p in HANSRAJ_TABLE],
           xlabel="Head bent forward (degrees)", ylabel="Modelled load on the neck (kg)",
           title="Neck load in a simple computer model (not a measured risk)")
    ax.title.set_fontsize(10)
    lb_axis = ax.secondary_yaxis("right", functions=(lambda kg: kg * 2.20462,
                                                     lambda lb: lb / 2.20462))
    lb_axis.set_ylabel("Modelled load (lb)")
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    ax.grid(alpha=0.3)
    return ax
