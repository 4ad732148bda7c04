"""The exercise catalogue (data/exercises.json): exercises, position drawings and routine plans.

One data file feeds the Exercises chapter, the guided routine widget and its print form, and the
exercise sheets, so a hold time or a repeat count can only be changed in one place. Pictures are
drawn from the poses in the file by widgets.poses at build time.

For chapter authors, in a code cell tagged `remove-input`:

    from widgets.exercises import position_figure
    position_figure("sleep-on-side")

shows a drawing with alt text: inline SVG on the web and in JupyterLab, a 300 dpi PNG in the PDF
book (myst-nb picks the PNG for LaTeX). Ids: rest-on-back, sleep-on-side, safe-lifting
(see `position_ids()`); the desk set-up is the labelled diagram in widgets.diagrams. `exercise_figure(id)` does the same for an exercise (its
start, middle and end pictures); the chapter's `{exercise-steps}` directive (_ext/course_facts.py)
writes its steps, dose and stop signs from the same entry.
"""
from __future__ import annotations

import functools
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from . import editions, poses
from .evidence import level

DATA_FILE = Path(__file__).with_name("data") / "exercises.json"
REGIONS = ("back", "neck", "both")


@dataclass(frozen=True)
class Exercise:
    id: str
    name: str
    region: str
    each_side: bool
    start: dict
    end: dict
    steps: tuple[str, ...]
    hold_seconds: int
    repeats: int
    sets_per_day: int
    feel: str
    evidence: str
    cite: tuple[str, ...]
    middle: dict | None = None  # a third frame where start and end cannot show the movement

    @property
    def frames(self) -> tuple[dict, ...]:
        return (self.start, self.middle, self.end) if self.middle else (self.start, self.end)


@dataclass(frozen=True)
class Position:
    id: str
    title: str
    pictures: tuple[dict, ...]
    cite: tuple[str, ...]


@dataclass(frozen=True)
class Catalogue:
    exercises: tuple[Exercise, ...]
    positions: tuple[Position, ...]
    plan: dict
    stop_all: tuple[str, ...]
    stop_neck: tuple[str, ...]
    stop_short: dict  # region -> one line for each exercise; the full lists sit above them
    # Notes for some readers, each for the exercises it names or for every exercise that starts
    # from one position ("start_base"), e.g. lying flat late in pregnancy. Who to ask is an
    # edition word ({physio}, {midwife}: widgets/data/editions.json), filled in by cautions().
    cautions: tuple[dict, ...] = ()


def _whole(value, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}, got {value!r}")
    return value


def _exercise(raw: dict) -> Exercise:
    ex = Exercise(**{**raw, "steps": tuple(raw["steps"]), "cite": tuple(raw["cite"])})
    if ex.region not in REGIONS[:2]:
        raise ValueError(f"exercise {ex.id!r}: region must be back or neck, got {ex.region!r}")
    _whole(ex.hold_seconds, f"{ex.id} hold_seconds", 0, 60)
    _whole(ex.repeats, f"{ex.id} repeats", 1, 20)
    _whole(ex.sets_per_day, f"{ex.id} sets_per_day", 1, 6)
    level(ex.evidence)
    poses.sequence(list(ex.frames))  # a bad pose fails here, when the catalogue loads
    return ex


@functools.lru_cache(maxsize=None)
def load_catalogue(path: Path = DATA_FILE) -> Catalogue:
    """Read and check the catalogue once; a bad entry raises ValueError naming it."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    exercises = tuple(_exercise(e) for e in data["exercises"])
    positions = tuple(Position(p["id"], p["title"], tuple(p["pictures"]), tuple(p["cite"]))
                      for p in data["positions"])
    ids = [x.id for x in (*exercises, *positions)]
    if len(ids) != len(set(ids)):
        raise ValueError(f"duplicate ids in {path}: {sorted(i for i in ids if ids.count(i) > 1)}")
    known = {e.id for e in exercises}
    for note in data["cautions"]:
        unknown = set(note.get("exercises", ())) - known
        if unknown or ("exercises" in note) == ("start_base" in note):
            raise ValueError(f"caution {note.get('id')!r}: name known exercises or one start "
                             f"position, not both (unknown: {sorted(unknown)})")
        for ed in editions.editions():
            try:
                note["text"].format_map(asdict(ed))
            except (KeyError, ValueError) as bad:
                raise ValueError(f"caution {note.get('id')!r}: {bad} is not a word of edition "
                                 f"{ed.id!r} (widgets/data/editions.json)") from None
    return Catalogue(exercises, positions, data["plan"], tuple(data["stop_all"]),
                     tuple(data["stop_neck"]), data["stop_short"], tuple(data["cautions"]))


def exercise(exercise_id: str) -> Exercise:
    found = {e.id: e for e in load_catalogue().exercises}
    if exercise_id not in found:
        raise ValueError(f"unknown exercise {exercise_id!r}; known: {sorted(found)}")
    return found[exercise_id]


def position_ids() -> list[str]:
    return [p.id for p in load_catalogue().positions]


def exercises_for(region: str) -> list[Exercise]:
    """Exercises for "back", "neck" or "both" (back and neck taken in turn)."""
    if region not in REGIONS:
        raise ValueError(f"region must be one of {list(REGIONS)}, got {region!r}")
    cat = load_catalogue().exercises
    if region != "both":
        return [e for e in cat if e.region == region]
    back, neck = exercises_for("back"), exercises_for("neck")
    mixed = [e for pair in zip(back, neck) for e in pair]
    return mixed + back[len(neck):] + neck[len(back):]


# ---- words built from the numbers (the same sentence on every page, widget and sheet) -------
def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def dose_parts(ex: Exercise) -> dict[str, str]:
    """The dose sentence in its three parts, keyed by the field each one says ("" for no hold),
    so a page that changes one number can swap one part."""
    side = " on each side" if ex.each_side else ""
    return {"hold_seconds": f"Hold for {ex.hold_seconds} seconds." if ex.hold_seconds else "",
            "repeats": f"Do it {_times(ex.repeats)}{side}.",
            "sets_per_day": f"Do this {_times(ex.sets_per_day)} a day."}


def dose_text(ex: Exercise) -> str:
    """e.g. 'Hold for 5 seconds. Do it 5 times on each side. Do this 3 times a day.'"""
    return " ".join(part for part in dose_parts(ex).values() if part)


def stop_signs(ex: Exercise) -> tuple[str, ...]:
    cat = load_catalogue()
    return cat.stop_all + (cat.stop_neck if ex.region == "neck" else ())


def cautions(ex: Exercise, edition_id: str = "uk") -> tuple[str, ...]:
    """The catalogue's notes that apply to this exercise (pregnancy, weak bones), in order, in
    one edition's words (who to ask: a physio in the UK, a physical therapist in the US)."""
    words = asdict(editions.edition(edition_id))  # ValueError names an unknown edition
    return tuple(note["text"].format_map(words) for note in load_catalogue().cautions
                 if ex.id in note.get("exercises", ())
                 or note.get("start_base") == ex.start["pose"]["base"])


# ---- pictures --------------------------------------------------------------------------------
def exercise_pictures(ex: Exercise) -> list[poses.Picture]:
    """The movement's frames (start, middle if any, end): one view, one scale, one crop."""
    return poses.sequence(list(ex.frames))


def frame_labels(count: int) -> tuple[str, ...]:
    return ("Start", "Then", "End") if count == 3 else ("Start", "End")[:count]


FRAME_MIN_PX = 110  # on screen, no frame shorter than this where the width allows
FRAME_MIN_WIDE_PX = 100
# A frame at least as wide as tall (a figure on the floor) is never less than this wide, so a
# phone's content width (about 358 px) takes one such frame a row, one under the other: two
# 170 px knee rolls side by side were too small for first-time readers to read (issue 22, round
# 7; the knee rolls seen from above the feet end are about as wide as tall).
FLOOR_ASPECT = 1.0
FLOOR_MIN_PX = 200
# ...and, in a sequence of frames, no wider than this, nor taller than FLOOR_MAX_TALL_PX (a
# figure on the floor seen from above is about as tall as wide), so a lying figure is 110-200 px
# tall on a phone (issue 22 asks for about 100) while the exercise pages stay within ten phone
# screens.
FLOOR_MAX_PX = 300
FLOOR_MAX_TALL_PX = 200
PRINT_FRAME_MM = 45  # each frame at least this wide in the PDF book (issue 22: 45 mm)
# The widest print strip: the PDF book's 16 cm line and 6 mm of each margin, so an exercise of
# three frames at 45 mm prints in one row with its arrows (issue 21), centred on the line.
PRINT_MAX_IN = 6.75


class Figure:
    """Pictures that display as inline SVG (web, JupyterLab) and as one PNG (PDF book).

    Each frame's flex basis is the width at which it is FRAME_MIN_PX tall (never less than
    FRAME_MIN_WIDE_PX wide, nor FLOOR_MIN_PX for a frame wider than tall): on a phone a figure
    on the floor then takes the content width, one under the other, while upright figures sit two or three to a row at a readable size, so the
    page does not grow by a screen per exercise; on wider screens the frames sit in a row. A
    figure with `play` gets a "Play the movement" button from _static/exercise-play.js, which
    fades from frame to frame like the guided routine (no button when the reader asks for less
    motion, none in print). The PNG puts the frames side by side with an arrow, in reading order,
    each at least PRINT_FRAME_MM wide: in two rows when one row would not fit the page."""

    def __init__(self, pictures: list[poses.Picture], labels: tuple[str, ...] = (),
                 play: bool = False):
        if not pictures:
            raise ValueError("a figure needs at least one picture")
        self.pictures = pictures
        self.labels = labels
        self.play = play

    @property
    def alt(self) -> str:
        return " ".join(p.alt for p in self.pictures)

    def _html(self) -> str:
        """Inline styles, so the figure looks the same in the book and in JupyterLab with no
        stylesheet of its own."""
        cells = []
        for i, pic in enumerate(self.pictures):
            label = (f'<p style="margin:0;font-weight:700" aria-hidden="true">{self.labels[i]}</p>'
                     if i < len(self.labels) else "")
            basis = max(FRAME_MIN_WIDE_PX, round(FRAME_MIN_PX * pic.width / pic.height))
            widest = "24rem"
            if pic.width >= FLOOR_ASPECT * pic.height:
                basis = max(basis, FLOOR_MIN_PX)
                if len(self.pictures) > 1:
                    tall_cap = round(FLOOR_MAX_TALL_PX * pic.width / pic.height)
                    widest = f"{min(FLOOR_MAX_PX, tall_cap)}px"
            cells.append(f'<div class="cw-pose-cell" style="flex:1 1 {basis}px;max-width:{widest}">'
                         f'{label}{poses.to_svg(pic, style="width:100%;height:auto")}</div>')
        play = ' data-play=""' if self.play and len(self.pictures) > 1 else ""
        return (f'<div class="cw-pose-row"{play} style="display:flex;flex-wrap:wrap;'
                f'gap:0.5rem 1rem;align-items:flex-end;margin:0.5rem 0">{"".join(cells)}</div>')

    def print_strip(self) -> tuple[poses.Picture, float]:
        """The frames for paper and the PNG's width in inches: each frame at least
        PRINT_FRAME_MM wide, as many to a row as the page takes."""
        narrowest = min(p.width for p in self.pictures)
        for per_row in range(len(self.pictures), 0, -1):  # one frame a row is the last resort
            pic = poses.strip(self.pictures, per_row=per_row)
            width_in = pic.width / narrowest * PRINT_FRAME_MM / 25.4
            if width_in <= PRINT_MAX_IN:
                break
        return pic, min(width_in, PRINT_MAX_IN)

    def _repr_mimebundle_(self, **kwargs):
        pic, width_in = self.print_strip()
        return {"text/html": self._html(), "image/png": poses.png_base64(pic, width_in=width_in),
                "text/plain": self.alt}


def exercise_figure(exercise_id: str) -> Figure:
    pics = exercise_pictures(exercise(exercise_id))
    return Figure(pics, frame_labels(len(pics)), play=True)


def position_figure(position_id: str) -> Figure:
    """A position drawing (resting, sleeping, desk set-up, lifting) for any chapter: see the
    module docstring. ValueError names an unknown id."""
    found = {p.id: p for p in load_catalogue().positions}
    if position_id not in found:
        raise ValueError(f"unknown position {position_id!r}; known: {sorted(found)}")
    pics = poses.crop(*(poses.picture(s) for s in found[position_id].pictures))
    labels = ("Step 1", "Step 2") if len(pics) > 1 else ()
    return Figure(pics, labels)


# ---- the guided routine ----------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    """One timed part of the routine: get into position ("move"), "hold", or "rest"."""
    exercise: str
    phase: str
    seconds: int
    repeat: int
    repeats: int
    side: str  # "left", "right" or "" (both sides at once)


def _exercise_steps(ex: Exercise) -> list[Step]:
    plan = load_catalogue().plan
    sides = ("left", "right") if ex.each_side else ("",)
    steps = []
    for side in sides:
        for rep in range(1, ex.repeats + 1):
            steps.append(Step(ex.id, "move", plan["move_seconds"], rep, ex.repeats, side))
            if ex.hold_seconds:
                steps += [Step(ex.id, "hold", ex.hold_seconds, rep, ex.repeats, side),
                          Step(ex.id, "rest", plan["rest_seconds"], rep, ex.repeats, side)]
    return steps


def check_minutes(minutes, name: str = "minutes") -> int:
    allowed = load_catalogue().plan["minutes"]
    if isinstance(minutes, bool) or minutes not in allowed:
        raise ValueError(f"{name} must be one of {allowed}, got {minutes!r}")
    return int(minutes)


def check_region(region, name: str = "region") -> str:
    if region not in REGIONS:
        raise ValueError(f"{name} must be one of {list(REGIONS)}, got {region!r}")
    return region


def routine(region: str, minutes: int) -> list[Step]:
    """The routine for a region and a time budget: whole exercises, in catalogue order (back
    and neck in turn for "both"), each at its catalogue dose, as many as fit in the time."""
    check_region(region)
    budget = check_minutes(minutes) * 60
    steps: list[Step] = []
    for ex in exercises_for(region):
        more = _exercise_steps(ex)
        if sum(s.seconds for s in steps + more) <= budget:
            steps += more
    return steps


def routine_exercises(region: str, minutes: int) -> list[Exercise]:
    ids = list(dict.fromkeys(s.exercise for s in routine(region, minutes)))
    return [exercise(i) for i in ids]
