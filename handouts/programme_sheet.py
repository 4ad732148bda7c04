"""A clinician's programme for one patient as a PDF (fpdf2): the same sheet the builder page prints
from the browser, on A4 (UK numbers) or US Letter (US numbers), on one or two pages.

What it says comes from widgets.programme.sheet() (the words both printers use); the drawing
reuses the handouts' own pieces: the exercise sheets' pictures and week chart, the stop list and
the emergency panel, and segno for the QR code of the programme's link.

For learners: make_programme() checks a programme, writes the PDF if asked and returns it.
"""
from __future__ import annotations

from pathlib import Path

from handouts.build import (
    MARGIN, MOVE_PIC_W, Panel, _DoesNotFit, _Handout, _qr_png, course_facts, draw_panel,
    draw_stop_list, footer_lines, movement_picture,
)
from handouts.exercise_sheet import (
    BLUE, INK, ROW_HEIGHTS, _tick_chart, draw_exercise,
)
from widgets import editions, programme
from widgets.programme_builder import published_page

QR = 27  # mm, as on the browser's sheet
STOP_COLOUR = (166, 60, 0)


def _words(sheet: programme.Sheet) -> dict[str, str]:
    """The sheet's fixed words in its paper's edition (programme.sheet_words, as the browser's)."""
    return programme.sheet_words(editions.for_paper(sheet.paper).id)


def _heading(pdf: _Handout, sheet: programme.Sheet, qr_url: str) -> None:
    said = _words(sheet)
    pdf.image(_qr_png(qr_url), x=pdf.w - MARGIN - QR, y=MARGIN, w=QR, h=QR,
              alt_text=said["qr_alt"])
    pdf.set_xy(pdf.w - MARGIN - QR, MARGIN + QR)
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(QR, 3.6, said["link_heading"], align="C")
    bottom = pdf.get_y()
    pdf.set_xy(MARGIN, MARGIN)
    width = pdf.text_width - QR - 6
    pdf.set_font("DejaVu", "B", 17)
    pdf.multi_cell(width, 8, sheet.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*BLUE)
    pdf.set_line_width(0.8)
    pdf.line(MARGIN, pdf.get_y() + 0.5, MARGIN + width, pdf.get_y() + 0.5)
    pdf.ln(2)
    pdf.set_font("DejaVu", "", 11)
    for label, value in (("name", sheet.name), ("date", sheet.date)):
        if value:
            with pdf.as_typed():  # a patient named Grey stays Grey on a Letter sheet
                pdf.multi_cell(width, 5.5, f"{said[label]}: {value}",
                               new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(pdf.get_y(), bottom) + 2)


def _exercise(pdf: _Handout, n: int, ex: programme.SheetExercise, dosed) -> None:
    png, w, h, alt = movement_picture(dosed)
    text_x = MARGIN + MOVE_PIC_W + 4
    text_w = pdf.w - MARGIN - text_x
    lines = [("B", 12, 5.4, INK, f"{n}. {ex.name}"),
             *(("", 9.5, 3.95, INK, f"{k}. {s}") for k, s in enumerate(ex.steps, 1)),
             ("B", 10.5, 4.8, BLUE, ex.dose), ("", 9.5, 4.2, STOP_COLOUR, ex.stop)]
    height = 0.0
    for weight, size, line, _, text in lines:
        pdf.set_font("DejaVu", weight, size)
        height += line * len(pdf.multi_cell(text_w, line, text, dry_run=True, output="LINES"))
    pdf.room(max(height, h + 2) + 3)
    draw_exercise(pdf, (png, w, h, alt), lines)


def _block_heading(pdf: _Handout, text: str, need: float) -> None:
    pdf.set_y(pdf.get_y() + 3)
    pdf.room(7 + need)
    pdf.set_font("DejaVu", "B", 12)
    pdf.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")


def render(prog: programme.Programme, paper: str = "a4", link: str | None = None) -> bytes:
    """The programme's sheet on one or two pages of the paper; ValueError for an empty
    programme, an unknown paper, or a sheet that does not fit two pages."""
    link = link or f"{published_page()}#{programme.to_fragment(prog)}"
    sheet = programme.sheet(prog, paper, link)
    facts = course_facts()
    error = None
    for row_h in ROW_HEIGHTS:
        pdf = _Handout(paper, max_sides=2, running=sheet.title)
        pdf.set_title(sheet.title)
        pdf.set_author(facts["author"])
        pdf.set_lang("en")
        try:
            _draw(pdf, sheet, prog, row_h, facts)
            return bytes(pdf.output())
        except _DoesNotFit as overflow:  # try shorter chart rows
            error = overflow
    raise ValueError(f"the programme does not fit two pages of {paper}: {error}")


def _draw(pdf: _Handout, sheet: programme.Sheet, prog: programme.Programme, row_h: float,
          facts: dict) -> None:
    _heading(pdf, sheet, sheet.link)
    said = _words(sheet)
    for n, (ex, it) in enumerate(zip(sheet.exercises, prog.items), 1):
        _exercise(pdf, n, ex, it.dosed)
    _block_heading(pdf, said["tracker_heading"], 8 + len(prog.items) * row_h + 6)
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 4.8, said["tracker_help"], new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    _tick_chart(pdf, [it.dosed for it in prog.items], row_h)
    pdf.ln(3)
    draw_stop_list(pdf, sheet.stop, sheet.stop_heading)
    if sheet.note:
        pdf.set_font("DejaVu", "", 10.5)
        with pdf.as_typed():  # the clinician's own words
            lines = pdf.multi_cell(pdf.text_width - 4, 5, sheet.note, dry_run=True,
                                   output="LINES")
        _block_heading(pdf, said["note_heading"], len(lines) * 5 + 4)
        top = pdf.get_y()
        pdf.set_xy(MARGIN + 2, top + 2)
        pdf.set_font("DejaVu", "", 10.5)
        with pdf.as_typed():
            pdf.multi_cell(pdf.text_width - 4, 5, sheet.note, new_x="LMARGIN", new_y="NEXT")
        pdf.set_draw_color(*INK)
        pdf.set_line_width(0.3)
        pdf.rect(MARGIN, top, pdf.text_width, pdf.get_y() - top + 2)
        pdf.set_y(pdf.get_y() + 2)
    pdf.set_y(pdf.get_y() + 2)
    p = sheet.panel
    draw_panel(pdf, Panel(p.level, p.heading, " ".join(p.notes), p.items, ()))  # message: the action
    pdf.set_font("DejaVu", "", 9)
    text = f"{said['link_heading']} {sheet.link}"
    pdf.room(len(pdf.multi_cell(0, 4, text, dry_run=True, output="LINES")) * 4 + 10)
    pdf.set_y(pdf.get_y() + 2)
    pdf.multi_cell(0, 4, text, align="L", new_x="LMARGIN", new_y="NEXT")
    for line in footer_lines(facts):
        pdf.cell(0, 4, line, new_x="LMARGIN", new_y="NEXT")


def make_programme(items, name: str = "", date: str = "", note: str = "", paper: str = "a4",
                   pdf: str | Path | None = None) -> programme.Programme:
    """A checked programme (see widgets.programme.make for the items' forms); with `pdf`, its
    sheet is written there. ValueError names an unknown exercise or a dose out of range."""
    prog = programme.make(items, name=name, date=date, note=note)
    if pdf is not None:
        Path(pdf).write_bytes(render(prog, paper))
    return prog
