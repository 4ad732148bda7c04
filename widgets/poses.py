"""A small human-figure model and the one drawing style for every exercise and position picture.

A Pose is plain data: a view (side, front, back), a base (lying, sitting, standing, hands and
knees) and joint angles in degrees. `draw()` turns a scene (a pose plus props, a movement arrow
and the muscle that should feel the stretch) into shapes; `to_svg()` writes them as accessible
SVG text (role="img", <title>, aria-label) and `to_png()` draws the same shapes with matplotlib,
for the PDF book (LaTeX cannot include SVG) without any system library. One palette, one line
weight and one set of proportions here keep every picture in the course alike; change them here
and every chapter, widget, print form and handout follows.

Side view: the figure faces right. Directions are degrees clockwise from straight up, so 90 is
forward (right) and 180 is down. Angles:
  trunk    pelvis-to-shoulders direction: 0 upright, 90 face-down horizontal, -90 lying on the back
  spine    curve of the back: + hollow (arched), - rounded
  neck     bend of the neck from the trunk line: + chin toward chest
  head     extra nod of the head on the neck: + chin down
  hip      + thigh forward (flexion), 0 in line with the trunk
  knee     + heel toward bottom (flexion)
  shoulder + arm forward and up (flexion), 0 hanging along the trunk, - arm behind
  elbow    + hand toward the shoulder (flexion)
  roll     lying knee roll to one side: shrinks the legs' rise off the floor (0-80)
Near limbs use the names above; far limbs add "_far" and default to the near value.
Front/back view angles: tilt (head side bend, + to the picture's right), turn (head turn,
+ to the picture's right), shrug (shoulders raised), arm_l/arm_r (arm out from the side),
elbow_l/elbow_r.

A pose may also place a hand on a named point ("reach": {"near": "knee"}); the elbow is then
solved with two-segment inverse kinematics so a hand really holds the knee.
"""
from __future__ import annotations

import base64
import html
import io
import math
from dataclasses import dataclass, field

VIEWS = ("side", "front", "back")
BASES = ("lying", "sitting", "standing", "hands_knees")
W, H = 260, 200  # every picture has the same canvas, so figures share one scale
FLOOR = 190

# One look for the whole course (Okabe & Ito colours; see figures.PALETTE).
STYLE = {
    "near": "#0072B2", "far": "#86B9DC", "arm": "#004C7A", "skin_line": "#ffffff", "stretch": "#D55E00",
    "arrow": "#1a1a1a", "floor": "#4d4d4d", "prop": "#bdbdbd", "prop_line": "#5c5c5c",
    "pillow": "#F3E7C4", "bg": "#ffffff",
}
LIMB, TRUNK, NECK = 11, 19, 9  # stroke widths (drawing units)
HEAD_R = 11
SEG = {"trunk": 52, "neck": 8, "upper_arm": 27, "forearm": 25, "thigh": 40, "shin": 38,
       "foot": 12, "shoulder_half": 17, "hip_half": 9}

# Allowed range of every angle (degrees). Anything else is a ValueError naming it.
SIDE_RANGES = {
    "trunk": (-120, 120), "spine": (-30, 30), "neck": (-40, 60), "head": (-40, 40),
    "hip": (-40, 150), "knee": (0, 160), "ankle": (-40, 60), "shoulder": (-80, 200),
    "elbow": (0, 160), "roll": (0, 80),
}
FRONT_RANGES = {"tilt": (-45, 45), "turn": (-80, 80), "shrug": (0, 12), "arm_l": (0, 180),
                "arm_r": (0, 180), "elbow_l": (0, 160), "elbow_r": (0, 160)}
BASE_DEFAULTS = {
    ("side", "standing"): {"trunk": 0},
    ("side", "sitting"): {"trunk": 0, "hip": 90, "knee": 90},
    ("side", "lying"): {"trunk": -90},
    ("side", "hands_knees"): {"trunk": 90, "hip": 90, "knee": 90, "shoulder": 90, "ankle": 50},
    ("front", "standing"): {}, ("front", "sitting"): {},
    ("back", "standing"): {}, ("back", "sitting"): {},
}
SIDE_POINTS = ("knee", "knee_far", "shin", "chest", "thigh", "head_back", "hip_side", "floor_front")
FRONT_POINTS = ("head_l", "head_r", "seat_l", "seat_r", "hip_l", "hip_r")
MUSCLES = {
    "side": ("lower_back", "upper_back", "neck_back", "buttock", "hip_front", "chest", "back"),
    "front": ("neck_left", "neck_right", "shoulder_left", "shoulder_right", "shoulders"),
    "back": ("neck_left", "neck_right", "shoulder_left", "shoulder_right", "shoulders",
             "between_blades"),
}
PROPS = ("mat", "chair", "stool", "pillow_head", "pillow_knees", "pillow_between_knees", "desk",
         "box", "bed")


def _check_choice(value, name, choices):
    if value not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}, got {value!r}")
    return value


def _check_angle(name, value, ranges):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise ValueError(f"angle {name!r} must be a number, got {value!r}")
    lo, hi = ranges[name.removesuffix("_far")]
    if not lo <= value <= hi:
        raise ValueError(f"angle {name!r} must be between {lo} and {hi} degrees, got {value!r}")
    return float(value)


@dataclass(frozen=True)
class Pose:
    """A body position. Missing angles take the base's defaults, then 0."""
    view: str
    base: str
    angles: dict = field(default_factory=dict)
    reach: dict = field(default_factory=dict)  # hand -> named point, e.g. {"near": "knee"}

    def __post_init__(self):
        _check_choice(self.view, "view", VIEWS)
        _check_choice(self.base, "base", BASES)
        if (self.view, self.base) not in BASE_DEFAULTS:
            raise ValueError(f"base {self.base!r} has no {self.view!r} view")
        ranges = SIDE_RANGES if self.view == "side" else FRONT_RANGES
        names = {*ranges, *(f"{k}_far" for k in ranges)} if self.view == "side" else set(ranges)
        for name, value in self.angles.items():
            if name not in names:
                raise ValueError(f"unknown angle {name!r} for the {self.view} view")
            _check_angle(name, value, ranges)
        hands = ("near", "far") if self.view == "side" else ("left", "right")
        points = SIDE_POINTS if self.view == "side" else FRONT_POINTS
        for hand, point in self.reach.items():
            _check_choice(hand, "reach hand", hands)
            _check_choice(point, f"reach point for the {hand} hand", points)

    @classmethod
    def from_dict(cls, data: dict) -> "Pose":
        if not isinstance(data, dict):
            raise ValueError(f"a pose must be a mapping, got {data!r}")
        unknown = set(data) - {"view", "base", "angles", "reach"}
        if unknown:
            raise ValueError(f"unknown pose keys {sorted(unknown)}")
        return cls(data.get("view", "side"), data.get("base"), dict(data.get("angles", {})),
                   dict(data.get("reach", {})))

    def angle(self, name: str) -> float:
        if name in self.angles:
            return float(self.angles[name])
        if name.endswith("_far") and name[:-4] in self.angles:
            return float(self.angles[name[:-4]])
        defaults = BASE_DEFAULTS[(self.view, self.base)]
        return float(defaults.get(name, defaults.get(name.removesuffix("_far"), 0)))


# ---- geometry -------------------------------------------------------------------------------
def _vec(deg: float, length: float = 1.0) -> tuple[float, float]:
    rad = math.radians(deg)
    return (length * math.sin(rad), -length * math.cos(rad))


def _add(p, q, k=1.0):
    return (p[0] + k * q[0], p[1] + k * q[1])


def _lerp(p, q, t):
    return (p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t)


def _solve_elbow(shoulder, target, bend: float):
    """Two-segment arm reaching target; the elbow bends to the side given by bend (+1/-1)."""
    a, b = SEG["upper_arm"], SEG["forearm"]
    dx, dy = target[0] - shoulder[0], target[1] - shoulder[1]
    d = min(math.hypot(dx, dy), a + b - 0.01) or 0.01
    alpha = math.acos(max(-1.0, min(1.0, (a * a + d * d - b * b) / (2 * a * d))))
    base = math.atan2(dy, dx) + bend * alpha
    elbow = (shoulder[0] + a * math.cos(base), shoulder[1] + a * math.sin(base))
    ux, uy = (target[0] - elbow[0]), (target[1] - elbow[1])
    n = math.hypot(ux, uy) or 1
    return elbow, (elbow[0] + b * ux / n, elbow[1] + b * uy / n)


def _bezier(p0, c, p1, n=10):
    return [((1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * c[0] + t * t * p1[0],
             (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * c[1] + t * t * p1[1])
            for t in (i / n for i in range(n + 1))]


def side_joints(pose: Pose) -> dict:
    """Joint points of a side-view pose, pelvis at (0, 0), before it is placed on the floor."""
    a = pose.angle
    trunk = a("trunk")
    face = trunk + 90
    pelvis = (0.0, 0.0)
    top = _add(pelvis, _vec(trunk, SEG["trunk"]))
    bow = _add(_lerp(pelvis, top, 0.5), _vec(face, a("spine") * 0.35))
    neck_dir = trunk + a("neck")
    neck_end = _add(top, _vec(neck_dir, SEG["neck"]))
    head_dir = neck_dir + a("head")
    j = {"pelvis": pelvis, "shoulder": _add(top, _vec(trunk + 180, 4)), "neck": top,
         "spine": _bezier(pelvis, bow, top), "neck_end": neck_end, "face": face,
         "head": _add(neck_end, _vec(head_dir, HEAD_R * 0.9)), "head_dir": head_dir}
    roll = a("roll")
    for side in ("", "_far"):
        thigh_dir = trunk + 180 - a("hip" + side)
        knee = _add(pelvis, _vec(thigh_dir, SEG["thigh"]))
        shin_dir = thigh_dir + a("knee" + side)
        ankle = _add(knee, _vec(shin_dir, SEG["shin"]))
        toe = _add(ankle, _vec(shin_dir - 90 + a("ankle" + side), SEG["foot"]))
        if roll:  # knees rolled toward us: less rise off the floor; the far leg stays higher
            drop = math.cos(math.radians(roll * (0.55 if side else 1)))
            knee, ankle, toe = ((p[0], p[1] * drop) for p in (knee, ankle, toe))
        j["knee" + side], j["ankle" + side], j["toe" + side] = knee, ankle, toe
        arm_dir = trunk + 180 - a("shoulder" + side)
        elbow = _add(j["shoulder"], _vec(arm_dir, SEG["upper_arm"]))
        j["elbow" + side] = elbow
        j["hand" + side] = _add(elbow, _vec(arm_dir - a("elbow" + side), SEG["forearm"]))
    targets = {
        "knee": _add(j["knee"], _vec(trunk + 180 - a("hip") + 90, 6)),
        "knee_far": _add(j["knee_far"], _vec(trunk + 180 - a("hip_far") + 90, 6)),
        "shin": _lerp(j["knee"], j["ankle"], 0.35),
        "thigh": _lerp(j["pelvis"], j["knee"], 0.6),
        "chest": _add(_lerp(pelvis, top, 0.75), _vec(face, 9)),
        "head_back": _add(j["head"], _vec(face + 180, HEAD_R)),
        "hip_side": _add(pelvis, _vec(face + 180, 9)),
        "floor_front": _add(pelvis, _vec(trunk, SEG["trunk"] * 0.7)),
    }
    for hand, point in pose.reach.items():
        side = "" if hand == "near" else "_far"
        target = targets[point]
        if point == "floor_front":
            target = (target[0], max(p[1] for p in (j["knee"], j["knee_far"])) + 2)
        bend = -1 if trunk < 0 else 1
        j["elbow" + side], j["hand" + side] = _solve_elbow(j["shoulder"], target, bend)
    return j


def front_joints(pose: Pose) -> dict:
    """Joint points of a front or back view, pelvis at (0, 0)."""
    a = pose.angle
    top = (0.0, -SEG["trunk"])
    j = {"pelvis": (0.0, 0.0), "neck": top}
    shrug = a("shrug")
    for side, sign in (("l", -1), ("r", 1)):
        shoulder = (sign * SEG["shoulder_half"], top[1] + 6 - shrug)
        arm_dir = 180 + sign * a("arm_" + side)  # 180 = hanging, out to the side with +
        elbow = _add(shoulder, _vec(arm_dir, SEG["upper_arm"]))
        j["shoulder_" + side], j["elbow_" + side] = shoulder, elbow
        j["hand_" + side] = _add(elbow, _vec(arm_dir - sign * a("elbow_" + side), SEG["forearm"]))
        hip = (sign * SEG["hip_half"], 0.0)
        j["hip_" + side] = hip
        if pose.base == "sitting":  # thighs come toward the viewer: short, knees apart
            j["knee_" + side] = (sign * 13, 10.0)
            j["ankle_" + side] = (sign * 14, 10.0 + SEG["shin"])
        else:
            j["knee_" + side] = (sign * 10, SEG["thigh"])
            j["ankle_" + side] = (sign * 11, SEG["thigh"] + SEG["shin"])
        j["toe_" + side] = _add(j["ankle_" + side], (sign * 7, 2))
    tilt = a("tilt")
    j["neck_end"] = _add(top, _vec(tilt, SEG["neck"] + 2))
    j["head"] = _add(j["neck_end"], _vec(tilt, HEAD_R * 0.9))
    j["tilt"], j["turn"] = tilt, a("turn")
    targets = {"head_l": _add(j["head"], _vec(tilt - 90, HEAD_R * 0.8)),
               "head_r": _add(j["head"], _vec(tilt + 90, HEAD_R * 0.8)),
               "seat_l": (-22.0, 6.0), "seat_r": (22.0, 6.0),
               "hip_l": (-15.0, -4.0), "hip_r": (15.0, -4.0)}
    for hand, point in pose.reach.items():
        side = hand[0]
        target = targets[point]
        bend = (1 if side == "l" else -1) * (-1 if "head" in point else 1)
        j["elbow_" + side], j["hand_" + side] = _solve_elbow(j["shoulder_" + side], target, bend)
    return j


# ---- shapes ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Shape:
    """One drawing primitive: 'line' (polyline, round caps), 'poly' (filled polygon) or 'disk'."""
    kind: str
    points: tuple
    width: float = 0
    colour: str = "#000000"
    fill: str = "none"
    opacity: float = 1.0
    radius: float = 0


def _line(pts, width, colour, opacity=1.0):
    return Shape("line", tuple(pts), width=width, colour=colour, opacity=opacity)


def _poly(pts, fill, colour="none", width=0):
    return Shape("poly", tuple(pts), width=width, colour=colour, fill=fill)


def _disk(c, r, fill, colour="none", width=0):
    return Shape("disk", (c,), width=width, colour=colour, fill=fill, radius=r)


def _offset_line(pts, direction_deg, dist):
    d = _vec(direction_deg, dist)
    return [_add(p, d) for p in pts]


def _arrow(spec: dict, joints: dict) -> list[Shape]:
    """Movement arrow: {"at": point, "arc": [from_deg, to_deg], "r": radius} or
    {"at": point, "move": [dx, dy], "offset": [x, y]}."""
    at = spec.get("at")
    if at not in joints or not isinstance(joints[at], tuple) or len(joints[at]) != 2:
        raise ValueError(f"arrow point {at!r} is not a joint of this pose")
    centre = _add(joints[at], tuple(spec.get("offset", (0, 0))))
    if "arc" in spec:
        start, end = spec["arc"]
        r = spec.get("r", 20)
        n = max(6, int(abs(end - start) / 8))
        pts = [_add(centre, _vec(start + (end - start) * i / n, r)) for i in range(n + 1)]
    elif "move" in spec:
        pts = [centre, _add(centre, tuple(spec["move"]))]
    else:
        raise ValueError(f"arrow needs 'arc' or 'move', got {sorted(spec)}")
    tip, before = pts[-1], pts[-2]
    ang = math.atan2(tip[1] - before[1], tip[0] - before[0])
    size = 7
    head = [(tip[0] + size * math.cos(ang), tip[1] + size * math.sin(ang)),
            (tip[0] + size * math.cos(ang + 2.4), tip[1] + size * math.sin(ang + 2.4)),
            (tip[0] + size * math.cos(ang - 2.4), tip[1] + size * math.sin(ang - 2.4))]
    return [_line(pts, 5, STYLE["bg"]), _line(pts, 2.6, STYLE["arrow"]),
            _poly(head, STYLE["arrow"], STYLE["bg"], 1)]


def _stretch_side(muscle: str, j: dict) -> list:
    back, face = j["face"] + 180, j["face"]
    spine = j["spine"]
    half = TRUNK / 2 - 2
    if muscle == "lower_back":
        return _offset_line(spine[1:6], back, half)
    if muscle == "upper_back":
        return _offset_line(spine[5:10], back, half)
    if muscle == "back":
        return _offset_line(spine[1:10], back, half)
    if muscle == "chest":
        return _offset_line(spine[6:10], face, half)
    if muscle == "neck_back":
        return _offset_line([j["neck"], j["neck_end"]], j["head_dir"] - 90, NECK / 2 + 2)
    thigh = [_lerp(j["pelvis"], j["knee"], t) for t in (0.05, 0.35)]
    if muscle == "buttock":
        return _offset_line([j["pelvis"], *thigh], back, 8)
    return _offset_line(thigh, face, 6)  # hip_front


def _stretch_front(muscle: str, j: dict) -> list:
    """Left and right are the picture's, in front and back views alike."""
    if muscle.startswith("neck_"):
        sign = -1 if muscle == "neck_left" else 1
        return _offset_line([j["neck"], j["neck_end"]], j["tilt"] + 90 * sign, NECK / 2 + 1)
    if muscle == "between_blades":
        return [_add(j["neck"], (0, 12)), _add(j["neck"], (0, 28))]
    if muscle == "shoulders":
        return [j["shoulder_l"], _add(j["neck"], (0, 2)), j["shoulder_r"]]
    s = "l" if muscle == "shoulder_left" else "r"
    return [_add(j["neck"], (0, 3)), _lerp(j["neck"], j["shoulder_" + s], 0.9)]


def _arm(points) -> list[Shape]:
    """A near arm: darker than the trunk with a thin light edge, so it reads across the body."""
    return [_line(points, LIMB - 0.5, STYLE["bg"]), _line(points, LIMB - 3, STYLE["arm"])]


def _body_side(j: dict) -> list[Shape]:
    near, far = STYLE["near"], STYLE["far"]
    shapes = []
    for side, colour in (("_far", far), ("", near)):
        leg = [j["pelvis"], j["knee" + side], j["ankle" + side], j["toe" + side]]
        arm = [j["shoulder"], j["elbow" + side], j["hand" + side]]
        if side == "_far":
            shapes += [_line(arm, LIMB, colour), _line(leg, LIMB, colour)]
        else:
            shapes += [_line(j["spine"], TRUNK, near), _line(leg, LIMB, colour)]
    shapes.append(_line([j["neck"], j["neck_end"]], NECK, near))
    head = j["head"]
    nose_dir = j["head_dir"] + 90
    nose = [_add(head, _vec(nose_dir - 22, HEAD_R - 1)), _add(head, _vec(nose_dir, HEAD_R + 3.5)),
            _add(head, _vec(nose_dir + 28, HEAD_R - 1))]
    shapes += [_poly(nose, near), _disk(head, HEAD_R, near),
               *_arm([j["shoulder"], j["elbow"], j["hand"]])]
    return shapes


def _body_front(j: dict, view: str) -> list[Shape]:
    near = STYLE["near"]
    shapes = []
    for s in ("l", "r"):
        shapes.append(_line([j["hip_" + s], j["knee_" + s], j["ankle_" + s], j["toe_" + s]],
                            LIMB, near))
    trunk = [j["shoulder_l"], j["shoulder_r"], j["hip_r"], j["hip_l"]]
    shapes += [_poly(trunk, near, near, 8), _line([j["neck"], j["neck_end"]], NECK, near)]
    for s in ("l", "r"):
        arm = [j["shoulder_" + s], j["elbow_" + s], j["hand_" + s]]
        shapes += _arm(arm)
    turn = j["turn"]
    if view == "front" and abs(turn) > 25:  # a turned head shows its nose in profile
        side = 1 if turn > 0 else -1
        shapes.append(_poly([_add(j["head"], (side * (HEAD_R - 2), -4)),
                             _add(j["head"], (side * (HEAD_R + 4), 2)),
                             _add(j["head"], (side * (HEAD_R - 2), 4))], near))
    shapes.append(_disk(j["head"], HEAD_R, near))
    if view == "front":  # a nose shows where the face points
        dx = math.sin(math.radians(j["turn"])) * HEAD_R * 0.8
        c = _add(j["head"], (dx, 1))
        tilt = _vec(j["tilt"] + 180, 1)
        shapes.append(_line([_add(c, tilt, -3), _add(c, tilt, 3)], 3, STYLE["bg"]))
        for ex in (-4.5, 4.5):
            eye = _add(j["head"], (dx + ex * math.cos(math.radians(j["turn"])), -3))
            if abs(ex * math.cos(math.radians(j["turn"])) + dx) < HEAD_R - 2:
                shapes.append(_disk(eye, 1.6, STYLE["bg"]))
    return shapes


def _bounds(shapes) -> tuple[float, float, float, float]:
    xs, ys = [], []
    for s in shapes:
        pad = s.radius or s.width / 2
        for x, y in s.points:
            xs += [x - pad, x + pad]
            ys += [y - pad, y + pad]
    return min(xs), min(ys), max(xs), max(ys)


def _shift(shapes, dx, dy):
    return [Shape(s.kind, tuple((x + dx, y + dy) for x, y in s.points), s.width, s.colour,
                  s.fill, s.opacity, s.radius) for s in shapes]


def _props(names, j: dict, view: str, floor: float) -> tuple[list[Shape], list[Shape]]:
    """(behind the body, in front of the body) shapes for the named props, in placed coordinates."""
    back, front = [], []
    grey, line = STYLE["prop"], STYLE["prop_line"]
    for name in names:
        _check_choice(name, "prop", PROPS)
        if name == "mat":
            back.append(_poly([(20, floor - 4), (240, floor - 4), (240, floor), (20, floor)],
                              "#d9d9d9", line, 1))
        elif name == "bed":  # seen from above, headboard on the left
            back += [_poly([(14, 60), (250, 60), (250, 196), (14, 196)], "#eef3f7", line, 1.5),
                     _poly([(6, 56), (16, 56), (16, 200), (6, 200)], "#8c6d46")]
        elif name in ("chair", "stool"):
            px, py = j["pelvis"]
            seat = py + TRUNK / 2 - 1
            away = -1 if view == "side" else 0  # backrest behind a side-view figure
            x0, x1 = (px - 18, px + 22) if view == "side" else (px - 30, px + 30)
            back.append(_poly([(x0, seat), (x1, seat), (x1, seat + 5), (x0, seat + 5)], grey, line, 1))
            for x in ((x0 + 3, x1 - 3) if view == "side" else (x0 + 4, x1 - 4)):
                back.append(_line([(x, seat + 5), (x, floor)], 3, line))
            if name == "chair" and away:
                back.append(_line([(x0 + 2, seat), (x0 - 4, seat - 58)], 5, line))
        elif name == "pillow_head" and "bed" in names:  # seen from above: around the head
            hx, hy = j["head"]
            back.append(_poly([(hx - 16, hy - 22), (hx + 14, hy - 22), (hx + 14, hy + 22),
                               (hx - 16, hy + 22)], STYLE["pillow"], line, 1))
        elif name == "pillow_head":
            hx, hy = j["head"]
            back.append(_poly(_ellipse((hx, hy + HEAD_R + 3), 20, 5), STYLE["pillow"], line, 1))
        elif name == "pillow_knees":
            kx, ky = _lerp(j["knee"], j["pelvis"], 0.25)
            back.append(_poly(_ellipse((kx, (ky + floor) / 2 + 2), 16, (floor - ky) / 2 + 1),
                              STYLE["pillow"], line, 1))
        elif name == "pillow_between_knees":
            kx, ky = _lerp(j["knee"], j["knee_far"], 0.5)
            front.append(_poly(_ellipse((kx - 6, ky), 15, 6, rotate=20), STYLE["pillow"], line, 1))
        elif name == "desk":
            top = 128
            back += [_poly([(150, top), (252, top), (252, top + 6), (150, top + 6)], grey, line, 1),
                     _line([(246, top + 6), (246, floor)], 4, line),
                     _poly([(206, 58), (214, 58), (214, 100), (206, 100)], "#4d4d4d"),  # screen
                     _line([(210, 100), (210, top)], 4, line),
                     _poly([(196, top - 3), (224, top - 3), (224, top), (196, top)], line)]
        elif name == "box":
            hx, hy = _lerp(j["hand"], j["hand_far"], 0.5)
            front.append(_poly([(hx - 4, hy - 14), (hx + 26, hy - 14), (hx + 26, hy + 12),
                                (hx - 4, hy + 12)], "#E0B574", "#7a5a2a", 1.5))
    return back, front


def _ellipse(c, rx, ry, rotate=0.0, n=24):
    rot = math.radians(rotate)
    pts = []
    for i in range(n):
        t = 2 * math.pi * i / n
        x, y = rx * math.cos(t), ry * math.sin(t)
        pts.append((c[0] + x * math.cos(rot) - y * math.sin(rot),
                    c[1] + x * math.sin(rot) + y * math.cos(rot)))
    return pts


@dataclass(frozen=True)
class Picture:
    """Shapes ready to write, and the alt text that says what the body is doing."""
    shapes: tuple
    alt: str
    width: float = W
    height: float = H
    top: float = 0  # the view starts this far down and across the canvas (see crop)
    left: float = 0


MIN_CROP_WIDTH = 120


def crop(*pictures: Picture, margin: float = 8) -> list[Picture]:
    """The pictures cut to the part of the canvas their drawings use, the same part for all (so
    a start and an end picture keep one scale and one size): no figure is lost in white space.
    The floor line runs on under the cut, so it does not count."""
    boxes = [_bounds([s for s in p.shapes[1:] if s.kind != "line" or len(s.points) != 2
                      or s.points[0][1] != s.points[1][1] or s.width > 3]) for p in pictures]
    top = max(0, min(b[1] for b in boxes) - margin)
    bottom = min(H, max(max(b[3] for b in boxes) + margin, FLOOR + 4))
    left = max(0, min(b[0] for b in boxes) - margin)
    right = min(W, max(b[2] for b in boxes) + margin)
    if right - left < MIN_CROP_WIDTH:  # room for the arrows beside a narrow figure
        mid = (left + right) / 2
        left, right = mid - MIN_CROP_WIDTH / 2, mid + MIN_CROP_WIDTH / 2
    return [Picture(p.shapes, p.alt, right - left, bottom - top, top, left) for p in pictures]


SPEC_KEYS = {"pose", "alt", "props", "arrow", "stretch", "place"}


def picture(spec: dict) -> Picture:
    """draw() from a catalogue entry: {"pose": {...}, "alt": "...", "props": [...], "arrow": {...},
    "stretch": "...", "place": [x, y]}."""
    if not isinstance(spec, dict) or not {"pose", "alt"} <= set(spec) <= SPEC_KEYS:
        raise ValueError(f"a picture needs 'pose' and 'alt' and only {sorted(SPEC_KEYS)}, "
                         f"got {spec!r}")
    place = tuple(spec["place"]) if "place" in spec else None
    return draw(Pose.from_dict(spec["pose"]), spec["alt"], tuple(spec.get("props", ())),
                spec.get("arrow"), spec.get("stretch"), place)


def draw(pose: Pose, alt: str, props=(), arrow: dict | None = None,
         stretch: str | None = None, place: tuple | None = None) -> Picture:
    """Draw a pose on the shared canvas: the body on the floor (or seat), centred unless `place`
    gives where to put the pelvis; props behind, then the body, the stretch, then the arrow."""
    if not isinstance(alt, str) or len(alt.split()) < 4:
        raise ValueError(f"alt text must say what the body is doing, got {alt!r}")
    if stretch is not None:
        _check_choice(stretch, "stretch", MUSCLES[pose.view])
    j = side_joints(pose) if pose.view == "side" else front_joints(pose)
    body = _body_side(j) if pose.view == "side" else _body_front(j, pose.view)
    x0, _, x1, y1 = _bounds(body)
    dx, dy = W / 2 - (x0 + x1) / 2, FLOOR - ("mat" in props) * 4 - y1
    if place is not None:
        dx, dy = place[0], dy if place[1] is None else place[1]
    body = _shift(body, dx, dy)
    placed = {k: (v[0] + dx, v[1] + dy) if isinstance(v, tuple) else v for k, v in j.items()}
    if "spine" in j:
        placed["spine"] = [(x + dx, y + dy) for x, y in j["spine"]]
    behind, in_front = _props(props, placed, pose.view, FLOOR)
    shapes = [_poly([(0, 0), (W, 0), (W, H), (0, H)], STYLE["bg"]), *behind]
    if "bed" not in props:  # a bed is seen from above: no floor line
        shapes.append(_line([(4, FLOOR), (W - 4, FLOOR)], 2.5, STYLE["floor"]))
    shapes += body + in_front
    if stretch:
        pts = (_stretch_side(stretch, placed) if pose.view == "side"
               else _stretch_front(stretch, placed))
        shapes += [_line(pts, 9, STYLE["bg"]), _line(pts, 6, STYLE["stretch"])]
    if arrow:
        shapes += _arrow(arrow, placed)
    return Picture(tuple(shapes), " ".join(alt.split()))


# ---- writers --------------------------------------------------------------------------------
def _visible(pic: Picture) -> list[Shape]:
    """The picture's shapes without its background, the floor line cut to its crop: its body
    and props lie inside the crop already (see crop)."""
    out = []
    for s in pic.shapes[1:]:
        if s.kind == "line" and s.colour == STYLE["floor"] and len(s.points) == 2:
            (_, y), _ = s.points
            s = _line([(pic.left + 2, y), (pic.left + pic.width - 2, y)], s.width, s.colour)
        out.append(s)
    return out


def side_by_side(first: Picture, second: Picture, alt: str) -> Picture:
    """Two pictures in one (start and end, or two steps), with an arrow between them."""
    gap = 36
    x, y = first.left + first.width + gap / 2, first.top + first.height / 2
    arrow = [_line([(x - 12, y), (x + 6, y)], 4, STYLE["arrow"]),
             _poly([(x + 13, y), (x + 3, y - 8), (x + 3, y + 8)], STYLE["arrow"])]
    width = first.width + gap + second.width
    right = first.left + width
    shift = first.left + first.width + gap - second.left
    shapes = (_poly([(first.left, 0), (right, 0), (right, H), (first.left, H)], STYLE["bg"]),
              *_visible(first), *arrow, *_shift(_visible(second), shift, 0))
    return Picture(shapes, " ".join(alt.split()), width, first.height, first.top, first.left)


def _fmt(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _pts(points) -> str:
    return " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in points)


def to_svg(pic: Picture, style: str = "") -> str:
    """The picture as one accessible inline SVG element (no ids, so many fit on one page)."""
    alt = html.escape(pic.alt, quote=True)
    style = f' style="{style}"' if style else ""
    out = [f'<svg xmlns="http://www.w3.org/2000/svg"{style} '
           f'viewBox="{_fmt(pic.left)} {_fmt(pic.top)} {_fmt(pic.width)} {_fmt(pic.height)}" '
           f'role="img" aria-label="{alt}" class="cw-pose"><title>{alt}</title>']
    for s in pic.shapes:
        op = f' opacity="{s.opacity:g}"' if s.opacity != 1 else ""
        if s.kind == "line":
            out.append(f'<polyline points="{_pts(s.points)}" fill="none" stroke="{s.colour}" '
                       f'stroke-width="{_fmt(s.width)}" stroke-linecap="round" '
                       f'stroke-linejoin="round"{op}/>')
        elif s.kind == "poly":
            stroke = (f' stroke="{s.colour}" stroke-width="{_fmt(s.width)}" stroke-linejoin="round"'
                      if s.colour != "none" else "")
            out.append(f'<polygon points="{_pts(s.points)}" fill="{s.fill}"{stroke}{op}/>')
        else:
            (cx, cy), = s.points
            out.append(f'<circle cx="{_fmt(cx)}" cy="{_fmt(cy)}" r="{_fmt(s.radius)}" '
                       f'fill="{s.fill}"/>')
    out.append("</svg>")
    return "".join(out)


def to_png(pic: Picture, width_in: float = 2.6, dpi: int = 300) -> bytes:
    """The same shapes drawn by matplotlib (Agg), for LaTeX and fpdf2; sharp in print at 300 dpi."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Circle, Polygon

    fig = Figure(figsize=(width_in, width_in * pic.height / pic.width))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(pic.left, pic.left + pic.width)
    ax.set_ylim(pic.top + pic.height, pic.top)
    ax.set_axis_off()
    pt = width_in * 72 / pic.width  # points per drawing unit
    for z, s in enumerate(pic.shapes):
        if s.kind == "line":
            xs, ys = zip(*s.points)
            ax.plot(xs, ys, color=s.colour, lw=s.width * pt, solid_capstyle="round",
                    solid_joinstyle="round", alpha=s.opacity, zorder=z)
        elif s.kind == "poly":
            ax.add_patch(Polygon(s.points, closed=True, facecolor=s.fill,
                                 edgecolor=None if s.colour == "none" else s.colour,
                                 lw=s.width * pt, joinstyle="round", zorder=z))
        else:
            ax.add_patch(Circle(s.points[0], s.radius, facecolor=s.fill, lw=0, zorder=z))
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def png_base64(pic: Picture, **kwargs) -> str:
    return base64.b64encode(to_png(pic, **kwargs)).decode("ascii")
