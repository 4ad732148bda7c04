"""Back and neck exercise sheets: two sides of A4 or US Letter each.

Side 1: each exercise with its start and end drawings, steps and dose. Side 2: a weekly tick
chart, when to stop, and a box for the clinician's own changes. Drawings, steps and numbers all
come from the exercise catalogue (widgets/data/exercises.json) through widgets.exercises, so the
sheet always says what the chapter and the routine widget say. Built with fpdf2 like the other
handouts (handouts/build.py: fonts, margins, footer).
"""
from __future__ import annotations

import io
from pathlib import Path

from handouts.build import MARGIN, PAPERS, _Handout, course_facts, footer_lines
from widgets import exercises, poses

SHEETS = {"back": "Exercises for your back", "neck": "Exercises for your neck and shoulders"}
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
PIC_W = 72  # mm, start and end drawings side by side
PIC_H_MAX = 25
INK, BLUE = (0, 0, 0), (0, 90, 140)


def intro_text() -> str:
    plan = exercises.load_catalogue().plan
    return (f"Start with about {plan['start_repeats']} of each, as written below. Every "
            f"{plan['every_days']} days, add {plan['add_repeats']} more if you feel fine. "
            "Move slowly and keep breathing. A little stiffness at first is normal.")


def exercise_lines(ex: exercises.Exercise) -> list[tuple[str, str]]:
    """(style, text) lines for one exercise: what the sheet prints, and what tests read."""
    return [("name", ex.name), *(("step", f"{i}. {s}") for i, s in enumerate(ex.steps, 1)),
            ("dose", exercises.dose_text(ex))]


def _picture_png(ex: exercises.Exercise) -> tuple[io.BytesIO, float, float, str]:
    start, end = exercises.exercise_pictures(ex)
    pair = poses.side_by_side(start, end, f"{start.alt} {end.alt}")
    w = PIC_W
    h = w * pair.height / pair.width
    if h > PIC_H_MAX:
        w, h = PIC_H_MAX * pair.width / pair.height, PIC_H_MAX
    png = io.BytesIO(poses.to_png(pair, width_in=w / 25.4, dpi=250))
    return png, w, h, pair.alt


def _side_one(pdf: _Handout, region: str, paper: str) -> None:
    pdf.set_font("DejaVu", "B", 19)
    pdf.cell(0, 9, SHEETS[region], new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*BLUE)
    pdf.set_line_width(0.8)
    pdf.line(MARGIN, pdf.get_y() + 0.5, pdf.w - MARGIN, pdf.get_y() + 0.5)
    pdf.ln(2.5)
    pdf.set_font("DejaVu", "", 10.5)
    pdf.multi_cell(0, 4.9, intro_text() + " The arrow shows which way to move. The orange mark "
                   "shows where you should feel it.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    text_x = MARGIN + PIC_W + 4
    for ex in exercises.exercises_for(region):
        top = pdf.get_y()
        png, w, h, alt = _picture_png(ex)
        pdf.image(png, x=MARGIN, y=top + 1, w=w, h=h, alt_text=alt)
        pdf.set_xy(text_x, top)
        for style, text in exercise_lines(ex):
            size, weight, line = {"name": (12, "B", 5.4), "step": (9.5, "", 3.95),
                                  "dose": (10, "B", 4.8)}[style]
            pdf.set_font("DejaVu", weight, size)
            if style == "dose":
                pdf.set_text_color(*BLUE)
            pdf.set_x(text_x)
            pdf.multi_cell(pdf.w - MARGIN - text_x, line, text, align="L", new_x="LMARGIN",
                           new_y="NEXT")
            pdf.set_text_color(*INK)
        bottom = max(pdf.get_y(), top + h + 2) + 1
        pdf.set_draw_color(180, 180, 180)
        pdf.set_line_width(0.2)
        pdf.line(MARGIN, bottom, pdf.w - MARGIN, bottom)
        pdf.set_y(bottom + 1)
    if pdf.get_y() > pdf.h - MARGIN:
        raise ValueError(f"the {region} exercises do not fit on side 1 of {paper}: "
                         f"they end at {pdf.get_y():.0f} mm")


def _side_two(pdf: _Handout, region: str, facts: dict) -> None:
    pdf.add_page()
    items = exercises.exercises_for(region)
    pdf.set_font("DejaVu", "B", 15)
    pdf.cell(0, 8, "My week: tick each time you do them", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 5, "Fill in the date at the top. Put a tick in the box each time you do "
                   "the exercise. Bring this sheet to your next visit.", new_x="LMARGIN",
                   new_y="NEXT")
    pdf.ln(1)
    name_w = 74
    day_w = (pdf.w - 2 * MARGIN - name_w) / len(DAYS)
    row_h = 11
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.3)
    pdf.set_font("DejaVu", "B", 10)
    pdf.cell(name_w, 8, "Week starting: ____ / ____", border=1)
    for day in DAYS:
        pdf.cell(day_w, 8, day, border=1, align="C")
    pdf.ln(8)
    for ex in items:
        pdf.set_font("DejaVu", "", 9.5)
        pdf.cell(name_w, row_h, f"{ex.name} ({ex.sets_per_day} a day)", border=1)
        for _ in DAYS:
            pdf.cell(day_w, row_h, "", border=1)
        pdf.ln(row_h)
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 13)
    pdf.set_text_color(213, 94, 0)
    pdf.cell(0, 7, "Stop and get advice if:", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.set_font("DejaVu", "", 11)
    for sign in exercises.stop_signs(items[0]):
        pdf.cell(6, 5.6, "\u2022")
        pdf.multi_cell(0, 5.6, sign, new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 5.6, "If your pain is not getting better after 2 weeks, see a doctor or "
                   "physiotherapist. For the signs that need help now, see the warning signs "
                   "sheet.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    box_top = pdf.get_y()
    box_h = pdf.h - MARGIN - 14 - box_top
    pdf.rect(MARGIN, box_top, pdf.w - 2 * MARGIN, box_h)
    pdf.set_xy(MARGIN + 2, box_top + 2)
    pdf.set_font("DejaVu", "B", 12)
    pdf.cell(0, 6, "Changes from your clinician (exercise, hold, repeats, how often):")
    pdf.set_line_width(0.2)
    y = box_top + 16
    while y < box_top + box_h - 4:
        pdf.line(MARGIN + 3, y, pdf.w - MARGIN - 3, y)
        y += 9
    pdf.set_xy(MARGIN, pdf.h - MARGIN - 11)
    pdf.set_font("DejaVu", "", 9)
    for line in footer_lines(facts) + [f"Course: {facts['course_url']}"]:
        pdf.cell(0, 3.8, line, new_x="LMARGIN", new_y="NEXT")


def render(region: str, paper: str, facts: dict | None = None) -> bytes:
    """One two-sided sheet; ValueError for an unknown region or paper, or if side 1 overflows."""
    if region not in SHEETS:
        raise ValueError(f"region must be one of {list(SHEETS)}, got {region!r}")
    pdf = _Handout(paper)
    facts = facts or course_facts()
    pdf.set_title(SHEETS[region])
    pdf.set_author(facts["author"])
    pdf.set_lang("en")
    _side_one(pdf, region, paper)
    _side_two(pdf, region, facts)
    return bytes(pdf.output())


def build_exercise_sheets(out_dir: Path) -> list[Path]:
    """Write back and neck sheets on A4 and Letter into out_dir; returns the files written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    facts = course_facts()
    written = []
    for region in SHEETS:
        for suffix in PAPERS:
            path = out_dir / f"{region}-exercises-{suffix}.pdf"
            path.write_bytes(render(region, suffix, facts))
            written.append(path)
    return written
