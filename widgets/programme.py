"""A patient's own exercise programme, made by a clinician: exercises from the catalogue, each at a
dose the clinician sets inside the catalogue's safe ranges, in the clinician's order, with the
patient's name, a date and a note; and the sheet that prints it.

The ranges, the most exercises on one sheet and which exercises suit the first days of a spasm
are set once, with their sources, under "programme" in data/exercises.json. Everything the sheet
says is worked out here: the browser builder (programme_builder.py and its ES module) and the
fpdf2 sheet (handouts/programme_sheet.py) only draw it, so the two print the same words. The
screen speaks the site's edition ("uk"); a sheet is printed in its paper's edition's words
(editions.for_paper(paper).words: "tummy" -> "belly" on US Letter), so the browser gets every
printed text once per edition and only picks the block for the paper.

A programme travels as a URL fragment, `programme=knee-rolls.5.8.2,chin-tuck.5.5.3` (id, hold
seconds, repeats, times a day), plus `&name=...` only if the clinician asks for it: the date and
the note never leave the page. `from_fragment` reads one back and names what is wrong with a bad
one, in the words the browser shows.
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass, replace
from urllib.parse import quote, unquote

from . import causes, editions, exercises
from .figures import SIGN_PANEL_COLOURS
from .tokens import colour, css_variables

FIELDS = ("hold_seconds", "repeats", "sets_per_day")
FIELD_NAMES = {"hold_seconds": "Hold (seconds)", "repeats": "Repeats", "sets_per_day": "Times a day"}
FRAGMENT_KEY, NAME_KEY = "programme", "name"
ITEM_SEP, FIELD_SEP = ",", "."
MAX_NAME, MAX_NOTE = 60, 500  # characters: the name fits the heading line, the note its box
PAPER_NAMES = {"a4": "A4", "letter": "US Letter"}
PAPER_WIDTH_MM = {"a4": 210, "letter": 215.9}  # the preview shows the sheet at paper width
SITE_EDITION = "uk"  # the website's words: the builder's screen (data/editions.json)
# The sheet's fixed words, in the site's edition: both printers print them in the paper's
# edition's words (sheet_words), with that edition's stop heading.
WORDS = {
    "title": "My exercise programme",
    "name": "Name",
    "date": "Date",
    "tracker_heading": "My week: tick a box each time you do them",
    "tracker_help": "Each day has a box for each time you do the exercise. Bring this sheet to "
                    "your next visit.",
    "week": "Week starting: ____ / ____",
    "note_heading": "A note from your clinician",
    "link_heading": "Open this programme with moving pictures:",
    "qr_alt": "QR code that opens this programme on the course website",
}
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# Messages for a bad link (the browser shows the same words, filled in with the bad part).
MESSAGES = {
    "garbage": "This link does not hold a programme the page can read ({value}). The builder "
               "is empty: pick the exercises again.",
    "unknown": "This link names an exercise the course does not have ({value}). The builder is "
               "empty: pick the exercises again.",
    "dose": "This link asks for a dose outside the safe range ({value}). The builder is empty: "
            "pick the exercises again.",
    "repeated": "This link names the same exercise twice ({value}). The builder is empty: pick "
                "the exercises again.",
    "too_many": "This link has more exercises than one sheet holds ({value}). The builder is "
                "empty: pick the exercises again.",
}


class LinkError(ValueError):
    """A fragment that is not a programme; `kind` picks its message from MESSAGES."""

    def __init__(self, kind: str, value: str):
        self.kind, self.value = kind, value
        super().__init__(MESSAGES[kind].format(value=value))


@dataclass(frozen=True)
class Stage:
    id: str
    name: str
    exercises: tuple[str, ...]


@dataclass(frozen=True)
class Rules:
    limits: dict  # field -> (lowest, highest)
    max_exercises: int
    stages: tuple[Stage, ...]
    cite: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def rules() -> Rules:
    """The builder's rules from the catalogue, checked: every limit a whole-number range, every
    catalogue dose inside it (so the default is always allowed), every stage id known."""
    raw = json.loads(exercises.DATA_FILE.read_text(encoding="utf-8"))["programme"]
    limits = {}
    for field in FIELDS:
        low, high = raw["dose_limits"][field]
        if not (isinstance(low, int) and isinstance(high, int) and 0 < low <= high):
            raise ValueError(f"dose limit {field} must be two whole numbers, got {[low, high]}")
        limits[field] = (low, high)
    known = {e.id for e in exercises.load_catalogue().exercises}
    stages = tuple(Stage(s["id"], s["name"], tuple(s["exercises"])) for s in raw["stages"])
    for stage in stages:
        unknown = sorted(set(stage.exercises) - known)
        if unknown:
            raise ValueError(f"stage {stage.id!r} names unknown exercises {unknown}")
    found = Rules(limits, raw["max_exercises"], stages, tuple(raw["cite"]))
    for ex in exercises.load_catalogue().exercises:
        for field in FIELDS:
            value = getattr(ex, field)
            if value not in dose_options(ex, found)[field]:
                raise ValueError(f"catalogue dose {ex.id} {field}={value} is outside the "
                                 f"programme limits {limits[field]}")
    return found


def dose_options(ex: exercises.Exercise, found: Rules | None = None) -> dict[str, list[int]]:
    """Every value the builder offers for each dose field of this exercise. An exercise with no
    hold in the catalogue (it is a movement, not a stretch) keeps no hold."""
    limits = (found or rules()).limits
    options = {f: list(range(limits[f][0], limits[f][1] + 1)) for f in FIELDS}
    if ex.hold_seconds == 0:
        options["hold_seconds"] = [0]
    return options


def stage(stage_id: str) -> Stage:
    for s in rules().stages:
        if s.id == stage_id:
            return s
    raise ValueError(f"unknown stage {stage_id!r}; known: {[s.id for s in rules().stages]}")


@dataclass(frozen=True)
class Item:
    """One exercise at the clinician's dose."""
    exercise: str
    hold_seconds: int
    repeats: int
    sets_per_day: int

    @property
    def dosed(self) -> exercises.Exercise:
        """The catalogue exercise with this dose, so the catalogue's own words describe it."""
        return replace(exercises.exercise(self.exercise), hold_seconds=self.hold_seconds,
                       repeats=self.repeats, sets_per_day=self.sets_per_day)


def item(exercise_id: str, hold_seconds: int | None = None, repeats: int | None = None,
         sets_per_day: int | None = None) -> Item:
    """An exercise at a dose; a dose left out is the catalogue's. ValueError names an unknown id
    or a dose outside the exercise's range."""
    ex = exercises.exercise(exercise_id)
    given = {"hold_seconds": hold_seconds, "repeats": repeats, "sets_per_day": sets_per_day}
    options = dose_options(ex)
    dose = {}
    for field, value in given.items():
        value = getattr(ex, field) if value is None else value
        if isinstance(value, bool) or value not in options[field]:
            raise ValueError(f"{field} for {exercise_id!r} must be one of {options[field]}, "
                             f"got {value!r}")
        dose[field] = value
    return Item(exercise_id, **dose)


@dataclass(frozen=True)
class Programme:
    items: tuple[Item, ...]
    name: str = ""
    date: str = ""  # ISO, YYYY-MM-DD, or ""
    note: str = ""

    @property
    def region(self) -> str:
        """back, neck or both: which emergency signs and stop rules the sheet carries."""
        found = {exercises.exercise(i.exercise).region for i in self.items}
        return found.pop() if len(found) == 1 else "both"


def _text(value, name: str, limit: int) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise ValueError(f"{name} must be text of at most {limit} characters, got {value!r:.80}")
    return value.strip()


def make(items=(), name: str = "", date: str = "", note: str = "") -> Programme:
    """A checked programme. Items are Item, an exercise id (catalogue dose), a tuple (id, hold,
    repeats, times a day) or a dict with those keys. ValueError names a bad value: an unknown
    exercise, a dose out of range, the same exercise twice, too many exercises, a bad date."""
    made = []
    for entry in items:
        if isinstance(entry, Item):
            made.append(item(entry.exercise, entry.hold_seconds, entry.repeats,
                             entry.sets_per_day))
        elif isinstance(entry, str):
            made.append(item(entry))
        elif isinstance(entry, dict):
            made.append(item(**entry))
        elif isinstance(entry, (tuple, list)) and len(entry) == 4:
            made.append(item(*entry))
        else:
            raise ValueError(f"an item must be an exercise id, (id, hold, repeats, times a day) "
                             f"or a dict, got {entry!r}")
    ids = [i.exercise for i in made]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise ValueError(f"each exercise may be in a programme once, got {twice} twice")
    if len(made) > rules().max_exercises:
        raise ValueError(f"a programme has at most {rules().max_exercises} exercises (one "
                         f"sheet), got {len(made)}")
    date = _text(date, "date", 10)
    if date:
        editions.edition(SITE_EDITION).date(date)  # the one date check: ValueError names it
    return Programme(tuple(made), _text(name, "name", MAX_NAME), date,
                     _text(note, "note", MAX_NOTE))


# ---- the link ---------------------------------------------------------------------------------
def to_fragment(prog: Programme, include_name: bool = False) -> str:
    """The URL fragment (without '#') that reopens the programme: exercises and doses, and the
    name only if asked."""
    items = ITEM_SEP.join(FIELD_SEP.join([i.exercise, *(str(getattr(i, f)) for f in FIELDS)])
                          for i in prog.items)
    fragment = f"{FRAGMENT_KEY}={items}"
    if include_name and prog.name:
        fragment += f"&{NAME_KEY}={quote(prog.name, safe='')}"
    return fragment


def _whole(text: str) -> int:
    if not text.isdigit() or len(text) > 3:
        raise ValueError(text)
    return int(text)


def from_fragment(fragment: str) -> Programme:
    """The programme a fragment (with or without '#') names; LinkError (a ValueError) says what
    is wrong, in MESSAGES' words."""
    text = fragment.removeprefix("#")
    parts = dict(p.partition("=")[::2] for p in text.split("&"))
    if not text.startswith(f"{FRAGMENT_KEY}=") or set(parts) - {FRAGMENT_KEY, NAME_KEY}:
        raise LinkError("garbage", text[:40])
    entries = parts[FRAGMENT_KEY].split(ITEM_SEP) if parts[FRAGMENT_KEY] else []
    if len(entries) > rules().max_exercises:
        raise LinkError("too_many", str(len(entries)))
    known = {e.id for e in exercises.load_catalogue().exercises}
    made = []
    for entry in entries:
        bits = entry.split(FIELD_SEP)
        try:
            dose = [_whole(b) for b in bits[1:]]
        except ValueError:
            raise LinkError("garbage", entry[:40]) from None
        if len(bits) != 1 + len(FIELDS):
            raise LinkError("garbage", entry[:40])
        if bits[0] not in known:
            raise LinkError("unknown", bits[0][:40])
        if bits[0] in (i.exercise for i in made):
            raise LinkError("repeated", bits[0])
        try:
            made.append(item(bits[0], *dose))
        except ValueError:
            raise LinkError("dose", entry) from None
    try:
        name = unquote(parts.get(NAME_KEY, ""), errors="strict")
    except UnicodeDecodeError:
        raise LinkError("garbage", parts[NAME_KEY][:40]) from None
    return make(made, name=name[:MAX_NAME])


# ---- what the sheet says ----------------------------------------------------------------------
@dataclass(frozen=True)
class Panel:
    """The emergency panel: what to do (the heading), the signs, the level's message."""
    level: str
    heading: str
    items: tuple[str, ...]
    notes: tuple[str, ...]


def emergency_panel(region: str, edition_id: str) -> Panel:
    """The region's emergency signs in one edition's words (the numbers to call) and spelling."""
    lvl = causes.sign_level("emergency", edition_id)
    signs = causes.load_catalogue().signs("emergency", exercises.check_region(region))
    words = editions.edition(edition_id).words
    return Panel("emergency", words(f"{lvl.title}, if you have:"),
                 tuple(words(s.label + ".") for s in signs), (words(lvl.message),))


def stop_list(region: str) -> tuple[str, ...]:
    """Every stop sign of the region's exercises, in catalogue order."""
    regions = ("back", "neck") if region == "both" else (exercises.check_region(region),)
    found: list[str] = []
    for ex in exercises.load_catalogue().exercises:
        if ex.region in regions:
            found += [s for s in exercises.stop_signs(ex) if s not in found]
    return tuple(found)


def sheet_words(edition_id: str) -> dict[str, str]:
    """WORDS and the stop heading (who to ask) in one edition's words; ValueError names an
    unknown edition."""
    ed = editions.edition(edition_id)
    fixed = {**WORDS, "stop_heading": ed.stop_heading}
    return {key: ed.words(text) for key, text in fixed.items()}


def stop_rule(exercise_id: str) -> str:
    """The one-line stop rule printed under an exercise."""
    ex = exercises.exercise(exercise_id)
    return f"Stop if {exercises.load_catalogue().stop_short[ex.region]}"


def tracker_label(it: Item) -> str:
    return f"{exercises.exercise(it.exercise).name} ({it.sets_per_day} a day)"


def paper_label(paper: str) -> str:
    ed = editions.for_paper(paper)
    return f"{PAPER_NAMES[paper]}, for {ed.country} (call {ed.emergency})"


@dataclass(frozen=True)
class SheetExercise:
    name: str
    steps: tuple[str, ...]
    dose: str
    stop: str


@dataclass(frozen=True)
class Sheet:
    """Everything a printed programme says, in reading order."""
    paper: str
    title: str
    name: str
    date: str
    exercises: tuple[SheetExercise, ...]
    tracker: tuple[tuple[str, int], ...]  # (label, boxes a day) per exercise
    stop_heading: str  # who to ask, in the paper's edition
    stop: tuple[str, ...]
    note: str
    panel: Panel
    link: str


def sheet_exercise(it: Item, edition_id: str) -> SheetExercise:
    """One exercise at its dose as a sheet of this edition prints it."""
    words = editions.edition(edition_id).words
    ex = exercises.exercise(it.exercise)
    return SheetExercise(words(ex.name), tuple(map(words, ex.steps)),
                         words(exercises.dose_text(it.dosed)), words(stop_rule(it.exercise)))


def sheet(prog: Programme, paper: str, link: str) -> Sheet:
    """The sheet for a programme of at least one exercise, on "a4" (UK numbers and words) or
    "letter" (US numbers and words); ValueError for an empty programme or an unknown paper."""
    if not prog.items:
        raise ValueError("a programme needs at least one exercise before it can be printed")
    ed = editions.for_paper(paper)
    words, said = ed.words, sheet_words(ed.id)  # the paper's; the name and note stay as typed
    return Sheet(paper, said["title"], prog.name, ed.date(prog.date) if prog.date else "",
                 tuple(sheet_exercise(i, ed.id) for i in prog.items),
                 tuple((words(tracker_label(i)), i.sets_per_day) for i in prog.items),
                 said["stop_heading"], tuple(map(words, stop_list(prog.region))), prog.note,
                 emergency_panel(prog.region, ed.id), link)


def sheet_text(s: Sheet) -> list[str]:
    """The sheet's words in reading order: what both printers print and what tests read."""
    said = sheet_words(editions.for_paper(s.paper).id)
    lines = [s.title]
    if s.name:
        lines.append(f"{said['name']}: {s.name}")
    if s.date:
        lines.append(f"{said['date']}: {s.date}")
    for n, ex in enumerate(s.exercises, 1):
        lines += [f"{n}. {ex.name}", *(f"{k}. {step}" for k, step in enumerate(ex.steps, 1)),
                  ex.dose, ex.stop]
    lines += [said["tracker_heading"], *(label for label, _ in s.tracker),
              s.stop_heading, *s.stop]
    if s.note:
        lines += [said["note_heading"], s.note]
    lines += [s.panel.heading, *s.panel.items, *s.panel.notes, said["link_heading"], s.link]
    return lines


# ---- what the browser builder needs -----------------------------------------------------------
def printed_texts(edition_id: str) -> dict:
    """Every text of the builder's sheet in one edition's words, as sheet() words it: the fixed
    words and days, and how a date is written; per exercise its name, steps, stop rule, its
    pictures' captions and alt text, each dose value's part of the dose sentence and each
    tracker row; per region the stop list and the emergency panel. ValueError names an unknown
    edition."""
    words = editions.edition(edition_id).words
    items = {}
    for ex in exercises.load_catalogue().exercises:
        printed = sheet_exercise(item(ex.id), edition_id)
        options = dose_options(ex)
        frames = exercises.exercise_pictures(ex)
        items[ex.id] = {
            "name": printed.name, "steps": list(printed.steps), "stop": printed.stop,
            "pictures": [{"label": words(label), "alt": words(f.alt)} for f, label in
                         zip(frames, exercises.frame_labels(len(frames)))],
            "dose_parts": {f: {str(v): words(exercises.dose_parts(replace(ex, **{f: v}))[f])
                               for v in options[f]} for f in FIELDS},
            "tracker": {str(v): words(tracker_label(Item(ex.id, ex.hold_seconds, ex.repeats, v)))
                        for v in options["sets_per_day"]}}
    panels = {r: emergency_panel(r, edition_id) for r in exercises.REGIONS}
    date = {"format": editions.edition(edition_id).date_format, "months": list(editions.MONTHS)}
    return {"words": sheet_words(edition_id), "days": [words(d) for d in DAYS], "date": date,
            "exercises": items,
            "stops": {r: [words(s) for s in stop_list(r)] for r in exercises.REGIONS},
            "panels": {r: {"heading": p.heading, "items": list(p.items), "notes": list(p.notes)}
                       for r, p in panels.items()}}


def front_end_data(print_url: str) -> dict:
    """The catalogue, the rules and the words as the builder draws them. Per exercise, what no
    edition changes: its region, pictures, the values each dose field may take and the default;
    per edition ("texts"), every text the sheet prints (printed_texts), for the screen (the
    site's edition, "screen") and for each paper (its "edition"); the link's format and the
    bad-link messages. `print_url` is the page address the printed link and QR code use (the
    published site, so a phone can open it)."""
    from . import poses

    cat = exercises.load_catalogue()
    items = {ex.id: {"region": ex.region,
                     "pictures": [poses.to_svg(f) for f in exercises.exercise_pictures(ex)],
                     "options": dose_options(ex), "default": {f: getattr(ex, f) for f in FIELDS}}
             for ex in cat.exercises}
    return {
        "exercises": items,
        "order": [e.id for e in cat.exercises],
        "regions": [["back", "Back"], ["neck", "Neck and shoulders"], ["both", "Both"]],
        "stages": [{"id": s.id, "name": s.name, "exercises": list(s.exercises)}
                   for s in rules().stages],
        "fields": [[f, FIELD_NAMES[f]] for f in FIELDS],
        "max_exercises": rules().max_exercises,
        "papers": [{"id": p, "label": paper_label(p), "css": PAPER_NAMES[p].split()[-1],
                    "width_px": round(PAPER_WIDTH_MM[p] * 96 / 25.4),
                    "edition": editions.for_paper(p).id} for p in editions.PAPERS],
        "panel_colours": SIGN_PANEL_COLOURS["emergency"],
        "tokens_css": css_variables(),
        "qr_colours": {"dark": colour("black"), "light": colour("paper")},
        "screen": SITE_EDITION,
        "texts": {ed.id: printed_texts(ed.id) for ed in editions.editions()},
        "messages": MESSAGES,
        "link": {"key": FRAGMENT_KEY, "name_key": NAME_KEY, "item_sep": ITEM_SEP,
                 "field_sep": FIELD_SEP, "fields": list(FIELDS)},
        "max_name": MAX_NAME,
        "max_note": MAX_NOTE,
        "print_url": print_url,
    }
