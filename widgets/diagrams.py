"""Explanatory drawings that the text refers to (saddle area, sciatic nerve, desk set-up), drawn
with matplotlib from simple shapes so they print sharp (PDF) and show on a phone (SVG).

Each function returns a matplotlib Figure and draws only; the chapter gives the caption. The
drawings are diagrams, not anatomy: they show where to look or what to aim for, in the
colour-blind-safe palette of widgets.figures, with words on the drawing at MIN_FONT_PT or more.
"""
from __future__ import annotations

from matplotlib.patches import Ellipse, FancyBboxPatch, Polygon, Rectangle

from .figures import MIN_FONT_PT, PALETTE
from .tokens import colour

SKIN = colour("drawing.skin")
OUTLINE = {"edgecolor": PALETTE["black"], "linewidth": 1.5}
DRAWING_SIZE = (4.2, 4.2)  # inches, the phone-chart width of widgets.figures


def _canvas(size=DRAWING_SIZE):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=size)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig, ax


def _grid(*points):
    """Points drawn on a 40-wide grid with y going down (easier to read off a sketch), turned
    into the axes' y-up coordinates."""
    return [(x, -y) for x, y in points]


# The hips and the tops of both legs from behind, from the lower back (y = -8) to mid-thigh.
_BODY = _grid((13, -8), (27, -8), (27.3, 1), (30.5, 3), (33, 6.5), (34.3, 11), (34.3, 16),
              (33, 24), (31.5, 34), (22, 34), (20.6, 22.5), (20, 21.5), (19.4, 22.5), (18, 34),
              (8.5, 34), (7, 24), (5.7, 16), (5.7, 11), (7, 6.5), (9.5, 3), (12.7, 1))
# Bottom, genitals and inner thighs as one area: the parts that would touch a saddle.
_SADDLE = _grid((20, 9), (24.5, 13.5), (25.5, 20), (22.5, 29), (20.4, 23), (19.6, 23),
                (17.5, 29), (14.5, 20), (15.5, 13.5))


def saddle_area(labelled: bool = True):
    """The saddle area: the bottom, genitals and inner thighs shaded as one area, the parts that
    would touch a saddle when riding a horse (NHS, cauda equina syndrome), seen from behind.
    labelled=False leaves the words off, for a printed sheet whose caption says them in its
    own type (at a sheet's small size the drawing's words would be too small to read)."""
    fig, ax = _canvas((4.2, 4.2) if labelled else (2.0, 2.1))
    ax.add_patch(Polygon(_BODY, closed=True, facecolor=SKIN, **OUTLINE))
    ax.add_patch(Polygon(_SADDLE, closed=True, facecolor=PALETTE["vermillion"], alpha=0.6,
                         hatch="//", edgecolor=PALETTE["vermillion"], linewidth=2))
    line = {"color": PALETTE["black"], "lw": 1.2}
    ax.plot([20, 20], [3, -21], **line)  # the spine, then the cleft between the buttocks
    ax.plot([12.7, 27.3], [-1, -1], color=PALETTE["black"], lw=1, ls=":")  # the waistband
    for side in (-1, 1):  # the creases under the buttocks
        ax.plot([20, 20 + side * 4, 20 + side * 9, 20 + side * 13],
                [-21, -22.5, -22, -19], **line)
    if labelled:
        ax.annotate("Saddle area:\nbottom, inner\nthighs and\ngenitals", xy=(24, -18),
                    xytext=(38, -20), fontsize=MIN_FONT_PT, va="center",
                    arrowprops={"arrowstyle": "->", "lw": 1.5})
        ax.annotate("Lower back", xy=(21, -4), xytext=(38, -4), fontsize=MIN_FONT_PT,
                    va="center", arrowprops={"arrowstyle": "->", "lw": 1.5})
        ax.text(20, -38.5, "Seen from behind", ha="center", fontsize=MIN_FONT_PT)
        ax.set(xlim=(4, 62), ylim=(-41, 9.5))
    else:
        ax.set(xlim=(4.5, 35.5), ylim=(-35, 9))
    return fig


def sciatic_nerve():
    """The sciatic nerve's path: from the lower back, through the bottom, down the back of the
    thigh to the knee, where it splits and runs on to the foot (NHS, sciatica)."""
    fig, ax = _canvas((4.2, 5.2))
    ax.add_patch(Polygon([(-1.6, 8), (1.6, 8), (2.0, 5.4), (-2.0, 5.4)], closed=True,
                         facecolor=SKIN, **OUTLINE))  # lower back and hips
    ax.add_patch(Polygon([(0.1, 5.6), (2.0, 5.6), (1.6, 0.8), (1.5, -3.2), (1.9, -3.6),
                          (0.4, -3.6), (0.6, 0.8)], closed=True, facecolor=SKIN, **OUTLINE))
    ax.add_patch(Polygon([(-0.1, 5.6), (-2.0, 5.6), (-1.6, 0.8), (-1.5, -3.2), (-1.9, -3.6),
                          (-0.4, -3.6), (-0.6, 0.8)], closed=True, facecolor=SKIN, **OUTLINE))
    ax.plot([0, 0], [8, 5.6], color=PALETTE["black"], lw=1)
    nerve = {"color": PALETTE["vermillion"], "lw": 4, "solid_capstyle": "round"}
    ax.plot([0.15, 0.6, 1.1, 1.1, 1.05], [6.8, 5.6, 4.2, 1.2, 0.8], **nerve)
    ax.plot([1.05, 0.8, 0.85, 1.0], [0.8, -1.0, -3.0, -3.4], **nerve)
    ax.plot([1.05, 1.45, 1.5, 1.6], [0.8, -1.0, -3.0, -3.4], **nerve)
    words = {"fontsize": MIN_FONT_PT, "va": "center"}
    arrow = {"arrowstyle": "->", "lw": 1.5}
    ax.annotate("Starts in the\nlower back", xy=(0.3, 6.6), xytext=(2.6, 7.4),
                arrowprops=arrow, **words)
    ax.annotate("Runs through\nthe bottom", xy=(0.9, 4.6), xytext=(2.6, 4.8),
                arrowprops=arrow, **words)
    ax.annotate("Down the back\nof the thigh", xy=(1.1, 2.4), xytext=(2.6, 2.2),
                arrowprops=arrow, **words)
    ax.annotate("On to the\nlower leg\nand foot", xy=(1.5, -1.8), xytext=(2.6, -1.6),
                arrowprops=arrow, **words)
    ax.text(0, -4.3, "Right leg, seen from behind", ha="center", fontsize=MIN_FONT_PT)
    ax.set(xlim=(-2.4, 5.6), ylim=(-4.8, 8.4))
    return fig


def desk_set_up():
    """A desk set-up to aim for (OSHA workstation guide): the top of the screen at or just below
    eye level about an arm's length away, the keyboard close so the upper arm hangs by the side
    with the elbow bent about 90 degrees and the forearm level, feet flat on the floor. Each
    label has a leader line to its part."""
    fig, ax = _canvas((4.2, 4.0))
    line = {"color": PALETTE["black"], "lw": 3, "solid_capstyle": "round"}
    desk = 4.0  # the desk top's height, a little below the elbow
    ax.add_patch(Rectangle((2.2, desk), 4.0, 0.25, facecolor=colour("drawing.desk"), **OUTLINE))
    ax.plot([5.9, 5.9], [0, desk], **line)
    eye = 6.6
    ax.add_patch(Rectangle((5.0, 4.25), 0.5, 0.35, facecolor=colour("drawing.stand"), **OUTLINE))  # stand
    # The screen's top just below the eye line: tests read both back by their gid.
    ax.add_patch(Rectangle((4.95, 4.6), 0.25, 1.9, facecolor=PALETTE["sky_blue"], gid="screen",
                           **OUTLINE))
    ax.add_patch(Rectangle((2.3, 4.25), 1.4, 0.18, facecolor=colour("drawing.prop"),
                           edgecolor=colour("drawing.prop-line"), linewidth=1.2,
                           gid="keyboard"))
    ax.add_patch(FancyBboxPatch((0.2, 2.4), 1.9, 0.3, boxstyle="round,pad=0.05",
                                facecolor=colour("drawing.chair"), edgecolor=PALETTE["black"]))  # seat
    ax.plot([0.4, 0.4], [0, 2.4], **line)
    ax.plot([1.9, 1.9], [0, 2.4], **line)
    ax.plot([0.1, 0.3], [2.7, 5.4], color=colour("drawing.chair"), lw=6)  # chair back
    body = {"color": colour("drawing.near"), "lw": 9, "solid_capstyle": "round"}
    ax.plot([0.9, 1.0], [2.9, 5.6], **body)  # back, upright
    ax.plot([0.9, 2.7, 2.7], [2.9, 2.9, 0.3], **body)  # thigh and lower leg
    ax.plot([2.6, 3.2], [0.2, 0.2], **body)  # foot flat on the floor
    # The arm in its own darker colour, so it shows against the body: shoulder, elbow by the
    # side bent at about 90 degrees, forearm level to the keyboard; tests read it by its gid.
    # A white edge under it (as the pose drawings' skin line) parts it from the trunk.
    shoulder, elbow, hand = (1.15, 5.45), (1.3, 4.5), (2.85, 4.55)
    arm = {"solid_capstyle": "round", "solid_joinstyle": "round"}
    ax.plot(*zip(shoulder, elbow, hand), color=colour("drawing.skin-line"), lw=9, **arm)
    ax.plot(*zip(shoulder, elbow, hand), color=colour("drawing.arm"), lw=6, gid="arm", **arm)
    ax.add_patch(Ellipse((1.15, 6.5), 1.0, 1.2, facecolor=SKIN, **OUTLINE))
    ax.plot([1.55], [eye], "o", color=PALETTE["black"], ms=3)
    ax.plot([1.6, 4.9], [eye, eye], color=PALETTE["vermillion"], ls="--", lw=1.5,
            gid="eye-level")
    words = {"fontsize": MIN_FONT_PT}
    leader = {"arrowstyle": "->", "lw": 1.2, "color": colour("drawing.arrow")}
    ax.text(3.2, eye + 0.25, "Eye level", color=PALETTE["vermillion"], ha="center", **words)
    ax.annotate("Top of screen at\nor just below\neye level", xy=(5.2, 6.45), xytext=(5.7, 5.3),
                arrowprops=leader, va="center", **words)
    ax.annotate("", xy=(1.3, 8.0), xytext=(5.1, 8.0),
                arrowprops={"arrowstyle": "<->", "lw": 1.2})
    ax.text(3.2, 8.3, "About an arm's length", ha="center", **words)
    ax.annotate("Keyboard\nclose", xy=(3.3, 4.45), xytext=(3.3, 5.65), ha="center",
                va="center", arrowprops=leader, **words)
    ax.annotate("Elbows by\nyour sides", xy=(elbow[0] + 0.15, elbow[1] - 0.15),
                xytext=(4.3, 2.5), ha="center", va="center", arrowprops=leader, **words)
    ax.annotate("Feet flat on the floor", xy=(3.2, 0.05), xytext=(4.3, -0.7), ha="center",
                va="center", arrowprops=leader, **words)
    ax.set(xlim=(-0.6, 8.6), ylim=(-1.1, 9.0))
    return fig
