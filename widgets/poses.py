"""A small 3-D human-figure model and the one drawing style for every exercise and position picture.

A Pose is plain data: a view (the camera), a base (lying, side-lying, sitting, standing, hands and
knees) and joint angles. `side_joints()` builds the skeleton in 3-D from the angles, sets it on the
floor (or on its seat) and returns every joint; `sequence()` projects the frames of a movement
for their view and turns them into shapes (painter's order: far parts first); `to_svg()` writes
them as accessible SVG (role="img", <title>, aria-label) and `to_png()` draws the same shapes
with matplotlib for the PDF book and the handouts (LaTeX cannot include SVG). One palette, one
line weight and one set of proportions here keep every picture in the course alike: one figure,
seen from whichever side shows the movement (knee rolls from above the feet end and to one side,
so the knees stand up at the start and lie over on the far side at the end; the shoulder blade
squeeze from behind).

Body frame, before the figure is placed: the pelvis at the origin, y up; with trunk 0 the person
stands facing +x; +z is the person's right. Sagittal directions are degrees clockwise from up, so
90 is forward. Angles (degrees unless said):
  trunk    pelvis-to-shoulders direction: 0 upright, 90 face-down horizontal, -90 lying on the back
  spine    curve of the back: + hollow (dips toward the belly), - rounded (arches up)
  hollow   the low back's own hollow, lying on the back: the underside lifts, a gap under the
           low back (0 flat), while the belly's outline stays nearly level
  neck     neck bend from the trunk line: + chin toward chest;  head: extra nod, + chin down
  chin_back slide of the head straight back (drawing units, - pokes forward)
  turn     head turn, + to the person's right;  tilt: side bend of neck and head, + right ear to
           right shoulder
  hip      + thigh forward (flexion);  knee: + heel toward bottom;  ankle: + toes pointed
  leg_roll the knee swings about the hip-to-ankle line, + toward the person's right (a little
           inward on each side holds the knees together while the feet stay hip-width apart)
  knees_over both knees go over to one side, + to the person's right, the feet staying put and
           the pelvis rolling half as far (knee rolls)
  shoulder + arm forward and up (flexion), - arm behind;  arm_out: arm out to the side
  elbow    + hand toward the shoulder;  shrug: shoulders raised (units, - pressed down);
  blades   0-1: the shoulder blades squeezed together, which takes the shoulders back
Every angle may be given for one side with "_r" or "_l" (right, left). A pose may put a hand on a
named point ("reach": {"r": "shin_r"}) or on the floor at a distance along it from the pose's
anchor joint ({"r": {"floor": 46}}), "out" units away from the body's side if given; the elbow
is then solved by two-segment inverse kinematics, so a hand really holds what it holds.

A pose also lists what touches the floor, mat or seat ("contacts": ["foot_r", "back"]) and the
joint that stays put between frames ("anchor"); tests/test_pictures.py checks both against the
drawn joints. A picture spec adds props, "stretch" (named marks), "arrow"/"arrows" (see
arrow_path), "focus": "upper" (head and shoulders fill the picture) or "torso" (cut at the
hips), and "guide" and "level" (a dotted upright or level line through a joint of the first
frame, to compare the frames against).

The grey-blue far shade has one meaning everywhere: a limb on the far side of the body, in the
body's shadow, as illustrations usually draw the far side (see book/_snippets/picture-key.md). It
is a mid grey-blue, never pale (readers took a pale limb for a faded "where you started" copy,
which no picture shows) and never near-black (read as the near arm's navy, a third colour).
"""
from __future__ import annotations

import base64
import html
import io
import math
from dataclasses import dataclass, field

from .tokens import tokens

# Cameras: (yaw, pitch) in degrees. Yaw 0 looks at the person's right side (facing right in the
# picture); -90 looks at the front (or, for a figure lying on its back, from the feet end); 90
# from behind. Pitch lifts the camera to look down.
VIEWS = {"side": (0, 0), "front": (-90, 0), "back": (90, 0), "side_high": (0, 18),
         "feet_side": (-60, 35)}
ABOVE = 30  # a camera pitched this far or more looks down on the mat: squares on it, crop to body
BASES = ("lying", "side_lying", "sitting", "standing", "hands_knees")

# One look for the whole course: the design tokens' drawing colours (data/tokens.json).
STYLE = {name.replace("-", "_"): value for name, value in tokens()["drawing"].items()}
LIMB, TRUNK, NECK = 11, 19, 9  # stroke widths (drawing units)
HEAD_R = 11
SEG = {"trunk": 52, "neck": 11, "upper_arm": 27, "forearm": 25, "thigh": 40, "shin": 38,
       "foot": 12, "shoulder_half": 17, "hip_half": 9}
MAT = 3  # mat thickness
MAT_SQUARE = 16  # the side of a square on a mat seen from above
SEAT_HOLD = 22  # a hand holding the seat's edge: this far out from the middle of the hips
# a hollow of 60 degrees lifts the low back's underside this many units a degree, its top (belly)
# outline only a little: the gap is under the back, the belly stays level
HOLLOW_UNDER, HOLLOW_TOP = 0.2, 0.015
ARROW_WIDTH = 110  # pictures wider than this (drawing units) get larger arrows

# Allowed range of every angle; a pose outside it is a ValueError naming the angle. The joint
# ranges are everyday ranges of movement (AAOS normal values; the ankle and hip to what kneeling
# and hugging a knee reach passively).
RANGES = {
    "trunk": (-120, 120), "spine": (-40, 40), "hollow": (0, 60), "neck": (-40, 50),
    "head": (-30, 40),
    "chin_back": (-8, 10), "turn": (-75, 75), "tilt": (-40, 40),
    "hip": (-20, 150), "knee": (0, 155), "ankle": (-20, 70), "leg_roll": (-70, 70),
    "knees_over": (-80, 80),
    "shoulder": (-50, 180), "arm_out": (0, 170), "elbow": (0, 150), "shrug": (-8, 20),
    "blades": (0, 1),
}
SIDED = ("hip", "knee", "ankle", "leg_roll", "shoulder", "arm_out", "elbow", "shrug")
BASE_DEFAULTS = {
    "standing": {"trunk": 0},
    "sitting": {"trunk": 0, "hip": 90, "knee": 90},
    "lying": {"trunk": -90},
    "side_lying": {"trunk": -90},
    "hands_knees": {"trunk": 90, "hip": 90, "knee": 90, "shoulder": 90, "ankle": 50},
}
BODY_POINTS = ("knee_r", "knee_l", "shin_r", "shin_l", "thigh_r", "thigh_l", "head_r", "head_l",
               "head_top", "seat_r", "seat_l", "chest", "shoulder_r", "shoulder_l")
MARKS = ("low_back", "back", "tummy", "buttock", "thigh_back_r", "thigh_back_l", "neck_back",
         "neck_side_r", "neck_side_l", "shoulder_top_r", "shoulder_top_l", "shoulders",
         "between_blades", "waist_r", "waist_l")
CONTACTS = ("foot_r", "foot_l", "knee_r", "knee_l", "shin_r", "shin_l", "hand_r", "hand_l",
            "back", "head", "shoulders", "pelvis", "seat", "elbow_r", "elbow_l", "arm_r", "arm_l",
            "side")
ANCHORS = ("pelvis", "knee_r", "knee_l", "ankle_r", "ankle_l", "head")
PROPS = ("mat", "chair", "stool", "pillow_head", "pillow_knees", "pillow_between_knees", "desk",
         "box", "box_held", "bed")


def _check_choice(value, name, choices):
    if value not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}, got {value!r}")
    return value


def _angle_range(name: str) -> tuple[float, float]:
    base = name[:-2] if name[-2:] in ("_r", "_l") and name[:-2] in SIDED else name
    if base not in RANGES:
        raise ValueError(f"unknown angle {name!r}")
    return RANGES[base]


def _check_angle(name, value):
    lo, hi = _angle_range(name)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise ValueError(f"angle {name!r} must be a number, got {value!r}")
    if not lo <= value <= hi:
        raise ValueError(f"angle {name!r} must be between {lo} and {hi}, got {value!r}")
    return float(value)


@dataclass(frozen=True)
class Pose:
    """A body position. Missing angles take the base's defaults, then 0."""
    view: str
    base: str
    angles: dict = field(default_factory=dict)
    reach: dict = field(default_factory=dict)  # hand -> body point, or {"floor": x, "out": z}
    contacts: tuple = ()  # what touches the floor, mat or seat: checked by the tests
    anchor: str = "pelvis"  # the joint that stays put from frame to frame (x = 0)

    def __post_init__(self):
        _check_choice(self.view, "view", VIEWS)
        _check_choice(self.base, "base", BASES)
        for name, value in self.angles.items():
            _check_angle(name, value)
        for hand, point in self.reach.items():
            _check_choice(hand, "reach hand", ("r", "l"))
            if isinstance(point, dict):
                if ("floor" not in point or not set(point) <= {"floor", "out"}
                        or not all(isinstance(v, (int, float)) for v in point.values())):
                    raise ValueError(f"reach for the {hand} hand must name a point or be "
                                     f"{{'floor': units, 'out': units}}, got {point!r}")
            else:
                _check_choice(point, f"reach point for the {hand} hand", BODY_POINTS)
        for c in self.contacts:
            _check_choice(c, "contact", CONTACTS)
        _check_choice(self.anchor, "anchor", ANCHORS)

    @classmethod
    def from_dict(cls, data: dict) -> "Pose":
        if not isinstance(data, dict):
            raise ValueError(f"a pose must be a mapping, got {data!r}")
        unknown = set(data) - {"view", "base", "angles", "reach", "contacts", "anchor"}
        if unknown:
            raise ValueError(f"unknown pose keys {sorted(unknown)}")
        return cls(data.get("view", "side"), data.get("base"), dict(data.get("angles", {})),
                   dict(data.get("reach", {})), tuple(data.get("contacts", ())),
                   data.get("anchor", "pelvis"))

    def angle(self, name: str, side: str = "") -> float:
        for key in ((f"{name}_{side}", name) if side else (name,)):
            if key in self.angles:
                return float(self.angles[key])
        return float(BASE_DEFAULTS[self.base].get(name, 0))


# ---- vector helpers (3-D tuples) --------------------------------------------------------------
def add(p, q, k=1.0):
    return tuple(a + k * b for a, b in zip(p, q))


def sub(p, q):
    return tuple(a - b for a, b in zip(p, q))


def mul(p, k):
    return tuple(a * k for a in p)


def dot(p, q):
    return sum(a * b for a, b in zip(p, q))


def cross(p, q):
    return (p[1] * q[2] - p[2] * q[1], p[2] * q[0] - p[0] * q[2], p[0] * q[1] - p[1] * q[0])


def norm(p):
    return math.sqrt(dot(p, p))


def unit(p):
    n = norm(p) or 1.0
    return mul(p, 1 / n)


def lerp(p, q, t):
    return tuple(a + (b - a) * t for a, b in zip(p, q))


def sag(deg: float, length: float = 1.0):
    """A direction in the body's sagittal plane, degrees clockwise from up (90 = forward)."""
    r = math.radians(deg)
    return (length * math.sin(r), length * math.cos(r), 0.0)


def rotate(p, axis, deg):
    """p rotated about the unit axis through the origin (Rodrigues), right-hand rule."""
    k, r = unit(axis), math.radians(deg)
    c, s = math.cos(r), math.sin(r)
    return add(add(mul(p, c), mul(cross(k, p), s)), mul(k, dot(k, p) * (1 - c)))


def angle_between(p, q) -> float:
    c = dot(p, q) / ((norm(p) * norm(q)) or 1.0)
    return math.degrees(math.acos(max(-1.0, min(1.0, c))))


def _bezier(p0, c, p1, n=10):
    return [add(add(mul(p0, (1 - t) ** 2), mul(c, 2 * (1 - t) * t)), mul(p1, t * t))
            for t in (i / n for i in range(n + 1))]


def _solve_elbow(shoulder, target, pole):
    """Two-segment arm reaching target; the elbow bends toward the pole direction."""
    return _two_bones(shoulder, target, pole, SEG["upper_arm"], SEG["forearm"])


def _two_bones(shoulder, target, pole, a, b):
    """A limb of two segments (lengths a, b) from `shoulder` reaching `target`: (middle joint,
    end), the middle joint bent toward the pole direction."""
    to = sub(target, shoulder)
    d = min(norm(to), a + b - 0.01) or 0.01
    axis = unit(to)
    x = (a * a - b * b + d * d) / (2 * d)
    h = math.sqrt(max(0.0, a * a - x * x))
    side = unit(sub(pole, mul(axis, dot(pole, axis))))
    elbow = add(add(shoulder, mul(axis, x)), mul(side, h))
    hand = add(elbow, mul(unit(sub(target, elbow)), b))
    return elbow, hand


# ---- the skeleton ----------------------------------------------------------------------------
RADIUS = {"head": HEAD_R, "spine": TRUNK / 2, "pelvis": TRUNK / 2, "neck": TRUNK / 2}


def _body(pose: Pose) -> dict:
    """Joints in the body frame (pelvis at the origin), before reaching and placing."""
    a = pose.angle
    trunk = a("trunk")
    up, face, right = sag(trunk), sag(trunk + 90), (0.0, 0.0, 1.0)
    pelvis = (0.0, 0.0, 0.0)
    top = mul(up, SEG["trunk"])
    bow = add(mul(top, 0.5), mul(face, a("spine") * 0.42))
    # the low back's own hollow (lying on the back): the UNDERSIDE rises over the lower part of
    # the trunk only, so the bottom and the upper back still rest on the floor and the gap shows
    # under the low back; the belly's outline barely moves (seventh reading: a whole trunk
    # bowed up read as the belly puffing up, a breathing exercise)
    bump = [math.sin(math.pi * min(1.0, i / 8)) for i in range(11)]
    base = _bezier(pelvis, bow, top)
    spine = [add(p, mul(face, a("hollow") * HOLLOW_TOP * b)) for p, b in zip(base, bump)]
    under = [add(p, mul(face, a("hollow") * HOLLOW_UNDER * b - TRUNK / 2))
             for p, b in zip(base, bump)]
    j = {"pelvis": pelvis, "neck": top, "spine": spine, "under": under, "up": up, "face": face,
         "right": right, "low_back": spine[3], "mid_back": spine[5]}
    back = mul(face, -1)
    for s, sign in (("r", 1), ("l", -1)):
        lat = mul(right, sign)
        # legs: flexion in the sagittal plane, then the roll about the hip-to-ankle line
        hip = mul(lat, SEG["hip_half"])
        thigh_deg = trunk + 180 - a("hip", s)
        knee = add(hip, sag(thigh_deg, SEG["thigh"]))
        shin_deg = thigh_deg + a("knee", s)
        ankle = add(knee, sag(shin_deg, SEG["shin"]))
        toe = add(ankle, sag(shin_deg - 90 + a("ankle", s), SEG["foot"]))
        roll = a("leg_roll", s)
        if roll:
            axis = sub(ankle, hip)
            turn = roll if trunk < 0 else -roll  # + carries the knees to the person's right
            knee = add(hip, rotate(sub(knee, hip), axis, turn))
            toe = add(ankle, rotate(sub(toe, ankle), axis, turn * 0.5))
        # knees over (knee rolls): the pelvis rolls half as far as the knees, about the body's
        # long axis, and each knee swings over between its hip and its foot, which stays put
        over = -a("knees_over") * (1 if trunk < 0 else -1)  # + carries the knees to the right
        if over:
            hip = rotate(hip, up, over / 2)
            pole = sub(rotate(knee, up, over), hip)
            knee, _ = _two_bones(hip, ankle, pole, SEG["thigh"], SEG["shin"])
        j.update({f"hip_{s}": hip, f"knee_{s}": knee, f"ankle_{s}": ankle, f"toe_{s}": toe})
        # arms: the shoulder girdle shrugs up and squeezes back; the arm flexes, then goes out
        squeeze = a("blades")
        shoulder = add(add(add(top, mul(up, -7 + a("shrug", s))),
                           mul(lat, SEG["shoulder_half"] - 3 * squeeze)), mul(back, 7 * squeeze))
        out = a("arm_out", s)
        arm_deg = trunk + 180 - a("shoulder", s)
        upper = sag(arm_deg)
        fore = sag(arm_deg - a("elbow", s))
        if out:  # out to the side: the arm turns about the chest's forward line
            upper = rotate(upper, face, -sign * out)
            fore = rotate(fore, face, -sign * out)
        elbow = add(shoulder, mul(upper, SEG["upper_arm"]))
        j.update({f"shoulder_{s}": shoulder, f"elbow_{s}": elbow,
                  f"hand_{s}": add(elbow, mul(fore, SEG["forearm"]))})
        blade_c = add(add(top, mul(up, -15)), mul(back, TRUNK / 2))
        j[f"blade_{s}"] = add(blade_c, mul(lat, 9 - 4 * a("blades")))
    # neck and head: flexion, the straight slide back, then nod, tilt and turn of the head
    # a side bend is shared between the neck and the head, so the head moves over toward the
    # shoulder as well as tipping (a head that only spins on a straight neck reads as a turn)
    tilt, turn = a("tilt"), a("turn")
    neck_dir = rotate(sag(trunk + a("neck")), sag(trunk + a("neck") + 90), tilt * 0.5)
    neck_end = add(add(top, mul(neck_dir, SEG["neck"])), mul(face, -a("chin_back")))
    head_up = sag(trunk + a("neck") + a("head"))
    head_face = sag(trunk + a("neck") + a("head") + 90)
    head_up, head_face = rotate(head_up, head_face, tilt), head_face
    head_face = rotate(head_face, head_up, -turn)
    head_right = cross(head_face, head_up)
    head = add(neck_end, mul(head_up, HEAD_R * 0.9))
    j.update({"neck_end": neck_end, "head": head, "head_up": head_up, "head_face": head_face,
              "head_right": head_right, "neck_dir": neck_dir,
              "nose": add(head, mul(head_face, HEAD_R + 4)),
              "crown": add(head, mul(head_up, HEAD_R))})
    return j


def _targets(j: dict) -> dict:
    """Named points a hand can hold."""
    t = {}
    for s, sign in (("r", 1), ("l", -1)):
        lat = mul(j["right"], sign)
        t[f"knee_{s}"] = j[f"knee_{s}"]
        # a third of the way down the shin: the hands read as below the knee, not on it (eighth
        # reading: hands at the knee tangled with the thigh and the knee)
        t[f"shin_{s}"] = lerp(j[f"knee_{s}"], j[f"ankle_{s}"], 0.35)
        t[f"thigh_{s}"] = add(lerp(j[f"hip_{s}"], j[f"knee_{s}"], 0.7), mul(j["up"], 6))
        # over the top of the head toward that side, the hand's middle just outside the head's
        # outline: the face stays clear and the hand reads as a hand, not as part of the head
        t[f"head_{s}"] = add(add(j["head"], mul(j["head_right"], sign * HEAD_R * 0.75)),
                             mul(j["head_up"], HEAD_R * 1.05))
        t[f"seat_{s}"] = add(add(j["pelvis"], mul(lat, SEAT_HOLD)), mul(j["up"], -9))
        # arms crossed on the chest: each hand on the other shoulder, on the chest's surface
        t[f"shoulder_{s}"] = add(j[f"shoulder_{s}"], mul(j["face"], TRUNK / 2 + 2))
    t["head_top"] = add(j["head"], mul(j["head_up"], HEAD_R))
    t["chest"] = add(mul(j["neck"], 0.75), mul(j["face"], 9))
    return t


def _lowest(j: dict, skip=()) -> float:
    """The height of the body's lowest surface point (leaving out the joints in skip)."""
    pts = [(p, RADIUS.get(k.split("_")[0], LIMB / 2)) for k, p in j.items()
           if isinstance(p, tuple) and len(p) == 3 and k not in ("up", "face", "right", *skip)
           and not k.startswith(("head_", "neck_dir", "blade", "nose", "crown"))]
    pts += [(p, TRUNK / 2) for p in j["spine"]]
    return min(p[1] - r for p, r in pts)


def _turn_body(p, base):
    """Side-lying: the figure turns a quarter turn about its long axis onto its left side,
    facing the camera of a side view."""
    return rotate(p, (1, 0, 0), 90) if base == "side_lying" else p


def side_joints(pose: Pose, floor: float = 0.0) -> dict:
    """Every joint in world units, the body resting on the floor (y = floor) or its seat.
    (The name is historical: the joints are 3-D and serve every view.)"""
    j = _body(pose)
    # A hand on a body point: inverse kinematics in the body frame.
    targets = _targets(j)
    for hand, point in pose.reach.items():
        if isinstance(point, dict):
            continue
        sign = 1 if hand == "r" else -1
        # the elbow points out and back; out and high when the hand is on the head (the forearm
        # goes over the top of the head, above the eyes); toward the hips when the arms fold; out
        # and a little up when they hug a knee, clear of the thigh
        lift = (add(mul(j["up"], 3), mul(j["face"], 0.3)) if point.startswith("head") else
                add(mul(j["face"], 0.5), mul(j["up"], -1)) if point.startswith("shoulder") else
                mul(j["face"], 0.4) if point.startswith(("knee", "shin")) else
                mul(j["face"], -0.6))
        pole = add(mul(j["right"], sign), lift)
        j[f"elbow_{hand}"], j[f"hand_{hand}"] = _solve_elbow(j[f"shoulder_{hand}"],
                                                            targets[point], pole)
    world = {}
    for k, p in j.items():
        if k in ("spine", "under"):
            world[k] = [_turn_body(q, pose.base) for q in p]
        elif isinstance(p, tuple):
            world[k] = _turn_body(p, pose.base)
    on_floor = [f"{part}_{hand}" for hand, point in pose.reach.items() if isinstance(point, dict)
                for part in ("elbow", "hand")]  # placed on the floor below
    move = (-world[pose.anchor][0], floor - _lowest(world, on_floor), 0)
    for k, p in world.items():
        if k in ("spine", "under"):
            world[k] = [add(q, move) for q in p]
        elif k not in ("up", "face", "right", "head_up", "head_face", "head_right", "neck_dir"):
            world[k] = add(p, move)
    for hand, point in pose.reach.items():  # a hand on the floor, once the floor is known
        if isinstance(point, dict):
            sh = world[f"shoulder_{hand}"]
            out = point.get("out", 0) * (1 if hand == "r" else -1)  # away from the side
            target = (point["floor"], floor + LIMB / 2, sh[2] + out)
            pole = (0, -1, 0)  # a straight-ish arm along the floor: the elbow sags, never lifts
            world[f"elbow_{hand}"], world[f"hand_{hand}"] = _solve_elbow(sh, target, pole)
    return world


# ---- projection ------------------------------------------------------------------------------
def project(p, view: str) -> tuple[float, float, float]:
    """World point -> (x, y down, depth toward the camera) for the view."""
    yaw, pitch = (math.radians(a) for a in VIEWS[view])
    x = p[0] * math.cos(yaw) + p[2] * math.sin(yaw)
    z = -p[0] * math.sin(yaw) + p[2] * math.cos(yaw)
    y = p[1] * math.cos(pitch) - z * math.sin(pitch)
    depth = p[1] * math.sin(pitch) + z * math.cos(pitch)
    return (x, -y, depth)


# ---- shapes ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Shape:
    """One drawing primitive: 'line' (polyline, round caps), 'poly' (filled polygon) or 'disk'.
    `role` says what it shows (body, far, prop, floor, stretch, arrow, guide), for the tests."""
    kind: str
    points: tuple
    width: float = 0
    colour: str = STYLE["ink"]
    fill: str = "none"
    opacity: float = 1.0
    radius: float = 0
    dash: float = 0
    role: str = "body"
    # (left, top, right, bottom): in a strip, the frame the shape belongs to, so a part its
    # frame crops away (the legs under a frame cut at the hips) is not drawn in the next one
    clip: tuple | None = None


def _line(pts, width, colour, role="body", dash=0):
    return Shape("line", tuple(pts), width=width, colour=colour, role=role, dash=dash)


def _poly(pts, fill, colour="none", width=0, role="body"):
    return Shape("poly", tuple(pts), width=width, colour=colour, fill=fill, role=role)


def _disk(c, r, fill, role="body"):
    return Shape("disk", (c,), fill=fill, radius=r, role=role)


def _xy(p, view):
    x, y, _ = project(p, view)
    return (x, y)


def _depth(p, view):
    return project(p, view)[2]


def far_sides(j: dict, view: str) -> set:
    """The sides ("r", "l") whose limbs are behind the body in this view: drawn in shadow."""
    dr = _depth(j["hip_r"], view) + _depth(j["shoulder_r"], view)
    dl = _depth(j["hip_l"], view) + _depth(j["shoulder_l"], view)
    if abs(dr - dl) < 16:  # seen from the front, back or feet end: neither side is far
        return set()
    return {"l"} if dr > dl else {"r"}


def _head(j: dict, view: str) -> list[tuple[float, Shape]]:
    """Head disk with ears, eyes and nose placed on the 3-D head, so the face turns with it."""
    near = STYLE["near"]
    h = j["head"]
    d = _depth(h, view)
    out = []
    for sign in (1, -1):  # ears: only the part outside the head's outline shows
        ear = add(h, mul(j["head_right"], sign * HEAD_R * 0.95))
        out.append((d - 0.5, _disk(_xy(ear, view), 3.4, near)))
    # a thin light edge parts the head from an arm behind it (a hand resting on the head)
    out.append((d - 0.01, _disk(_xy(h, view), HEAD_R + 1.2, STYLE["skin_line"])))
    out.append((d, _disk(_xy(h, view), HEAD_R, near)))
    f = j["head_face"]
    if dot(f, _inverse_cam(view)) < -0.7:  # seen from behind: the whole head is hair, the ears
        # either side, no face (eighth reading: a hair cap over the top half read as a mask)
        # over the neck, which is nearer the camera than the head's middle from behind
        hair = max(d, _depth(j["neck"], view) + 0.2) + 0.1
        out.append((hair, _disk(_xy(h, view), HEAD_R, STYLE["hair"], "hair")))
        return out
    tip = add(h, mul(f, HEAD_R + 5))
    base_a = add(add(h, mul(f, HEAD_R - 4)), mul(j["head_up"], 3.5))
    base_b = add(add(h, mul(f, HEAD_R - 4)), mul(j["head_up"], -4))
    nose = _poly([_xy(base_a, view), _xy(tip, view), _xy(base_b, view)], near)
    facing = _depth(tip, view) - d  # > 0: the face turns toward us
    out.append((d + (0.2 if facing > -HEAD_R * 0.5 else -0.2), nose))
    for sign in (1, -1):
        eye = add(add(add(h, mul(f, HEAD_R * 0.75)), mul(j["head_right"], sign * 4.5)),
                  mul(j["head_up"], 2.5))
        if _depth(eye, view) - d > 3:
            out.append((d + 0.3, _disk(_xy(eye, view), 1.7, STYLE["bg"])))
    return out


def _hollow_outline(j: dict, view: str) -> list | None:
    """A trunk with a hollow under the low back, as one outline: the belly side along the spine
    line, round at the shoulders, back along the raised underside, round at the hips (a thick
    line has one thickness, so it cannot show a gap under one side only). None if flat."""
    spine, under = j["spine"][:-1], j["under"][:-1]
    if min(norm(sub(u, p)) for u, p in zip(under, spine)) >= TRUNK / 2 - 0.5:
        return None
    r, face = TRUNK / 2, j["face"]
    along = unit(sub(spine[-1], spine[0]))
    top = [add(p, mul(face, r)) for p in spine]
    cap = [add(add(spine[-1], mul(face, r * math.cos(math.radians(t)))),
               mul(along, r * math.sin(math.radians(t)))) for t in range(30, 151, 30)]
    heel = [add(add(spine[0], mul(face, -r * math.cos(math.radians(t)))),
                mul(along, -r * math.sin(math.radians(t)))) for t in range(30, 151, 30)]
    return [_xy(p, view) for p in top + cap + under[::-1] + heel]


def _body_shapes(j: dict, view: str) -> list[Shape]:
    """The body in painter's order: each part sorted by its depth toward the camera."""
    far = far_sides(j, view)
    parts: list[tuple[float, Shape]] = []
    right = j["right"]
    # trunk: a ribbon from hips to shoulders, its edge as thick as the trunk is deep
    spine = j["spine"][:-1]  # the trunk ends at the shoulders; the neck shows above it
    n = len(j["spine"]) - 1
    left_edge, right_edge = [], []
    for i, p in enumerate(spine):
        # the stroke adds TRUNK/2 all round, so the ribbon itself is that much narrower
        half = max(0.0, SEG["hip_half"] + (SEG["shoulder_half"] - SEG["hip_half"]) * i / n - 8)
        right_edge.append(_xy(add(p, mul(right, half)), view))
        left_edge.append(_xy(add(p, mul(right, -half)), view))
    ribbon = right_edge + left_edge[::-1]
    d_trunk = sum(_depth(p, view) for p in spine) / len(spine)
    hollow = _hollow_outline(j, view)
    parts.append((d_trunk, _poly(hollow, STYLE["near"], STYLE["near"], 1) if hollow else
                  _poly(ribbon, STYLE["near"], STYLE["near"], TRUNK)))
    # shoulder line joins the arms to the trunk
    parts.append((d_trunk + 0.1, _line([_xy(j["shoulder_l"], view), _xy(j["neck"], view),
                                        _xy(j["shoulder_r"], view)], LIMB + 3, STYLE["near"])))
    # shoulder blades show only when the back faces us
    if dot(mul(j["face"], -1), _inverse_cam(view)) > 0.5:
        for s, sign in (("r", 1), ("l", -1)):
            b, up, lat = j[f"blade_{s}"], j["up"], mul(right, sign)
            tri = [add(add(b, mul(up, 7)), mul(lat, -1)), add(add(b, mul(up, 7)), mul(lat, 5)),
                   add(add(b, mul(up, -10)), mul(lat, -1))]
            # on the back's surface: over the arms, which hang at the trunk's sides
            parts.append((d_trunk + 60, _poly([_xy(p, view) for p in tri], STYLE["near"],
                                              STYLE["skin_line"], 1.8)))
    parts.append((_depth(j["neck"], view) + 0.2,
                  _line([_xy(j["neck"], view), _xy(j["neck_end"], view)], NECK, STYLE["near"])))
    for s in ("r", "l"):
        shadow = s in far
        leg = [j[f"hip_{s}"], j[f"knee_{s}"], j[f"ankle_{s}"], j[f"toe_{s}"]]
        d_leg = sum(_depth(p, view) for p in leg[:3]) / 3
        pts = [_xy(p, view) for p in leg]
        if shadow:
            parts.append((d_leg, _line(pts, LIMB, STYLE["far"], "far")))
        else:  # a thin light edge parts a near leg from the trunk or the other leg
            parts += [(d_leg, _line(pts, LIMB + 2, STYLE["skin_line"])),
                      (d_leg + 0.01, _line(pts, LIMB, STYLE["near"]))]
        arm = [j[f"shoulder_{s}"], j[f"elbow_{s}"], j[f"hand_{s}"]]
        d_arm = sum(_depth(p, view) for p in arm[:2]) / 2 + 0.5  # the upper arm, beside the trunk
        pts = [_xy(p, view) for p in arm]
        if shadow:
            parts.append((d_arm, _line(pts, LIMB - 1, STYLE["far"], "far")))
        else:  # a near arm: darker than the trunk with a thin light edge, so it reads across it
            parts += [(d_arm, _line(pts, LIMB + 1, STYLE["skin_line"])),
                      (d_arm + 0.01, _line(pts, LIMB - 2, STYLE["arm"])),
                      (d_arm + 0.02, _disk(pts[-1], LIMB / 2 + 0.5, STYLE["arm"]))]  # the hand
    parts += _head(j, view)
    parts.sort(key=lambda t: t[0])
    return [s for _, s in parts]


def _inverse_cam(view: str):
    """The unit direction from the scene toward the camera, in world coordinates."""
    yaw, pitch = (math.radians(a) for a in VIEWS[view])
    return (-math.sin(yaw) * math.cos(pitch), math.sin(pitch), math.cos(yaw) * math.cos(pitch))


# ---- marks and arrows -----------------------------------------------------------------------
def mark_points(name: str, j: dict) -> list:
    """The 3-D line of a named muscle, on the body's surface, where the stretch or work is felt."""
    _check_choice(name, "stretch", MARKS)
    spine, face, up = j["spine"], j["face"], j["up"]
    back = mul(face, -(TRUNK / 2 - 7))  # well inside the outline: never read as the floor
    if name in ("low_back", "back", "tummy"):
        # the tummy mark lies just inside the belly's outline, on the front of the body
        part = {"low_back": spine[1:5], "back": spine[1:10], "tummy": spine[3:7]}[name]
        off = mul(face, TRUNK / 2 - 4) if name == "tummy" else back
        return [add(p, off) for p in part]
    if name == "buttock":  # the back of the pelvis, from the low back toward the thigh
        # on the underside of the hips, clear of the near thigh's start (sixth reading: a mark at
        # the hip joint's height read as the front of the thigh)
        seat = mul(face, -(TRUNK / 2 - 2))
        return [add(add(j["pelvis"], seat), mul(up, 5)), add(add(j["pelvis"], seat), mul(up, -4))]
    if name.startswith("thigh_back"):
        s = name[-1]
        hip, knee, ankle = j[f"hip_{s}"], j[f"knee_{s}"], j[f"ankle_{s}"]
        thigh = unit(sub(knee, hip))
        toward_shin = sub(ankle, knee)
        b = unit(sub(toward_shin, mul(thigh, dot(toward_shin, thigh))))
        return [add(lerp(hip, knee, t), mul(b, 3)) for t in (0.3, 0.55, 0.8)]
    if name == "neck_back":  # from the shoulders' height to the base of the skull
        hb = mul(j["head_face"], -(NECK / 2 + 1))
        return [add(add(j["neck"], hb), mul(up, -2)), add(j["neck_end"], hb)]
    if name.startswith("neck_side"):  # the side of the neck, from the shoulder to under the ear
        sign = 1 if name[-1] == "r" else -1
        side = mul(j["right"], sign * (NECK / 2))
        # the top end goes half way to under the ear: it lengthens when the head tips, but a
        # turned head does not carry it to the middle of the neck (sixth reading: which side?)
        ear = add(add(j["head"], mul(j["head_right"], sign * HEAD_R * 0.55)),
                  mul(j["head_up"], -HEAD_R * 0.75))
        return [add(add(j["neck"], side), mul(up, -1)), lerp(add(j["neck_end"], side), ear, 0.5)]
    if name.startswith("shoulder_top") or name == "shoulders":
        sides = ("r", "l") if name == "shoulders" else (name[-1],)
        # both shoulders (shoulder rolls): the muscle from the neck down into the upper back,
        # behind and inside the shoulder joint, which is where the rolls are felt
        rise0, reach, rise, behind = ((7, 0.5, 4, -5) if name == "shoulders" else
                                      (2, 0.85, LIMB / 2, 0))
        lines = []
        for s in sides:
            sign = 1 if s == "r" else -1
            lines.append([add(add(add(j["neck"], mul(j["right"], sign * 4)), mul(up, rise0)),
                              mul(face, behind)),
                          add(add(lerp(j["neck"], j[f"shoulder_{s}"], reach), mul(up, rise)),
                              mul(face, behind))])
        return lines[0] if len(lines) == 1 else lines[0][::-1] + lines[1]
    if name == "between_blades":
        c = lerp(j["blade_r"], j["blade_l"], 0.5)
        return [add(c, mul(up, 7)), add(c, mul(up, -6))]
    sign = 1 if name[-1] == "r" else -1  # waist
    side = mul(j["right"], sign * (SEG["hip_half"] + 4))
    return [add(add(p, side), mul(face, 4)) for p in spine[1:5]]


def _arrow_shapes(pts, scale: float = 1.0) -> list[Shape]:
    """A path with a head at its end; a white edge keeps it readable over the body. `scale`
    grows the arrow with a wide picture, so it reads as well as in a narrow one on a phone."""
    tip, before = pts[-1], pts[-2]
    ang = math.atan2(tip[1] - before[1], tip[0] - before[0])
    size = 8.5 * scale
    head = [(tip[0] + size * math.cos(ang), tip[1] + size * math.sin(ang)),
            (tip[0] + size * math.cos(ang + 2.4), tip[1] + size * math.sin(ang + 2.4)),
            (tip[0] + size * math.cos(ang - 2.4), tip[1] + size * math.sin(ang - 2.4))]
    return [_line(pts, 7 * scale, STYLE["bg"], "arrow"),
            _line(pts, 3.4 * scale, STYLE["arrow"], "arrow"),
            _poly(head, STYLE["arrow"], STYLE["bg"], scale, "arrow")]


def _trim(pts, start, end):
    """The path without `start` units at its beginning and `end` at its end."""
    def cut(path, length):
        while len(path) > 2 and length > 0:
            seg = math.dist(path[0], path[1])
            if seg > length:
                t = length / seg
                path[0] = (path[0][0] + (path[1][0] - path[0][0]) * t,
                           path[0][1] + (path[1][1] - path[0][1]) * t)
                return path
            length -= seg
            path.pop(0)
        return path
    return cut(cut(list(pts), start)[::-1], end)[::-1]


def arrow_path(spec: dict, here: dict, nxt: dict | None, view: str) -> list:
    """The screen path of a movement arrow. {"part": joint, "bend": k, "offset": [x, y]} runs
    from where the part is in this frame to where it is in the next one (so it follows the moving
    part), or with "around": [joint, joint] along the arc the part swings about the line through
    those joints ("out": how far outside the part, as a share of its distance from the line);
    {"circle": joint, "r": r, "from": deg, "to": deg, "offset"} goes round a joint; "move":
    [dx, dy] is a short push from the part; "size" (sequence) scales the arrow down to fit."""
    off = tuple(spec.get("offset", (0, 0)))
    if "circle" in spec:
        c = _xy(here[spec["circle"]], view)
        c = (c[0] + off[0], c[1] + off[1])
        r, a0, a1 = spec.get("r", 14), spec["from"], spec["to"]
        squash = spec.get("squash", 1)  # < 1: a turn about an upright axis, seen from the front
        n = max(8, int(abs(a1 - a0) / 10))
        return [(c[0] + r * math.sin(math.radians(a0 + (a1 - a0) * i / n)),
                 c[1] - squash * r * math.cos(math.radians(a0 + (a1 - a0) * i / n)))
                for i in range(n + 1)]
    part = spec.get("part")
    if part not in here or not isinstance(here[part], tuple):
        raise ValueError(f"arrow part {part!r} is not a joint of this pose")
    a = _xy(here[part], view)
    a = (a[0] + off[0], a[1] + off[1])
    if "move" in spec:
        return [a, (a[0] + spec["move"][0], a[1] + spec["move"][1])]
    if nxt is None:
        raise ValueError(f"arrow on {part!r} follows the part to the next frame, but this is "
                         "the last frame: give 'move' or 'circle' instead")
    if "around" in spec:  # the part swings about the line through two joints: follow its arc
        p0, p1 = (here[k] for k in spec["around"])
        axis = unit(sub(p1, p0))

        def radial(p):  # from the swing axis out to p, square to the axis
            v = sub(p, p0)
            return sub(v, mul(axis, dot(v, axis)))
        r0, r1 = radial(here[part]), radial(nxt[part])
        deg = angle_between(r0, r1) * (1 if dot(cross(r0, r1), axis) >= 0 else -1)
        foot = sub(here[part], r0)  # the part's nearest point on the axis
        reach = spec.get("out", 1.0)  # > 1: the arc runs just outside the part
        pts = [_xy(add(foot, mul(rotate(r0, axis, deg * i / 12), reach)), view)
               for i in range(13)]
        return _trim([(x + off[0], y + off[1]) for x, y in pts], spec.get("trim", 3),
                     spec.get("trim", 3) + 3)
    b = _xy(nxt[part], view)
    b = (b[0] + off[0], b[1] + off[1])
    mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    length = math.dist(a, b) or 1
    bend = spec.get("bend", 0) * length
    nx, ny = -(b[1] - a[1]) / length, (b[0] - a[0]) / length
    c = (mid[0] + nx * bend, mid[1] + ny * bend)
    pts = [((1 - t) ** 2 * a[0] + 2 * (1 - t) * t * c[0] + t * t * b[0],
            (1 - t) ** 2 * a[1] + 2 * (1 - t) * t * c[1] + t * t * b[1])
           for t in (i / 12 for i in range(13))]
    return _trim(pts, spec.get("trim", 3), spec.get("trim", 3) + 3)


# ---- props -----------------------------------------------------------------------------------
def _box(lo, hi, fill, view, role="prop", edge=None) -> list[Shape]:
    """A solid box: its faces that turn toward the camera."""
    cam = _inverse_cam(view)
    faces = []
    for axis in range(3):
        for side, normal_sign in ((lo, -1), (hi, 1)):
            normal = [0, 0, 0]
            normal[axis] = normal_sign
            if dot(normal, cam) <= 1e-6:
                continue
            others = [i for i in range(3) if i != axis]
            corners = []
            for u, v in ((0, 0), (1, 0), (1, 1), (0, 1)):
                p = [0.0, 0.0, 0.0]
                p[axis] = side[axis]
                p[others[0]] = (lo, hi)[u][others[0]]
                p[others[1]] = (lo, hi)[v][others[1]]
                corners.append(tuple(p))
            faces.append(_poly([_xy(c, view) for c in corners], fill,
                               edge or STYLE["prop_line"], 1, role))
    return faces


def _mat_grid(x0: float, x1: float, half: float, view: str) -> list[Shape]:
    """Squares on the mat's top. Seen from above, a plain mat read as a board leaning up or a
    wall, and the figure on it as sitting up; squares give the floor its plane, so the knees
    stand up off it and then lie over on it (thirty-sixth reading: knee rolls 4 of 4)."""
    lines = [[(x0, MAT, z), (x1, MAT, z)] for z in _steps(-half, half)]
    lines += [[(x, MAT, -half), (x, MAT, half)] for x in _steps(x0, x1)]
    return [_line([_xy(p, view) for p in line], 1.2, STYLE["mat_grid"], "prop") for line in lines]


def _steps(lo: float, hi: float, size: float = MAT_SQUARE) -> list[float]:
    """The lines inside lo..hi, `size` apart and centred, so the squares sit evenly."""
    n = int((hi - lo) // size)
    start = (lo + hi - (n - 1) * size) / 2
    return [start + k * size for k in range(n)]


def _mat_width(j: dict) -> float:
    """How far the mat reaches either side of the body's middle: past the hands and the knees."""
    return max(30, *(abs(j[f"{part}_{s}"][2]) + 8 for s in "rl" for part in ("hand", "knee")))


def _props(names, j: dict, view: str, mat_width: float) -> tuple[list[Shape], list[Shape]]:
    """(behind the body, in front of the body) shapes for the named props, in world units.
    `mat_width`: the mat's reach either side (_mat_width over every frame of the movement)."""
    back, front = [], []
    pel = j["pelvis"]
    xs = [p[0] for k, p in j.items() if isinstance(p, tuple) and k[:4] in
          ("head", "toe_", "hand", "knee", "pelv")]
    for name in names:
        _check_choice(name, "prop", PROPS)
        if name == "mat":  # under the whole body, arms spread out and knees rolled over included
            x0, x1 = min(xs) - 14, max(xs) + 14
            back += _box((x0, 0, -mat_width), (x1, MAT, mat_width), STYLE["mat"], view)
            if VIEWS[view][1] >= ABOVE:
                back += _mat_grid(x0, x1, mat_width, view)
        elif name == "bed":
            back += _box((min(xs) - 20, -24, -40), (max(xs) + 20, 0, 40), STYLE["wall"], view)
        elif name in ("chair", "stool"):
            seat = pel[1] - TRUNK / 2 + 1
            x0, x1 = (pel[0] - 18, pel[0] + 22)
            half = SEAT_HOLD + LIMB  # the seat shows beyond a hand that holds its edge
            back += _box((x0, seat - 5, -half), (x1, seat, half), STYLE["prop"], view)
            legs = []
            for x in (x0 + 3, x1 - 3):
                for z in (3 - half, half - 3):
                    legs.append((_depth((x, 0, z), view),
                                 _line([_xy((x, seat - 5, z), view), _xy((x, j["floor"], z), view)],
                                       3, STYLE["prop_line"], "prop")))
            back += [s for _, s in sorted(legs, key=lambda t: t[0])]
            if name == "chair":
                back += _box((x0 - 2, seat, -18), (x0 + 2, seat + 56, 18), STYLE["prop"], view)
        elif name == "pillow_head":  # from the floor (or bed) up to the head
            h = j["head"]
            back += _box((h[0] - 16, j["floor"], h[2] - 18),
                         (h[0] + 14, h[1] - HEAD_R + 1, h[2] + 18), STYLE["pillow"], view)
        elif name == "pillow_knees":
            k = lerp(j["knee_r"], j["hip_r"], 0.3)
            back += _box((k[0] - 12, j["floor"], -18), (k[0] + 12, k[1] - 2, 18), STYLE["pillow"],
                         view)
        elif name == "pillow_between_knees":
            k = lerp(j["knee_r"], j["knee_l"], 0.5)
            front += _box((k[0] - 14, k[1] - 4, k[2] - 5), (k[0] + 10, k[1] + 4, k[2] + 5),
                          STYLE["pillow"], view)
        elif name == "desk":
            eye = add(j["head"], mul(j["head_face"], HEAD_R))
            top = j["elbow_r"][1] - 2
            x0 = j["hand_r"][0] - 16
            back += _box((x0, top - 5, -30), (x0 + 90, top, 30), STYLE["prop"], view)
            back.append(_line([_xy((x0 + 84, top - 5, 0), view),
                               _xy((x0 + 84, j["floor"], 0), view)], 4, STYLE["prop_line"], "prop"))
            sx = x0 + 62  # the top of the screen at eye level, an arm's length away
            back += _box((sx, top + 10, -16), (sx + 5, eye[1] + 2, 16), STYLE["screen"], view)
            back.append(_line([_xy((sx + 2, top, 0), view), _xy((sx + 2, top + 10, 0), view)], 4,
                              STYLE["prop_line"], "prop"))
        elif name == "box":
            h = lerp(j["hand_r"], j["hand_l"], 0.5)
            front += _box((h[0] - 2, h[1] - 12, -16), (h[0] + 26, h[1] + 12, 16), STYLE["box"],
                          view, edge=STYLE["box_edge"])
        elif name == "box_held":  # carried: pressed against the front of the trunk, the hands
            # gripping its sides at their height, as the lifting advice says (load close to the waist)
            h = lerp(j["hand_r"], j["hand_l"], 0.5)
            trunk = min(j["spine"], key=lambda p: abs(p[1] - h[1]))
            x0 = trunk[0] + TRUNK / 2
            front += _box((x0, h[1] - 12, -16), (x0 + 28, h[1] + 12, 16), STYLE["box"],
                          view, edge=STYLE["box_edge"])
    return back, front


# ---- pictures --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Picture:
    """Shapes ready to write, the alt text that says what the body is doing, and the part of
    the drawing plane the picture shows."""
    shapes: tuple
    alt: str
    width: float = 0
    height: float = 0
    top: float = 0
    left: float = 0


FOCUS = (None, "upper", "torso")  # the whole body; head and shoulders with the seat; cut at the hips
SPEC_KEYS = {"pose", "alt", "props", "arrow", "arrows", "stretch", "focus", "guide", "level"}


def _bounds(shapes) -> tuple[float, float, float, float]:
    xs, ys = [], []
    for s in shapes:
        pad = s.radius or s.width / 2
        for x, y in s.points:
            xs += [x - pad, x + pad]
            ys += [y - pad, y + pad]
    return min(xs), min(ys), max(xs), max(ys)


def _bounds_above(shapes, cut: float) -> tuple[float, float, float, float]:
    """The bounds of the shapes' points above the screen height `cut` (y grows downward)."""
    xs, ys = [], []
    for s in shapes:
        pad = s.radius or s.width / 2
        for x, y in s.points:
            if y + pad < cut:
                xs += [x - pad, x + pad]
                ys += [y - pad, y + pad]
    return min(xs), min(ys), max(xs), max(ys)


def _check_spec(spec):
    if not isinstance(spec, dict) or not {"pose", "alt"} <= set(spec) <= SPEC_KEYS:
        raise ValueError(f"a picture needs 'pose' and 'alt' and only {sorted(SPEC_KEYS)}, "
                         f"got {spec!r}")
    alt = spec["alt"]
    if not isinstance(alt, str) or len(alt.split()) < 4:
        raise ValueError(f"alt text must say what the body is doing, got {alt!r}")


def frame_joints(spec: dict) -> dict:
    """The placed 3-D joints of one picture spec (with the floor height under it)."""
    pose = Pose.from_dict(spec["pose"])
    floor = MAT if "mat" in spec.get("props", ()) else 0.0
    j = side_joints(pose, floor)
    j["floor"] = 0.0
    return j


def sequence(specs: list[dict], margin: float = 8) -> list[Picture]:
    """The frames of one movement (start, middle, end): one camera, one scale and one crop, so
    the figure stays in place while the moving part moves. An arrow may follow a part to where
    it is in the next frame."""
    if not specs:
        raise ValueError("a sequence needs at least one picture")
    for spec in specs:
        _check_spec(spec)
    views = {Pose.from_dict(s["pose"]).view for s in specs}
    if len(views) != 1:
        raise ValueError(f"the frames of one movement need one view, got {sorted(views)}")
    view = views.pop()
    joints = [frame_joints(s) for s in specs]
    mat_width = max(_mat_width(j) for j in joints)
    # arrows grow with the picture: a lying figure is wide, so it is drawn smaller on a phone
    extent = max(_bounds(_body_shapes(j, view))[2] for j in joints) - \
        min(_bounds(_body_shapes(j, view))[0] for j in joints)
    scale = min(1.8, max(1.0, extent / ARROW_WIDTH))
    drawn = []
    for i, (spec, j) in enumerate(zip(specs, joints)):
        nxt = joints[i + 1] if i + 1 < len(joints) else None
        behind, in_front = _props(spec.get("props", ()), j, view, mat_width)
        body = _body_shapes(j, view)
        marks = []
        if spec.get("stretch"):
            names = spec["stretch"]
            for name in [names] if isinstance(names, str) else names:
                pts = [_xy(p, view) for p in mark_points(name, j)]
                marks += [_line(pts, 9, STYLE["bg"], "stretch"),
                          _line(pts, 6, STYLE["stretch"], "stretch")]
        arrows = []
        for a in ([spec["arrow"]] if "arrow" in spec else []) + list(spec.get("arrows", [])):
            # "size" < 1: an arrow that has to fit a small space (the gap under the low back)
            arrows += _arrow_shapes(arrow_path(a, j, nxt, view), scale * a.get("size", 1))
        drawn.append((spec, j, behind, body, in_front, marks, arrows))
    # one crop for all frames: the body, its props and arrows, or the upper body if focused.
    # Seen from well above, the mat runs off the frame's edges: the body fills the frame, which
    # keeps it big on a phone (seventh reading: a whole mat seen from above left a small figure)
    high = VIEWS[view][1] >= ABOVE
    boxes = [_bounds(([] if high else bh) + b + f + m + a) for _, _, bh, b, f, m, a in drawn]
    left = min(b[0] for b in boxes) - margin
    right = max(b[2] for b in boxes) + margin
    top = min(b[1] for b in boxes) - margin
    bottom = max(b[3] for b in boxes) + margin
    floor_y = _xy((0, 0, 0), view)[1]
    focus = _check_choice(specs[0].get("focus"), "focus", FOCUS)
    if focus == "upper":  # the head and shoulders fill the picture; the seat shows
        bottom = max(_xy(j["pelvis"], view)[1] for j in joints) + 26
    elif focus == "torso":  # cut at the hips: a narrow frame the shoulders fill (eighth reading:
        # three whole seated figures in a row were too small on a phone to see a shoulder move),
        # or just below the lowest hand, so a hanging arm shows whole in every frame (seventeenth
        # reading: cut above the hand, the arm "changed size" when the shrug lifted the hand in)
        # the width is the upper body's: the thighs run out of the frame
        hips = min(_xy(j["pelvis"], view)[1] for j in joints) - 4
        bottom = max(hips, *(_xy(j[f"hand_{s}"], view)[1] + LIMB for j in joints for s in "rl"))
        kept = [_bounds_above(b + f + m + a, hips) for _, _, _, b, f, m, a in drawn]
        left = min(k[0] for k in kept) - margin
        right = max(k[2] for k in kept) + margin
    elif VIEWS[view][1] == 0:
        bottom = max(bottom, floor_y + 4)
    pics = []
    for spec, j, behind, body, in_front, marks, arrows in drawn:
        shapes = [*behind]
        if VIEWS[view][1] == 0 and focus is None:
            shapes.append(_line([(left + 2, floor_y), (right - 2, floor_y)], 2.5, STYLE["floor"],
                                "floor"))
        if spec.get("guide"):  # a fixed upright line to compare the frames against
            gx = _xy(joints[0][spec["guide"]], view)[0] + 2
            shapes.append(_line([(gx, top + 2), (gx, bottom - 2)], 1.6, STYLE["guide"], "guide", 3))
        if spec.get("level"):  # a fixed level line, to see a part rise and drop
            gy = _xy(joints[0][spec["level"]], view)[1]
            shapes.append(_line([(left + 2, gy), (right - 2, gy)], 1.6, STYLE["guide"], "guide", 3))
        shapes += body + in_front + marks + arrows
        pics.append(Picture(tuple(shapes), " ".join(spec["alt"].split()), right - left,
                            bottom - top, top, left))
    return pics


def picture(spec: dict) -> Picture:
    """One picture from a catalogue entry: {"pose": {...}, "alt": "...", "props": [...],
    "arrow": {...}, "stretch": "..."} (see sequence for arrows that follow a part)."""
    return sequence([spec])[0]


def crop(*pictures: Picture) -> list[Picture]:
    """Pictures cut to one shared box (the union of theirs), so they keep one scale."""
    left = min(p.left for p in pictures)
    top = min(p.top for p in pictures)
    right = max(p.left + p.width for p in pictures)
    bottom = max(p.top + p.height for p in pictures)
    return [Picture(p.shapes, p.alt, right - left, bottom - top, top, left) for p in pictures]


# ---- writers --------------------------------------------------------------------------------
def _shift(shapes, dx, dy, clip=None):
    return [Shape(s.kind, tuple((x + dx, y + dy) for x, y in s.points), s.width, s.colour,
                  s.fill, s.opacity, s.radius, s.dash, s.role, clip) for s in shapes]


def strip(pictures: list[Picture], alt: str | None = None, per_row: int | None = None) -> Picture:
    """Frames in reading order, an arrow between each two in a row; `per_row` frames a row (all
    in one row if not given), the rows one under the other. Between narrow frames (upright
    figures cut at the hips) the gap and its arrow shrink with the frames, so three still fit
    one row of a printed page."""
    k = min(1.0, 0.4 * min(p.width for p in pictures) / 36)
    gap, row_gap = 36 * k, 14
    per_row = per_row or len(pictures)
    first = pictures[0]
    shapes, width, y = [], 0.0, first.top
    for r in range(0, len(pictures), per_row):
        x = first.left
        for i, pic in enumerate(pictures[r:r + per_row]):
            if i:
                ax, ay = x + gap / 2, y + first.height / 2
                shapes += [_line([(ax - 12 * k, ay), (ax + 6 * k, ay)], 4 * k, STYLE["arrow"],
                                 "arrow"),
                           _poly([(ax + 13 * k, ay), (ax + 3 * k, ay - 8 * k),
                                  (ax + 3 * k, ay + 8 * k)], STYLE["arrow"], role="arrow")]
                x += gap
            shapes += _shift(pic.shapes, x - pic.left, y - pic.top,
                             (x, y, x + pic.width, y + pic.height))
            x += pic.width
        width = max(width, x - first.left)
        y += first.height + row_gap
    text = alt if alt is not None else " ".join(p.alt for p in pictures)
    return Picture(tuple(shapes), " ".join(text.split()), width, y - row_gap - first.top,
                   first.top, first.left)


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
           f'role="img" aria-label="{alt}" class="cw-pose"><title>{alt}</title>'
           f'<rect x="{_fmt(pic.left)}" y="{_fmt(pic.top)}" width="{_fmt(pic.width)}" '
           f'height="{_fmt(pic.height)}" fill="{STYLE["bg"]}"/>']
    for s in pic.shapes:
        op = f' opacity="{s.opacity:g}"' if s.opacity != 1 else ""
        if s.kind == "line":
            dash = f' stroke-dasharray="{_fmt(s.dash)} {_fmt(s.dash * 1.6)}"' if s.dash else ""
            out.append(f'<polyline points="{_pts(s.points)}" fill="none" stroke="{s.colour}" '
                       f'stroke-width="{_fmt(s.width)}" stroke-linecap="round" '
                       f'stroke-linejoin="round"{dash}{op}/>')
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
    from matplotlib.patches import Circle, Polygon, Rectangle

    fig = Figure(figsize=(width_in, width_in * pic.height / pic.width))
    fig.patch.set_facecolor(STYLE["bg"])
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(pic.left, pic.left + pic.width)
    ax.set_ylim(pic.top + pic.height, pic.top)
    ax.set_axis_off()
    pt = width_in * 72 / pic.width  # points per drawing unit
    for z, s in enumerate(pic.shapes):
        if s.kind == "line":
            xs, ys = zip(*s.points)
            dashes = {"dashes": (s.dash, s.dash * 1.6), "dash_capstyle": "round"} if s.dash else {}
            (drawn,) = ax.plot(xs, ys, color=s.colour, lw=s.width * pt, solid_capstyle="round",
                               solid_joinstyle="round", alpha=s.opacity, zorder=z, **dashes)
        elif s.kind == "poly":
            drawn = ax.add_patch(Polygon(s.points, closed=True, facecolor=s.fill,
                                         edgecolor=None if s.colour == "none" else s.colour,
                                         lw=s.width * pt, joinstyle="round", zorder=z))
        else:
            drawn = ax.add_patch(Circle(s.points[0], s.radius, facecolor=s.fill, lw=0, zorder=z))
        if s.clip:
            left, top, right, bottom = s.clip
            drawn.set_clip_path(Rectangle((left, top), right - left, bottom - top,
                                          transform=ax.transData))
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor=STYLE["bg"])
    return buf.getvalue()


def png_base64(pic: Picture, **kwargs) -> str:
    return base64.b64encode(to_png(pic, **kwargs)).decode("ascii")
