"""Build the one-page handouts as PDFs, one side of A4 and one of US Letter each.

fpdf2 (pure Python) with the DejaVu Sans TTF that ships inside matplotlib, and a QR code made
by segno, so the handouts need no system packages or TeX. The words live in content.yaml; the
course facts (version, review date, address) come from _config.yml, the one place they are set;
the warning signs and their levels come from the cause catalogue, so every sign for a sheet's
region prints at its level and no sign is typed twice.

Each sheet, top to bottom: title; fields for name, date, clinic and review date; a shaded
"Remember" summary; the advice; one coloured panel per warning-sign level (as in the book: red
emergency, amber urgent), signs in two columns; a box for the clinician's instructions and a
phone number; the QR code to the course; the footer.
"""
from __future__ import annotations

import io
from pathlib import Path

import matplotlib
import segno
import yaml
from fpdf import FPDF

from widgets import causes, exercises, poses
from widgets.figures import SIGN_PANEL_COLOURS as PANELS

REPO = Path(__file__).resolve().parents[1]
CONTENT = Path(__file__).with_name("content.yaml")
CONFIG = REPO / "_config.yml"
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
PAPERS = {"a4": "A4", "letter": "Letter"}  # file suffix -> fpdf2 page format
MARGIN = 10  # mm: office printers print to 5 mm from the edge
INK = (0, 0, 0)
REMEMBER_FILL = (232, 240, 250)
# Type sizes (pt) and line heights (mm): large, for readers with poor sight.
STYLES = {
    "title": ("B", 17, 7.6),
    "field": ("", 11, 5.2),
    "remember-heading": ("B", 12, 5.6),
    "remember": ("", 11.5, 5.1),
    "heading": ("B", 12.5, 6),
    "item": ("", 11, 4.9),
    "sign-heading": ("B", 11.5, 5.6),
    "sign-item": ("", 10.5, 4.4),
}
# The advice and the signs step down to these fractions of their size if a sheet is full
# (the signs never go below 9.5 pt, the advice 10 pt).
SCALED = ("item", "sign-item", "remember")
SCALES = (1, 0.95, 0.91)
FOOT = 33  # mm kept free at the foot of the page for the instructions box and the footer
QR_SIZE = 20  # mm
GAP = 4  # mm between columns
SPACE = 0.5  # mm after each list item
FIELDS = (("Name", "Date"), ("Clinic and phone", "Review date"))
MOVE_PIC_W = 42  # mm: a movement's start and end drawings
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def course_facts(config: Path = CONFIG) -> dict[str, str]:
    """Author, version, review date and address, from _config.yml."""
    data = yaml.safe_load(Path(config).read_text(encoding="utf-8"))
    subs = data["sphinx"]["config"]["myst_substitutions"]
    facts = {"author": data["author"], **{k: str(subs[k]) for k in
                                          ("course_version", "last_reviewed", "course_url")}}
    return facts


def load_content(path: Path = CONTENT) -> dict:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def signs_for(level: str, region: str | None = None) -> tuple[str, list[str]]:
    """Heading and labels of one warning-sign level (every region, or one region plus the signs
    for both), from the course's one cause catalogue and its level titles."""
    title = causes.sign_level(level).title  # ValueError names an unknown level
    if region is not None and region not in causes.REGIONS:
        raise ValueError(f"unknown region {region!r}; known: {causes.REGIONS}")
    items = [s.label + "." for s in causes.load_catalogue().warning_signs if s.level == level
             and (region is None or s.region in (region, "both"))]
    return f"{title}, if you have:", items


def item_text(item) -> str:
    """An advice item: plain text, or {exercise: id, how: short how-to} for a movement, whose
    name and hold and repeat counts come from the exercise catalogue (as on the exercise
    sheets and in the book)."""
    if isinstance(item, str):
        return item
    ex = exercises.exercise(item["exercise"])  # ValueError names an unknown id
    return f"{ex.name}. {item['how']} {exercises.dose_text(ex)}"


def layout(handout: dict) -> list[tuple[str, str]]:
    """The handout's main text as (style, text) in reading order: the one list both the PDF
    and the tests read, so what is graded is what is printed."""
    ops = [("title", handout["title"]), ("remember-heading", "Remember")]
    ops += [("remember", " ".join(line.split())) for line in handout["remember"]]
    for section in handout["sections"]:
        ops.append(("heading", section["heading"]))
        ops += [("item", " ".join(item_text(item).split())) for item in section["items"]]
    for level in causes.LEVEL_IDS:
        heading, items = signs_for(level, handout["signs"].get("region"))
        if items:
            ops.append(("sign-heading", heading))
            ops += [("sign-item", item) for item in items]
    return ops


def footer_lines(facts: dict[str, str]) -> list[str]:
    return [
        "This sheet gives general advice. It does not take the place of your own clinician.",
        f"{facts['author']}. Version {facts['course_version']}. "
        f"Last checked {facts['last_reviewed']}.",
    ]


def _qr_png(url: str) -> io.BytesIO:
    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="png", scale=10, border=2)
    buf.seek(0)
    return buf


class _Handout(FPDF):
    def __init__(self, paper: str, scale: float = 1):
        if paper not in PAPERS:
            raise ValueError(f"unknown paper {paper!r}; known: {list(PAPERS)}")
        super().__init__(orientation="P", unit="mm", format=PAPERS[paper])
        self.scale = scale
        self.add_font("DejaVu", "", FONT_DIR / "DejaVuSans.ttf")
        self.add_font("DejaVu", "B", FONT_DIR / "DejaVuSans-Bold.ttf")
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(False)
        self.set_text_color(*INK)
        self.add_page()

    @property
    def text_width(self) -> float:
        return self.w - 2 * MARGIN

    def style(self, style: str) -> float:
        weight, size, line = STYLES[style]
        scale = self.scale if style in SCALED else 1
        self.set_font("DejaVu", weight, size * scale)
        return line * scale

    def para(self, style: str, text: str, x: float = MARGIN, width: float | None = None,
             bullet: bool = False, dry: bool = False) -> float:
        """Write (or with dry=True only measure) a paragraph; returns its height in mm."""
        line = self.style(style)
        width = self.text_width if width is None else width
        indent = 5 if bullet else 0
        lines = self.multi_cell(width - indent, line, text, dry_run=True, output="LINES")
        if not dry:
            y = self.get_y()
            if bullet:
                self.set_xy(x, y)
                self.cell(indent, line, "\u2022")
            self.set_xy(x + indent, y)
            self.multi_cell(width - indent, line, text, align="L")
            self.set_xy(MARGIN, y + len(lines) * line)
        return len(lines) * line


def render(handout: dict, facts: dict[str, str], paper: str) -> bytes:
    """One handout on one paper size, in the largest list type (SCALES) that fits on one side;
    ValueError if even the smallest does not fit."""
    for scale in SCALES:
        try:
            return _render(handout, facts, paper, scale)
        except _DoesNotFit as overflow:
            error = overflow
    raise ValueError(str(error))


class _DoesNotFit(Exception):
    pass


def _render(handout: dict, facts: dict[str, str], paper: str, scale: float) -> bytes:
    pdf = _Handout(paper, scale)
    pdf.set_title(handout["title"])
    pdf.set_author(facts["author"])
    pdf.set_lang("en")
    ops = layout(handout)
    head_w = pdf.text_width - QR_SIZE - GAP
    _qr(pdf, facts["course_url"])
    pdf.para("title", ops[0][1], width=head_w)
    pdf.set_draw_color(*PANELS["emergency"][1])
    pdf.set_line_width(0.8)
    pdf.line(MARGIN, pdf.get_y() + 1, MARGIN + head_w, pdf.get_y() + 1)
    pdf.set_y(pdf.get_y() + 2.8)
    _fields(pdf, head_w)
    pdf.set_y(max(pdf.get_y(), MARGIN + QR_SIZE + 6))
    remember = [t for s, t in ops if s == "remember"]
    _remember(pdf, remember)
    for section in handout["sections"]:
        pdf.set_y(pdf.get_y() + 0.5)
        pdf.para("heading", section["heading"])
        for item in section["items"]:
            text = " ".join(item_text(item).split())
            if isinstance(item, dict):
                _movement(pdf, text, exercises.exercise(item["exercise"]))
            else:
                pdf.para("item", text, bullet=True)
            pdf.set_y(pdf.get_y() + SPACE)
    picture = handout["signs"].get("picture")
    for level in causes.LEVEL_IDS:
        heading, items = signs_for(level, handout["signs"].get("region"))
        if items:
            # The least urgent level reads as one run-on paragraph: it needs no quick scan.
            run_on = level == causes.LEVEL_IDS[-1]
            _panel(pdf, heading, items, PANELS[level], picture, run_on)
            picture = None  # beside the first (emergency) panel only
    if pdf.get_y() > pdf.h - MARGIN - FOOT:
        raise _DoesNotFit(f"handout {handout['slug']!r} does not fit on one {paper} page: "
                         f"text ends at {pdf.get_y():.0f} mm, limit {pdf.h - MARGIN - FOOT:.0f}")
    _draw_foot(pdf, facts)
    return bytes(pdf.output())


def _movement(pdf: _Handout, text: str, ex) -> None:
    """A movement: its words, a row of boxes to tick on the days it was done, and its start and
    end drawings (from the exercise catalogue) on the right."""
    start, end = exercises.exercise_pictures(ex)
    pair = poses.side_by_side(start, end, f"{start.alt} {end.alt}")
    pic_h = MOVE_PIC_W * pair.height / pair.width
    top, text_w = pdf.get_y(), pdf.text_width - MOVE_PIC_W - GAP
    pdf.para("item", text, width=text_w, bullet=True)
    line = pdf.style("item")
    pdf.set_x(MARGIN + 5)
    pdf.cell(pdf.get_string_width("Tick the days you do it: ") + 1, line,
             "Tick the days you do it: ")
    for day in DAYS:
        pdf.cell(pdf.get_string_width(day) + 1, line, day)
        x, y = pdf.get_x(), pdf.get_y() + line * 0.15
        pdf.set_line_width(0.3)
        pdf.rect(x, y, line * 0.7, line * 0.7)
        pdf.set_x(x + line * 0.7 + 2.2)
    png = io.BytesIO(poses.to_png(pair, width_in=MOVE_PIC_W / 25.4, dpi=250))
    pdf.image(png, x=pdf.w - MARGIN - MOVE_PIC_W, y=top, w=MOVE_PIC_W, h=pic_h,
              alt_text=pair.alt)
    pdf.set_y(max(pdf.get_y() + line, top + pic_h))


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


def _remember(pdf: _Handout, lines: list[str]) -> None:
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


def _panel(pdf: _Handout, heading: str, items: list[str], colours, picture: str | None,
           run_on: bool = False) -> None:
    """A framed panel with a coloured title bar; items fill two columns (left first), or with
    run_on one paragraph, each item after a bullet; the saddle-area picture, if asked for, takes
    a strip on the right."""
    frame, bar, bar_text, ground = colours
    pad = 2
    pic_w = 36 if picture else 0
    inner = pdf.text_width - 2 * pad - (pic_w + GAP if picture else 0)
    col_w = (inner - GAP) / 2
    if run_on:
        paragraph = "  ".join(f"\u2022\u00a0{t}" for t in items)
        best = pdf.para("sign-item", paragraph, width=inner, dry=True)
    else:
        heights = [pdf.para("sign-item", t, width=col_w, bullet=True, dry=True) + SPACE
                   for t in items]
        split, best = _balance(heights)
    body = max(best, saddle_height(pic_w) if picture else 0)
    pdf.set_y(pdf.get_y() + 1.5)
    top = pdf.get_y()
    title_h = pdf.para("sign-heading", heading, width=pdf.text_width - 2 * pad, dry=True) + 1.2
    pdf.set_fill_color(*ground)
    pdf.set_draw_color(*frame)
    pdf.set_line_width(0.9)
    pdf.rect(MARGIN, top, pdf.text_width, title_h + body + 2 * pad, style="DF")
    pdf.set_fill_color(*bar)
    pdf.rect(MARGIN, top, pdf.text_width, title_h, style="DF")
    pdf.set_text_color(*bar_text)
    pdf.set_y(top + 0.8)
    pdf.para("sign-heading", heading, x=MARGIN + pad, width=pdf.text_width - 2 * pad)
    pdf.set_text_color(*INK)
    pdf.set_y(top + title_h + pad)
    if run_on:
        pdf.para("sign-item", paragraph, x=MARGIN + pad, width=inner)
    else:
        for col, chunk in enumerate((items[:split], items[split:])):
            pdf.set_y(top + title_h + pad)
            for text in chunk:
                pdf.para("sign-item", text, x=MARGIN + pad + col * (col_w + GAP), width=col_w,
                         bullet=True)
                pdf.set_y(pdf.get_y() + SPACE)
    if picture:
        draw_saddle_area(pdf, pdf.w - MARGIN - pad - pic_w, top + title_h + pad, pic_w)
    pdf.set_y(top + title_h + body + 2 * pad)


def _balance(heights: list[float]) -> tuple[int, float]:
    """Where to split a list into two columns so the taller column is as short as it can be."""
    best = min(range(len(heights) + 1),
               key=lambda k: max(sum(heights[:k]), sum(heights[k:])))
    return best, max(sum(heights[:best]), sum(heights[best:]))


def saddle_height(w: float) -> float:
    """Height (mm) of the saddle-area picture drawn w mm wide, with its two-line label."""
    return w / 40 * 35 + 9


def draw_saddle_area(pdf: FPDF, x: float, y: float, w: float) -> None:
    """A simple back view of the hips and upper legs with the saddle area (the parts that would
    touch a bicycle saddle: bottom, genitals, inner thighs) shaded, and a label."""
    s = w / 40  # drawn on a 40 x 40 grid

    def pts(*points):
        return [(x + px * s, y + py * s) for px, py in points]

    red = PANELS["emergency"][1]
    pdf.set_line_width(0.45)
    pdf.set_draw_color(*INK)
    pdf.set_fill_color(255, 255, 255)
    # Waist, hips and the tops of both legs.
    outline = pts((13, 1), (27, 1), (30.5, 3), (33, 6.5), (34.3, 11), (34.3, 16), (33, 24),
                  (31.5, 34), (22, 34), (20.6, 22.5), (20, 21.5), (19.4, 22.5), (18, 34),
                  (8.5, 34), (7, 24), (5.7, 16), (5.7, 11), (7, 6.5), (9.5, 3))
    pdf.polygon(outline, style="DF")
    # The saddle area, part see-through so the lines show through it.
    with pdf.local_context(fill_opacity=0.75):
        pdf.set_fill_color(*red)
        pdf.polygon(pts((20, 9), (24.5, 13.5), (25.5, 20), (22.5, 29), (20.4, 23), (19.6, 23),
                        (17.5, 29), (14.5, 20), (15.5, 13.5)), style="F")
    # The cleft between the buttocks and the creases under them.
    pdf.bezier(pts((20, 7), (20, 12), (20, 16), (20, 21)))
    pdf.bezier(pts((20, 21), (16, 22.5), (11, 22), (7, 19)))
    pdf.bezier(pts((20, 21), (24, 22.5), (29, 22), (33, 19)))
    pdf.set_font("DejaVu", "B", 9.5)
    pdf.set_xy(x - 2, y + 35 * s)
    pdf.multi_cell(w + 4, 4, "Saddle area (shaded)\nseen from behind", align="C")


def _qr(pdf: _Handout, url: str) -> None:
    """The QR code to the course, top right, with what it is for."""
    pdf.image(_qr_png(url), x=pdf.w - MARGIN - QR_SIZE, y=MARGIN - 2, w=QR_SIZE, h=QR_SIZE,
              alt_text=f"QR code for the course website, {url}")
    pdf.set_xy(pdf.w - MARGIN - QR_SIZE, MARGIN - 2 + QR_SIZE)
    pdf.set_font("DejaVu", "", 8.5)
    pdf.multi_cell(QR_SIZE, 3.6, "Scan for the course", align="C")
    pdf.set_xy(MARGIN, MARGIN)


def _draw_foot(pdf: _Handout, facts: dict[str, str]) -> None:
    """Box with lines for the clinician's instructions, then the footer."""
    top = pdf.h - MARGIN - FOOT + 1.5
    box_h = FOOT - 15
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.4)
    pdf.rect(MARGIN, top, pdf.text_width, box_h)
    pdf.set_xy(MARGIN + 2, top + 1.2)
    pdf.set_font("DejaVu", "B", 11.5)
    pdf.cell(0, 6, "Your clinician's instructions:")
    pdf.set_line_width(0.2)
    for ly in (top + 12.5, top + box_h - 1.5):
        pdf.line(MARGIN + 2, ly, pdf.w - MARGIN - 2, ly)
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
