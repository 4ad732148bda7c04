"""Build the one-page handouts as PDFs, one side of A4 and one of US Letter each.

fpdf2 (pure Python) with the DejaVu Sans TTF that ships inside matplotlib, and a QR code made
by segno, so the handouts need no system packages or TeX. The words live in content.yaml; the
course facts (version, review date, address) come from _config.yml, the one place they are set.
"""
from __future__ import annotations

import io
from pathlib import Path

import matplotlib
import segno
import yaml
from fpdf import FPDF

from widgets.causes import load_catalogue

REPO = Path(__file__).resolve().parents[1]
CONTENT = Path(__file__).with_name("content.yaml")
CONFIG = REPO / "_config.yml"
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
PAPERS = {"a4": "A4", "letter": "Letter"}  # file suffix -> fpdf2 page format
MARGIN = 15  # mm
ALERT = (213, 94, 0)  # Okabe-Ito vermillion: the red-flag colour, also dark enough in grey
INK = (0, 0, 0)
# Type sizes (pt) and line heights (mm): large, for readers with poor sight.
STYLES = {
    "title": ("B", 21, 9.5),
    "intro": ("", 12.5, 5.8),
    "heading": ("B", 14, 7.5),
    "item": ("", 12.5, 5.8),
    "alert-heading": ("B", 13.5, 6.8),  # emergency signs, inside the red frame
    "alert-item": ("", 12.5, 5.8),
    "sign-heading": ("B", 13.5, 6.8),  # other warning signs, same type, no frame
    "sign-item": ("", 12.5, 5.8),
}
BOTTOM = 58  # mm kept free at the foot of the page for notes, contact, QR code and footer
QR_SIZE = 30  # mm


def course_facts(config: Path = CONFIG) -> dict[str, str]:
    """Author, version, review date and address, from _config.yml."""
    data = yaml.safe_load(Path(config).read_text(encoding="utf-8"))
    subs = data["sphinx"]["config"]["myst_substitutions"]
    facts = {"author": data["author"], **{k: str(subs[k]) for k in
                                          ("course_version", "last_reviewed", "course_url")}}
    return facts


def load_content(path: Path = CONTENT) -> dict:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def signs_for(content: dict, level: str, region: str | None = None) -> tuple[str, list[str]]:
    """Heading and items of one warning-sign level (all regions, or one region plus the signs
    for both), from the course's one cause catalogue. "soon" is the catalogue's own message."""
    if level not in content["sign_headings"]:
        raise ValueError(f"unknown warning-sign level {level!r}; "
                         f"known: {list(content['sign_headings'])}")
    catalogue = load_catalogue()
    if level == "soon":
        items = [catalogue.messages["soon"]]
    else:
        items = [s.label + "." for s in catalogue.warning_signs if s.level == level
                 and (region is None or s.region in (region, "both"))]
    if not items:
        raise ValueError(f"no {level!r} warning signs for region {region!r}")
    return content["sign_headings"][level], items


def layout(handout: dict, content: dict) -> list[tuple[str, str]]:
    """The handout's main text as (style, text) in reading order: the one list both the PDF
    and the tests read, so what is graded is what is printed."""
    ops = [("title", handout["title"]), ("intro", " ".join(handout["intro"].split()))]
    for section in handout["sections"]:
        ops.append(("heading", section["heading"]))
        ops += [("item", " ".join(item.split())) for item in section["items"]]
    signs = handout["signs"]
    for level in signs["levels"]:
        heading, items = signs_for(content, level, signs.get("region"))
        style = "alert" if level == "emergency" else "sign"
        ops.append((f"{style}-heading", heading + ":"))
        ops += [(f"{style}-item", item) for item in items]
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
    def __init__(self, paper: str):
        if paper not in PAPERS:
            raise ValueError(f"unknown paper {paper!r}; known: {list(PAPERS)}")
        super().__init__(orientation="P", unit="mm", format=PAPERS[paper])
        self.add_font("DejaVu", "", FONT_DIR / "DejaVuSans.ttf")
        self.add_font("DejaVu", "B", FONT_DIR / "DejaVuSans-Bold.ttf")
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(False)
        self.set_text_color(*INK)
        self.add_page()

    @property
    def text_width(self) -> float:
        return self.w - 2 * MARGIN

    def para(self, style: str, text: str, indent: float = 0, bullet: str = "") -> None:
        weight, size, line = STYLES[style]
        self.set_font("DejaVu", weight, size)
        if bullet:
            self.set_x(MARGIN + indent)
            self.cell(6, line, bullet)
        self.set_x(MARGIN + indent + (6 if bullet else 0))
        self.multi_cell(self.text_width - indent - (6 if bullet else 0), line, text,
                        align="L", new_x="LMARGIN", new_y="NEXT")


def render(handout: dict, content: dict, facts: dict[str, str], paper: str) -> bytes:
    """One handout on one paper size; ValueError if the text does not fit on one side."""
    pdf = _Handout(paper)
    pdf.set_title(handout["title"])
    pdf.set_author(facts["author"])
    pdf.set_lang("en")
    box_top = None
    for style, text in layout(handout, content):
        if style == "title":
            pdf.para(style, text)
            pdf.set_draw_color(*ALERT)
            pdf.set_line_width(1)
            pdf.line(MARGIN, pdf.get_y() + 1, pdf.w - MARGIN, pdf.get_y() + 1)
            pdf.ln(4)
        elif style.endswith("heading"):
            if box_top is not None:  # the alert box ends where the next block starts
                _close_box(pdf, box_top)
                box_top = None
            pdf.ln(2.5)
            if style == "alert-heading":
                box_top = pdf.get_y()
                pdf.set_text_color(*ALERT)
                pdf.para(style, text, indent=3)
                pdf.set_text_color(*INK)
            else:
                pdf.para(style, text)
        else:
            indent = 3 if box_top is not None else 0
            pdf.para(style, text, indent=indent, bullet="\u2022" if style != "intro" else "")
            pdf.ln(0.6)
    if box_top is not None:
        _close_box(pdf, box_top)
    if pdf.get_y() > pdf.h - MARGIN - BOTTOM:
        raise ValueError(f"handout {handout['slug']!r} does not fit on one {paper} page: "
                         f"text ends at {pdf.get_y():.0f} mm, limit {pdf.h - MARGIN - BOTTOM:.0f}")
    _draw_foot(pdf, facts)
    return bytes(pdf.output())


def _close_box(pdf: _Handout, top: float) -> None:
    pdf.set_draw_color(*ALERT)
    pdf.set_line_width(0.8)
    bottom = pdf.get_y() + 1.5
    pdf.rect(MARGIN, top - 1.5, pdf.text_width, bottom - top + 1.5)
    pdf.set_y(bottom)


def _draw_foot(pdf: _Handout, facts: dict[str, str]) -> None:
    """Notes box with a line for a phone number, the QR code to the course, and the footer."""
    top = pdf.h - MARGIN - BOTTOM + 4
    notes_w = pdf.text_width - QR_SIZE - 6
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.4)
    pdf.rect(MARGIN, top, notes_w, QR_SIZE + 6)
    pdf.set_xy(MARGIN + 2, top + 2)
    pdf.set_font("DejaVu", "B", 12)
    pdf.cell(notes_w - 4, 6, "Notes from your clinician:")
    phone_y = top + QR_SIZE - 1
    pdf.set_xy(MARGIN + 2, phone_y)
    pdf.cell(0, 6, "Phone:")
    pdf.set_line_width(0.3)
    pdf.line(MARGIN + 20, phone_y + 5, MARGIN + notes_w - 4, phone_y + 5)
    url = facts["course_url"]
    pdf.image(_qr_png(url), x=pdf.w - MARGIN - QR_SIZE, y=top, w=QR_SIZE, h=QR_SIZE,
              alt_text=f"QR code for the course website, {url}")
    pdf.set_xy(pdf.w - MARGIN - QR_SIZE - 4, top + QR_SIZE + 0.5)
    pdf.set_font("DejaVu", "", 9)
    pdf.cell(QR_SIZE + 8, 5, "Scan for the course", align="C")
    pdf.set_xy(MARGIN, top + QR_SIZE + 8)
    pdf.set_font("DejaVu", "B", 11)
    pdf.cell(0, 6, f"Learn more: {url}", link=url, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9.5)
    for line in footer_lines(facts):
        pdf.cell(0, 4.6, line, new_x="LMARGIN", new_y="NEXT")


def build(out_dir: Path) -> list[Path]:
    """Write every handout at every paper size into out_dir; returns the files written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    content, facts = load_content(), course_facts()
    written = []
    for handout in content["handouts"]:
        for suffix in PAPERS:
            path = out_dir / f"{handout['slug']}-{suffix}.pdf"
            path.write_bytes(render(handout, content, facts, suffix))
            written.append(path)
    return written
