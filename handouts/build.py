"""Build the advice handouts as PDFs, on A4 (the "uk" edition) and US Letter (the "us" edition).

fpdf2 (pure Python) with the DejaVu Sans TTF that ships inside matplotlib, and a QR code made
by segno, so the handouts need no system packages or TeX. The words live in content.yaml; the
course facts (version, review date, address) come from _config.yml, the one place they are set;
the numbers to call come from the sheet's edition (widgets/data/editions.json); the warning
signs and their levels, the treatments' cautions and the exercises' doses and stop lists come
from the catalogues, so no fact is typed twice.

Each sheet, top to bottom: title; fields for name, date, clinic and review date; a shaded
"Remember" summary; the advice for the front; then one coloured panel per warning-sign level (as
in the book: red emergency, amber urgent, blue see a doctor), each with what to do in its title
bar, signs in two columns and the level's notes under them. The emergency and urgent panels are
always whole on the front (FRONT_LEVELS: the side a patient pins up), the saddle-area drawing
beside the saddle sign. A sheet fills one side in the largest type that fits (SCALES); if it
needs two, the sections marked for the back, the see-a-doctor panel, the meaning of harder words
and a box for the clinician's instructions go over the page, in the largest type that keeps the
front whole.
"""
from __future__ import annotations

import contextlib
import functools
import io
from dataclasses import asdict, dataclass
from pathlib import Path

import matplotlib
import segno
import yaml
from fpdf import FPDF

from widgets import causes, diagrams, editions, exercises, poses
from widgets.figures import SIGN_PANEL_COLOURS as PANELS
from widgets.glossary import glossary_term
from widgets.tokens import rgb

REPO = Path(__file__).resolve().parents[1]
CONTENT = Path(__file__).with_name("content.yaml")
CONFIG = REPO / "_config.yml"
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
PAPERS = {"a4": "A4", "letter": "Letter"}  # file suffix (= an edition's paper) -> fpdf2 format
MARGIN = 10  # mm: office printers print to 5 mm from the edge
INK = rgb("black")
PAPER = rgb("paper")
REMEMBER_FILL = rgb("wash-blue")
STOP_COLOUR = rgb("stop")  # dark orange: "stop" without the red of an emergency
# Type sizes (pt) and line heights (mm): large, for readers with poor sight; nothing under 9 pt.
STYLES = {
    "title": ("B", 17, 7.6),
    "field": ("", 11, 5.2),
    "remember-heading": ("B", 12, 5.6),
    "remember": ("", 11.5, 5.1),
    "heading": ("B", 12.5, 6),
    "item": ("", 11, 4.9),
    "stop-heading": ("B", 10.5, 4.6),
    "stop": ("", 10, 4.3),
    "rule-heading": ("B", 13, 6.5),  # the exercise sheets' stop rule, which has a side to itself
    "rule": ("", 11, 5.2),
    "sign-heading": ("B", 11.5, 5.6),
    "sign-action": ("B", 10.5, 4.6),  # what to do, under the heading in the panel's title bar
    "sign-item": ("", 10.5, 4.4),
    "sign-group": ("B", 10, 4.2),  # a panel's sub-heading: whose signs follow (as in the book)
    "sign-message": ("B", 10.5, 4.5),
    "gloss-heading": ("B", 11, 5.2),
    "gloss": ("", 10, 4.3),
    "caption": ("", 9.5, 4.1),  # under a picture: what it shows, and what to do
}
# On a one-sided sheet the advice and the signs step down to these fractions of their size if
# the side is full (the signs never below 9.5 pt); past that the sheet goes on over the page.
SCALED = ("item", "sign-item", "sign-group", "remember", "stop", "gloss", "caption")
SCALES = (1, 0.95, 0.91)
MAX_SIDES = 2  # one sheet of paper
# If a sheet does not fit in any type size with every panel's sub-headings, these levels' panels
# drop theirs, one step at a time: the emergency list first (the shorter, so the long urgent
# list keeps its groups if it can), then the urgent one, then both.
FLAT_STEPS = ((), ("emergency",), ("urgent",), ("emergency", "urgent"))
FOOT = 33  # mm kept free at the foot of the last side for the instructions box and the footer
TURN = 7  # mm kept free at the foot of a side that goes on over the page
QR_SIZE = 20  # mm
GAP = 4  # mm between columns
PAD = 2  # mm inside a panel's frame
COLUMN_SLACK = 5  # mm: how much taller a panel may be to break its columns between sign groups
MIN_PART = 4  # signs: a panel is split over two sides only if at least this many fit on the first
SPACE = 0.5  # mm after each list item
FIELDS = (("Name", "Date"), ("Clinic and phone", "Review date"))
MOVE_PIC_W = 72  # mm: a movement's start and end drawings, as on the exercise sheets
MOVE_PIC_H_MAX = 25  # mm: a tall pair is drawn narrower instead
SADDLE_W = 36  # mm: the saddle-area picture in the emergency panel, with its caption under it
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
TICK_HEADING = "Tick a box each time you do it:"
# What the marks on the exercise drawings mean (widgets/poses.py draws them), on every sheet.
PICTURE_KEY = "Arrow: which way to move. Orange: where you feel it."
GLOSS_HEADING = "What some words on this sheet mean"
TURN_OVER = "Please turn over."


def course_facts(config: Path = CONFIG) -> dict[str, str]:
    """Author, version, review date and address, from _config.yml."""
    data = yaml.safe_load(Path(config).read_text(encoding="utf-8"))
    subs = data["sphinx"]["config"]["myst_substitutions"]
    facts = {"author": data["author"], **{k: str(subs[k]) for k in
                                          ("course_version", "last_checked_words", "last_checked",
                                           "course_url")}}
    return facts


def load_content(path: Path = CONTENT) -> dict:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def fill(text: str, edition: editions.Edition, **layout: object) -> str:
    """Content text with {emergency}, {emergency_place}... filled in from the edition (and any
    layout fact a sheet passes, such as {stop_page}), on one line."""
    return " ".join(text.format_map({**asdict(edition), **layout}).split())


# ----- What a sheet says: blocks, in reading order ----------------------------------------------

@dataclass(frozen=True)
class Panel:
    """One warning-sign level's panel: the heading and what to do (both in the title bar, so the
    action is read first), the signs, the level's notes in bold under them, and for the saddle
    area picture its caption (None: no picture). `groups` prints the same signs under
    sub-headings, as (title, signs) in the book's order (causes.signs_by_region); () prints
    `items` as one list."""
    level: str
    heading: str
    action: str
    items: tuple[str, ...]
    notes: tuple[str, ...]
    caption: str | None = None
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def entries(self) -> list[tuple[str, str]]:
        """What the panel lists, in order, as (style, text): each group's sub-heading
        ("sign-group") before its signs ("sign-item"), or the signs alone."""
        if not self.groups:
            return [("sign-item", t) for t in self.items]
        return [e for title, signs in self.groups
                for e in (("sign-group", title), *(("sign-item", t) for t in signs))]


@dataclass(frozen=True)
class Movement:
    text: str  # name, how to do it and the dose
    exercise: exercises.Exercise
    stops: tuple[str, ...]  # the catalogue's stop list for this exercise
    stop_heading: str  # who to ask, in the sheet's edition
    caption: str  # under the drawings: the exercise's name and the key to the marks


def signs_for(level: str, region: str | None = None,
              edition_id: str = "uk") -> tuple[str, list[str]]:
    """Heading and labels of one warning-sign level (every region, or one region plus the signs
    for both), in one edition's words, from the course's one cause catalogue."""
    title = causes.sign_level(level, edition_id).title  # ValueError names an unknown level
    if region is not None and region not in causes.REGIONS:
        raise ValueError(f"unknown region {region!r}; known: {causes.REGIONS}")
    items = [s.label + "." for s in causes.load_catalogue(edition_id).signs(level, region)]
    return f"{title}, if you have:", items


def saddle_caption(edition: editions.Edition) -> str:
    """What the saddle-area picture shows and what to do, with the edition's number."""
    return (f"Saddle area (shaded), seen from behind. New numbness here: call "
            f"{edition.emergency} now.")


def sign_panels(region: str | None, edition_id: str, picture: str | None = None,
                flat: tuple[str, ...] = ()) -> list[Panel]:
    """A panel for each level that has signs for the region (every region: None), with what to
    do and the level's notes; the saddle-area picture (picture="saddle") goes in the emergency
    panel, beside its saddle sign. Each panel prints its signs under the book's sub-headings
    (sign_groups), except the levels in `flat`, which list them without (for a sheet on which
    the sub-headings would not fit). Used by every sheet, so each shows each sign at its
    level."""
    if picture not in (None, "saddle"):
        raise ValueError(f"unknown sign picture {picture!r}; known: 'saddle'")
    cat = causes.load_catalogue(edition_id)
    panels = []
    for level in causes.LEVEL_IDS:
        heading, items = signs_for(level, region, edition_id)
        if items:
            notes = tuple(n.text for n in cat.sign_notes(level, region))
            caption = (saddle_caption(editions.edition(edition_id))
                       if picture and level == "emergency" else None)
            groups = () if level in flat else sign_groups(level, region, edition_id)
            if groups:  # the signs in the order they are printed
                items = [t for _, signs in groups for t in signs]
            panels.append(Panel(level, heading, causes.sign_level(level, edition_id).message,
                                tuple(items), notes, caption, groups))
    return panels


def sign_groups(level: str, region: str | None,
                edition_id: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """One level's signs for the region as the book's panels group them (sub-heading, labels
    in the edition's words): causes.signs_by_region's groups and titles, empty ones left out."""
    labels = {s.id: s.label + "." for s in
              causes.load_catalogue(edition_id).signs(level, region)}
    groups = ((title, tuple(labels[s.id] for s in signs if s.id in labels))
              for title, signs in causes.signs_by_region(level))
    return tuple((title, signs) for title, signs in groups if signs)


def item_block(item, edition: editions.Edition) -> str | Movement:
    """An advice item: plain text; {exercise: id, how: short how-to} for a movement, whose name,
    counts and stop list come from the exercise catalogue (as on the exercise sheets and in the
    book); or {action: id} for a treatment, printed with its advice and full caution from the
    cause catalogue."""
    if isinstance(item, str):
        return " ".join(item.split())
    if "action" in item:
        act = causes.load_catalogue().action(item["action"])  # ValueError names an unknown id
        return " ".join(f"{act.name}. {act.advice} {act.caution}".split())
    ex = exercises.exercise(item["exercise"])  # ValueError names an unknown id
    text = " ".join(f"{ex.name}. {item['how']} {exercises.dose_text(ex)}".split())
    return Movement(text, ex, exercises.stop_signs(ex), edition.stop_heading,
                    picture_caption(ex))


def picture_caption(ex: exercises.Exercise) -> str:
    """Under an exercise's drawings: its name, the order of the frames and the key."""
    return f"{ex.name}: start, then end. {PICTURE_KEY}"


def glossary(text: str) -> list[str]:
    """'Term: meaning.' for each of the sheets' harder words (content.yaml glossed_words) that
    the text uses, in the course glossary's words; ValueError names a word it lacks."""
    low = " ".join(text.lower().split())
    return [f"{t.term}: {t.text}" for t in map(glossary_term, load_content()["glossed_words"])
            if t.term.lower() in low]


# The levels a sheet prints on its front side, whole, with what to do: the side a patient pins
# up. The see-a-doctor panel, the "back" sections and the word list can go over the page.
FRONT_LEVELS = ("emergency", "urgent")


def blocks(handout: dict, edition_id: str = "uk", flat: tuple[str, ...] = ()) -> list:
    """The sheet's content in reading order: ("title", text), ("remember", lines),
    ("heading", text), ("item", text), Movement, Panel, ("back",) where the front side's
    content ends (after the emergency and urgent panels) and ("glossary", lines). Sections
    marked `back: true` in content.yaml come after the front panels. The panels of the levels
    in `flat` list their signs without sub-headings."""
    ed = editions.edition(edition_id)
    out: list = [("title", handout["title"]),
                 ("remember", [fill(line, ed) for line in handout["remember"]])]
    panels = sign_panels(handout["signs"].get("region"), edition_id,
                         picture=handout["signs"].get("picture"), flat=flat)
    front = [p for p in panels if p.level in FRONT_LEVELS]

    def sections(back: bool) -> list:
        part: list = []
        for section in handout["sections"]:
            if bool(section.get("back")) == back:
                part.append(("heading", section["heading"]))
                part += [b if isinstance(b, Movement) else ("item", b)
                         for b in (item_block(i, ed) for i in section["items"])]
        return part

    out += [*sections(back=False), *front, ("back",), *sections(back=True),
            *(p for p in panels if p not in front)]
    words = glossary(" ".join(t for _, t in flatten(out)))
    if words:
        out.append(("glossary", words))
    return out


def flatten(content: list) -> list[tuple[str, str]]:
    """Blocks as (style, text) in reading order: the one list both the PDF and the tests read,
    so what is graded is what is printed."""
    ops: list[tuple[str, str]] = []
    for block in content:
        if isinstance(block, Panel):
            ops += [("sign-heading", block.heading), ("sign-action", block.action),
                    *block.entries(),
                    *((("caption", block.caption),) if block.caption else ()),
                    *(("sign-message", t) for t in block.notes)]
        elif isinstance(block, Movement):
            ops += [("item", block.text), ("caption", block.caption),
                    ("stop-heading", block.stop_heading), *(("stop", s) for s in block.stops)]
        elif block[0] == "back":
            continue
        elif block[0] == "remember":
            ops += [("remember-heading", "Remember"), *(("remember", t) for t in block[1])]
        elif block[0] == "glossary":
            ops += [("gloss-heading", GLOSS_HEADING), *(("gloss", t) for t in block[1])]
        else:
            ops.append(block)
    return ops


def layout(handout: dict, edition_id: str = "uk") -> list[tuple[str, str]]:
    """The sheet's text as (style, text) in reading order, in one edition's words and spelling
    (as _Handout draws it), with the sub-headings the printed sheet has (a panel that had to
    drop them to fit has none)."""
    ed = editions.edition(edition_id)
    flat = render_flat(handout, course_facts(), ed.paper)[1]
    return [(style, ed.words(text)) for style, text in flatten(blocks(handout, edition_id, flat))]


def footer_lines(facts: dict[str, str]) -> list[str]:
    return [
        "This sheet gives general advice. It does not take the place of your own clinician.",
        f"{facts['author']}. Version {facts['course_version']}. "
        f"{facts['last_checked_words']}: {facts['last_checked']}.",
    ]


def _qr_png(url: str) -> io.BytesIO:
    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="png", scale=10, border=2)
    buf.seek(0)
    return buf


# ----- Drawing -------------------------------------------------------------------------------

class _DoesNotFit(Exception):
    pass


class _Handout(FPDF):
    """A page in the handouts' fonts and margins, every word in the paper's edition's spelling
    (normalize_text). room() turns to a new side when a block will not fit, up to max_sides;
    past that it raises _DoesNotFit."""

    def __init__(self, paper: str, scale: float = 1, max_sides: int = 1, running: str = ""):
        if paper not in PAPERS:
            raise ValueError(f"unknown paper {paper!r}; known: {list(PAPERS)}")
        super().__init__(orientation="P", unit="mm", format=PAPERS[paper])
        self.scale, self.max_sides, self.running = scale, max_sides, running
        self.words = editions.for_paper(paper).words
        self.add_font("DejaVu", "", FONT_DIR / "DejaVuSans.ttf")
        self.add_font("DejaVu", "B", FONT_DIR / "DejaVuSans-Bold.ttf")
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(False)
        self.set_text_color(*INK)
        self.add_page()

    def normalize_text(self, text: str) -> str:
        """fpdf2 passes every text it measures or draws through here: so whichever sheet wrote
        it, a Letter sheet prints US words (editions.us_words), an A4 sheet the UK ones."""
        return super().normalize_text(self.words(text))

    @contextlib.contextmanager
    def as_typed(self):
        """What a person typed (a patient's name, a clinician's note) prints as typed."""
        words, self.words = self.words, str
        try:
            yield
        finally:
            self.words = words

    @property
    def text_width(self) -> float:
        return self.w - 2 * MARGIN

    @property
    def bottom(self) -> float:
        """The lowest y a block may reach on this side and still leave room to turn over."""
        return self.h - MARGIN - TURN

    def room(self, need: float) -> None:
        """Make sure `need` mm fit on this side, turning over if not."""
        if self.get_y() + need > self.bottom:
            self.turn_over()

    def turn_over(self) -> None:
        if self.page >= self.max_sides:
            raise _DoesNotFit(f"{self.running!r} does not fit on {self.max_sides} side(s) of "
                              f"{self.cur_orientation} {self.w:.0f} x {self.h:.0f} mm")
        self.set_xy(MARGIN, self.h - MARGIN - TURN + 2)
        self.set_font("DejaVu", "B", 11)
        self.cell(self.text_width, 5, TURN_OVER, align="R")
        self.add_page()
        self.set_y(MARGIN)
        self.para("heading", f"{self.running} (continued)")
        self.set_y(self.get_y() + 1)

    def style(self, style: str) -> float:
        weight, size, line = STYLES[style]
        scale = self.scale if style in SCALED else 1
        self.set_font("DejaVu", weight, size * scale)
        return line * scale

    def para(self, style: str, text: str, x: float = MARGIN, width: float | None = None,
             bullet: bool = False, dry: bool = False, colour=INK) -> float:
        """Write (or with dry=True only measure) a paragraph; returns its height in mm."""
        line = self.style(style)
        width = self.text_width if width is None else width
        indent = 5 if bullet else 0
        lines = self.multi_cell(width - indent, line, text, dry_run=True, output="LINES")
        if not dry:
            y = self.get_y()
            self.set_text_color(*colour)
            if bullet:
                self.set_xy(x, y)
                self.cell(indent, line, "\u2022")
            self.set_xy(x + indent, y)
            self.multi_cell(width - indent, line, text, align="L")
            self.set_xy(MARGIN, y + len(lines) * line)
            self.set_text_color(*INK)
        return len(lines) * line

    def flowing(self, style: str, text: str, **kw) -> None:
        """A paragraph that moves to the next side whole if it does not fit on this one."""
        self.room(self.para(style, text, dry=True, **kw))
        self.para(style, text, **kw)


def render(handout: dict, facts: dict[str, str], paper: str) -> bytes:
    """One handout on one paper size, in that paper's edition: one side in the largest type
    (SCALES) that fits, else two sides in the largest type that keeps the emergency and urgent
    panels whole on the front; ValueError if nothing fits."""
    return render_flat(handout, facts, paper)[0]


def render_flat(handout: dict, facts: dict[str, str], paper: str) -> tuple[bytes, tuple[str, ...]]:
    """render(), and the levels whose panels had to drop their sub-headings to fit (FLAT_STEPS:
    only after every type size has been tried with them)."""
    edition_id = editions.for_paper(paper).id  # ValueError names an unknown paper
    for flat in FLAT_STEPS:
        for scale, sides in [*((s, 1) for s in SCALES), *((s, MAX_SIDES) for s in SCALES)]:
            try:
                return _render(handout, facts, paper, edition_id, scale, sides, flat), flat
            except _DoesNotFit as overflow:
                error = overflow
    raise ValueError(str(error))


def _render(handout: dict, facts: dict[str, str], paper: str, edition_id: str, scale: float,
            sides: int, flat: tuple[str, ...] = ()) -> bytes:
    pdf = _Handout(paper, scale, sides, handout["title"])
    pdf.set_title(handout["title"])
    pdf.set_author(facts["author"])
    pdf.set_lang("en")
    head_w = pdf.text_width - QR_SIZE - GAP
    _qr(pdf, facts["course_url"])
    for block in blocks(handout, edition_id, flat):
        if isinstance(block, Panel):
            draw_panel(pdf, block)
        elif isinstance(block, Movement):
            _movement(pdf, block)
        elif block[0] == "title":
            pdf.para("title", block[1], width=head_w)
            pdf.set_draw_color(*PANELS["emergency"][1])
            pdf.set_line_width(0.8)
            pdf.line(MARGIN, pdf.get_y() + 1, MARGIN + head_w, pdf.get_y() + 1)
            pdf.set_y(pdf.get_y() + 2.8)
            _fields(pdf, head_w)
            pdf.set_y(max(pdf.get_y(), MARGIN + QR_SIZE + 6))
        elif block[0] == "remember":
            draw_remember(pdf, block[1])
        elif block[0] == "heading":
            pdf.set_y(pdf.get_y() + 0.5)
            pdf.room(pdf.para("heading", block[1], dry=True) + 10)  # not alone at a side's foot
            pdf.para("heading", block[1])
        elif block[0] == "item":
            pdf.flowing("item", block[1], bullet=True)
            pdf.set_y(pdf.get_y() + SPACE)
        elif block[0] == "back":
            if pdf.page > 1:
                raise _DoesNotFit(f"{handout['title']!r}: the {' and '.join(FRONT_LEVELS)} "
                                  "signs do not fit on the front side")
            if sides > 1:  # the rest (see-a-doctor signs, word list, clinician's box) goes over
                pdf.turn_over()
        elif block[0] == "glossary":
            draw_glossary(pdf, block[1])
    if pdf.get_y() > pdf.h - MARGIN - FOOT:
        pdf.turn_over()
    _draw_foot(pdf, facts)
    return bytes(pdf.output())


def movement_picture(ex: exercises.Exercise, max_w: float = MOVE_PIC_W,
                     max_h: float = MOVE_PIC_H_MAX) -> tuple[io.BytesIO, float, float, str]:
    """An exercise's start and end drawings in a row (exercise catalogue) as (png, width mm,
    height mm, alt text): max_w wide, or narrower if that would be taller than max_h. Every
    sheet draws its exercises with this, at the same size."""
    pair = poses.strip(exercises.exercise_pictures(ex))
    w = min(max_w, max_h * pair.width / pair.height)
    h = w * pair.height / pair.width
    return io.BytesIO(poses.to_png(pair, width_in=w / 25.4, dpi=250)), w, h, pair.alt


def _movement(pdf: _Handout, move: Movement) -> None:
    """A movement: its words and a row of boxes to tick on the days it was done on the left; its
    start and end drawings (from the exercise catalogue) on the right, captioned with its name
    and the key to the marks; then its stop list."""
    png, pic_w, pic_h, alt = movement_picture(move.exercise)
    text_w = pdf.text_width - MOVE_PIC_W - GAP
    line = pdf.style("item")
    cap_h = pdf.para("caption", move.caption, width=MOVE_PIC_W, dry=True)
    sets = move.exercise.sets_per_day  # a box for each time of each day
    box, box_gap = line * 0.62, 1.0
    day_w = max(pdf.get_string_width(day) for day in DAYS) + 3 + sets * (box + box_gap) + 2.5
    per_row = max(1, min(len(DAYS), int((text_w - 5) // day_w)))
    rows = -(-len(DAYS) // per_row)
    pdf.room(max(pdf.para("item", move.text, width=text_w, bullet=True, dry=True)
                 + (1 + rows) * line, pic_h + cap_h + 1))
    top = pdf.get_y()
    pdf.para("item", move.text, width=text_w, bullet=True)
    line = pdf.style("item")
    pdf.set_x(MARGIN + 5)
    pdf.cell(pdf.get_string_width(TICK_HEADING) + 1, line, TICK_HEADING,
             new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.3)
    label_w = max(pdf.get_string_width(day) for day in DAYS) + 3
    for i, day in enumerate(DAYS):  # each day's name, then a box for each time that day
        if i and i % per_row == 0:
            pdf.set_y(pdf.get_y() + line)
        x = MARGIN + 5 + (i % per_row) * day_w
        pdf.set_xy(x, pdf.get_y())
        pdf.cell(label_w, line, day)
        for n in range(sets):
            pdf.rect(x + label_w + n * (box + box_gap), pdf.get_y() + (line - box) / 2, box, box)
    pic_x = pdf.w - MARGIN - MOVE_PIC_W
    pdf.image(png, x=pic_x + (MOVE_PIC_W - pic_w) / 2, y=top, w=pic_w, h=pic_h, alt_text=alt)
    text_end = pdf.get_y() + line + 0.8
    pdf.set_y(top + pic_h + 0.5)
    pdf.para("caption", move.caption, x=pic_x, width=MOVE_PIC_W)
    pdf.set_y(max(text_end, pdf.get_y()) + 0.5)
    draw_stop_list(pdf, move.stops, move.stop_heading)
    pdf.set_y(pdf.get_y() + SPACE)


def draw_stop_list(pdf: _Handout, stops, heading: str, x: float = MARGIN,
                   width: float | None = None, style: str = "stop") -> None:
    """The stop rule: a heading (who to ask) in dark orange, then the catalogue's stop list in
    two columns."""
    width = pdf.text_width if width is None else width
    col_w = (width - GAP) / 2
    heights = [pdf.para(style, s, width=col_w, bullet=True, dry=True) for s in stops]
    split, body = _balance(heights)
    head_h = pdf.para(f"{style}-heading", heading, width=width, dry=True)
    pdf.room(head_h + body)
    pdf.para(f"{style}-heading", heading, x=x, width=width, colour=STOP_COLOUR)
    top = pdf.get_y()
    for col, chunk in enumerate((stops[:split], stops[split:])):
        pdf.set_y(top)
        for text in chunk:
            pdf.para(style, text, x=x + col * (col_w + GAP), width=col_w, bullet=True)
    pdf.set_y(top + body)


def _fields(pdf: _Handout, width: float) -> None:
    """Two rows of write-in fields: name and date, clinic and review date."""
    line = pdf.style("field")
    half = (width - GAP * 2) / 2
    for row in FIELDS:
        y = pdf.get_y()
        for col, label in enumerate(row):
            x = MARGIN + col * (half + GAP * 2)
            pdf.set_xy(x, y)
            w = pdf.get_string_width(label + ":") + 2
            pdf.cell(w, line, label + ":")
            pdf.set_line_width(0.3)
            pdf.set_draw_color(*INK)
            pdf.line(x + w, y + line - 0.8, x + half, y + line - 0.8)
        pdf.set_y(y + line + 1.6)
    pdf.set_y(pdf.get_y() + 0.5)


def draw_remember(pdf: _Handout, lines: list[str]) -> None:
    """The two- or three-line summary in a shaded box, "Remember" in bold on its left."""
    top, pad = pdf.get_y(), 1.6
    pdf.style("remember-heading")
    label_w = pdf.get_string_width("Remember") + 4
    inner = pdf.text_width - 2 * pad - label_w
    height = pad * 2 + sum(pdf.para("remember", t, width=inner, bullet=True, dry=True)
                           for t in lines)
    pdf.set_fill_color(*REMEMBER_FILL)
    pdf.rect(MARGIN, top, pdf.text_width, height, style="F")
    pdf.set_y(top + pad)
    pdf.para("remember-heading", "Remember", x=MARGIN + pad, width=label_w)
    pdf.set_y(top + pad)
    for text in lines:
        pdf.para("remember", text, x=MARGIN + pad + label_w, width=inner, bullet=True)
    pdf.set_y(top + height + 1)


def draw_glossary(pdf: _Handout, lines: list[str]) -> None:
    """The meanings of the harder words a sheet uses, under a heading."""
    pdf.set_y(pdf.get_y() + 3)
    first = pdf.para("gloss", lines[0], bullet=True, dry=True)
    pdf.room(pdf.para("gloss-heading", GLOSS_HEADING, dry=True) + first)
    pdf.para("gloss-heading", GLOSS_HEADING)
    for text in lines:
        pdf.flowing("gloss", text, bullet=True)


def draw_panel(pdf: _Handout, panel: Panel) -> None:
    """A framed panel with a coloured title bar holding the heading and what to do; signs fill
    two columns (left first), each after a bullet, with the panel's notes in bold under them;
    the saddle-area picture, if the panel has one, takes a strip on the left with its caption
    under it, beside the first signs (the saddle sign is among them). Signs that do not fit on
    this side go on over the page in a panel of the same level headed "(continued)", with the
    notes at its end."""
    colours = PANELS[panel.level]
    items, heading, caption = panel.entries(), panel.heading, panel.caption
    while items:
        pdf.set_y(pdf.get_y() + 1.5)
        k = _panel_part(pdf, heading, panel.action, items, panel.notes, caption)
        if k < min(len(items), MIN_PART) and pdf.get_y() > MARGIN + 20:
            # Too few signs fit here: a panel split two and rest reads as two panels.
            pdf.turn_over()
            continue
        _draw_panel_part(pdf, heading, panel.action, items[:k],
                         panel.notes if k == len(items) else (), colours, caption)
        items = items[k:]
        if items:
            pdf.turn_over()
            heading = f"{panel.heading.removesuffix(', if you have:')} (continued):"
            caption = None


@functools.lru_cache(maxsize=1)
def _saddle_drawing() -> tuple[bytes, float]:
    """The course's saddle-area drawing (widgets.diagrams, as in the book) without its words,
    as PNG bytes and its height to width ratio; drawn once, measured many times."""
    import matplotlib.pyplot as plt

    fig = diagrams.saddle_area(labelled=False)
    w_in, h_in = fig.get_size_inches()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=250, transparent=True)
    plt.close(fig)
    return buf.getvalue(), h_in / w_in


def panel_fits(pdf: _Handout, panel: Panel) -> bool:
    """Whether the whole panel fits between here and the foot of this side."""
    pdf.set_y(pdf.get_y() + 1.5)
    fits = _panel_part(pdf, panel.heading, panel.action, panel.entries(), panel.notes,
                       panel.caption) == len(panel.entries())
    pdf.set_y(pdf.get_y() - 1.5)
    return fits


def saddle_png(width: float) -> tuple[io.BytesIO, float]:
    """The saddle-area drawing as a PNG and its height (mm) at this width (mm)."""
    png, ratio = _saddle_drawing()
    return io.BytesIO(png), width * ratio


def _picture_height(pdf: _Handout, caption: str | None) -> float:
    """Height (mm) of the saddle picture and its caption; 0 without a picture."""
    if not caption:
        return 0
    return saddle_png(SADDLE_W)[1] + pdf.para("caption", caption, width=SADDLE_W, dry=True) + 1


def _panel_geometry(pdf: _Handout, heading: str, action: str, caption: str | None):
    """(picture strip width, width of the sign columns together, one column's width, height
    of the title bar)."""
    pic_w = SADDLE_W + GAP if caption else 0
    inner = pdf.text_width - 2 * PAD - pic_w
    bar_w = pdf.text_width - 2 * PAD
    title_h = (pdf.para("sign-heading", heading, width=bar_w, dry=True)
               + pdf.para("sign-action", action, width=bar_w, dry=True) + 1.6)
    return pic_w, inner, (inner - GAP) / 2, title_h


def _panel_body(pdf: _Handout, items, notes, heading, action,
                caption) -> tuple[int, float, float]:
    """(where the columns split, height of the signs, full body height) for these entries
    ((style, text): signs and their groups' sub-headings)."""
    _, _, col_w, _ = _panel_geometry(pdf, heading, action, caption)
    heights = [_entry_height(pdf, style, t, col_w) for style, t in items]
    split, signs_h = _columns(heights, items)
    notes_h = sum(pdf.para("sign-message", t, width=pdf.text_width - 2 * PAD, dry=True)
                  for t in notes)
    body = max(signs_h, _picture_height(pdf, caption)) + (notes_h + 1 if notes else 0)
    return split, signs_h, body


def _entry_height(pdf: _Handout, style: str, text: str, col_w: float) -> float:
    return pdf.para(style, text, width=col_w, bullet=style == "sign-item", dry=True) + (
        SPACE if style == "sign-item" else 0)


def _breaks(items) -> set[int]:
    """Where a list of entries may be cut (between columns, or between sides): before a
    sub-heading, so each group's signs stay together under it; anywhere in a list with no
    sub-headings."""
    if not any(style == "sign-group" for style, _ in items):
        return set(range(len(items) + 1))
    return {k for k in range(len(items) + 1)
            if k in (0, len(items)) or items[k][0] == "sign-group"}


def _columns(heights: list[float], items) -> tuple[int, float]:
    """Where the panel's entries go from the left column to the right, and the taller column's
    height: between two groups if that costs no more than a line (COLUMN_SLACK), else inside a
    group (whose signs then run on at the top of the right column), never right after a
    sub-heading."""
    best = _balance(heights, {k for k in range(len(items) + 1)
                              if k == 0 or items[k - 1][0] != "sign-group"})
    between = _balance(heights, _breaks(items))
    return between if between[1] <= best[1] + COLUMN_SLACK else best


def _panel_part(pdf: _Handout, heading, action, items, notes, caption) -> int:
    """How many of the entries fit in a panel from here to the foot of this side (all of them
    with the notes, or fewer without)."""
    title_h = _panel_geometry(pdf, heading, action, caption)[3]
    room = pdf.bottom - pdf.get_y() - title_h - 2 * PAD
    breaks = _breaks(items)
    # Either every item, or a split that leaves at least two for the next side.
    for k in (len(items), *(k for k in range(len(items) - 2, 0, -1) if k in breaks)):
        if _panel_body(pdf, items[:k], notes if k == len(items) else (), heading, action,
                       caption)[2] <= room:
            return k
    return 0


def _draw_panel_part(pdf: _Handout, heading, action, items, notes, colours, caption) -> None:
    frame, bar, bar_text, ground = colours
    pic_w, inner, col_w, title_h = _panel_geometry(pdf, heading, action, caption)
    split, signs_h, body = _panel_body(pdf, items, notes, heading, action, caption)
    top = pdf.get_y()
    bar_w = pdf.text_width - 2 * PAD
    pdf.set_fill_color(*ground)
    pdf.set_draw_color(*frame)
    pdf.set_line_width(0.9)
    pdf.rect(MARGIN, top, pdf.text_width, title_h + body + 2 * PAD, style="DF")
    pdf.set_fill_color(*bar)
    pdf.rect(MARGIN, top, pdf.text_width, title_h, style="DF")
    pdf.set_y(top + 0.8)
    pdf.para("sign-heading", heading, x=MARGIN + PAD, width=bar_w, colour=bar_text)
    pdf.para("sign-action", action, x=MARGIN + PAD, width=bar_w, colour=bar_text)
    left = MARGIN + PAD + pic_w
    for col, chunk in enumerate((items[:split], items[split:])):
        pdf.set_y(top + title_h + PAD)
        for style, text in chunk:
            pdf.para(style, text, x=left + col * (col_w + GAP), width=col_w,
                     bullet=style == "sign-item")
            pdf.set_y(pdf.get_y() + (SPACE if style == "sign-item" else 0))
    if caption:
        png, pic_h = saddle_png(SADDLE_W)
        pdf.image(png, x=MARGIN + PAD, y=top + title_h + PAD, w=SADDLE_W, h=pic_h,
                  alt_text="Drawing of the lower body from behind, with the bottom, genitals "
                           "and inner thighs shaded: the saddle area.")
        pdf.set_y(top + title_h + PAD + pic_h + 0.5)
        pdf.para("caption", caption, x=MARGIN + PAD, width=SADDLE_W)
    pdf.set_y(top + title_h + PAD + max(signs_h, _picture_height(pdf, caption)) + 1)
    for text in notes:
        pdf.para("sign-message", text, x=MARGIN + PAD, width=pdf.text_width - 2 * PAD)
    pdf.set_y(top + title_h + body + 2 * PAD)


def _balance(heights: list[float], breaks: set[int] | None = None) -> tuple[int, float]:
    """Where to split a list into two columns (at one of `breaks`: anywhere if None) so the
    taller column is as short as it can be."""
    # On a tie the left column takes more: a single item sits on the left.
    best = min(sorted(breaks) if breaks is not None else range(len(heights) + 1),
               key=lambda k: (max(sum(heights[:k]), sum(heights[k:])), -k))
    return best, max(sum(heights[:best]), sum(heights[best:]))


def _qr(pdf: _Handout, url: str) -> None:
    """The QR code to the course, top right, with what it is for."""
    pdf.image(_qr_png(url), x=pdf.w - MARGIN - QR_SIZE, y=MARGIN - 2, w=QR_SIZE, h=QR_SIZE,
              alt_text=f"QR code for the course website, {url}")
    pdf.set_xy(pdf.w - MARGIN - QR_SIZE, MARGIN - 2 + QR_SIZE)
    pdf.set_font("DejaVu", "", 8.5)
    pdf.multi_cell(QR_SIZE, 3.6, "Scan for the course", align="C")
    pdf.set_xy(MARGIN, MARGIN)


def _draw_foot(pdf: _Handout, facts: dict[str, str]) -> None:
    """Box with lines for the clinician's instructions, then the footer. On the back of a
    two-sided sheet the box takes the rest of the side, so the side is not left half empty."""
    top = pdf.h - MARGIN - FOOT + 1.5
    if pdf.page > 1:
        top = min(pdf.get_y() + 4, top)
    box_h = pdf.h - MARGIN - 15 - top
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.4)
    pdf.rect(MARGIN, top, pdf.text_width, box_h)
    pdf.set_xy(MARGIN + 2, top + 1.2)
    pdf.set_font("DejaVu", "B", 11.5)
    pdf.cell(0, 6, "Your clinician's instructions:")
    pdf.set_line_width(0.2)
    ly = top + 12.5
    while ly <= top + box_h - 2:  # lines to write on, 9 mm apart
        pdf.line(MARGIN + 2, ly, pdf.w - MARGIN - 2, ly)
        ly += 9
    url = facts["course_url"]
    pdf.set_xy(MARGIN, top + box_h + 1.2)
    pdf.set_font("DejaVu", "B", 10.5)
    pdf.cell(0, 5.3, f"Learn more: {url}", link=url, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    for line in footer_lines(facts):
        pdf.cell(0, 4.1, line, new_x="LMARGIN", new_y="NEXT")


def build(out_dir: Path) -> list[Path]:
    """Write every handout at every paper size into out_dir; returns the files written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    content, facts = load_content(), course_facts()
    written = []
    for handout in content["handouts"]:
        for suffix in PAPERS:
            path = out_dir / f"{handout['slug']}-{suffix}.pdf"
            path.write_bytes(render(handout, facts, suffix))
            written.append(path)
    return written
