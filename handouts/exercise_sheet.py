"""Back and neck exercise sheets: two sides of A4 or US Letter each.

Side 1: a "Remember" box, then each exercise with its start and end drawings, steps and dose.
Side 2: a weekly tick chart (a box for each time of day), when to stop, the emergency panel for
the region (a sheet handed out alone must still say when to call for help), the meaning of
harder words it uses, and a box for the clinician's own changes. Drawings, steps, numbers and
stop lists come from the exercise catalogue (widgets/data/exercises.json), the signs from the
cause catalogue and the numbers to call from the paper's edition, so the sheet always says what
the chapter, the routine widget and the advice sheets say. Built with fpdf2 like the other
handouts (handouts/build.py: fonts, margins, panels, footer).
"""
from __future__ import annotations

import io
from pathlib import Path

from handouts.build import (
    MARGIN, PAPERS, Panel, _DoesNotFit, _Handout, course_facts, draw_glossary, draw_panel,
    draw_remember, draw_stop_list, fill, flatten, footer_lines, glossary, load_content,
    signs_for,
)
from widgets import causes, editions, exercises, poses
from widgets.tokens import rgb

SHEETS = {"back": "Exercises for your back", "neck": "Exercises for your neck and shoulders"}
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEK = "Week starting: ____ / ____"
PIC_W = 72  # mm, start and end drawings side by side
PIC_H_MAX = 25
INK, BLUE, LINE = rgb("black"), rgb("blue-dark"), rgb("line")
TICK = 4  # mm: one tick box in the chart
# Heights (mm) of a tick-chart row, roomiest first: rows get shorter (never the type smaller)
# when the emergency panel needs the space.
ROW_HEIGHTS = (9, 7.5, 6.5)
CLINICIAN_BOX_MIN = 28  # mm: room for at least two written lines


def intro_text() -> str:
    plan = exercises.load_catalogue().plan
    return (f"Start with about {plan['start_repeats']} of each, as written below. Every "
            f"{plan['every_days']} days, add {plan['add_repeats']} more if you feel fine. "
            "The arrow shows which way to move. The orange mark shows where you should feel it.")


def exercise_lines(ex: exercises.Exercise) -> list[tuple[str, str]]:
    """(style, text) lines for one exercise: what the sheet prints, and what tests read."""
    return [("name", ex.name), *(("step", f"{i}. {s}") for i, s in enumerate(ex.steps, 1)),
            ("dose", exercises.dose_text(ex))]


def caution_lines(items) -> list[tuple[str, str]]:
    """Each catalogue caution that applies to some of these exercises, with their names."""
    found: dict[str, list[str]] = {}
    for ex in items:
        for text in exercises.cautions(ex):
            found.setdefault(text, []).append(ex.name.lower())
    return [(text, ", ".join(names)) for text, names in found.items()]


def emergency_panel(region: str, edition_id: str) -> Panel:
    """The region's emergency signs, what to do, and where the urgent signs are."""
    heading, items = signs_for("emergency", region, edition_id)
    urgent = causes.sign_level("urgent", edition_id)
    return Panel("emergency", heading, tuple(items), (
        causes.sign_level("emergency", edition_id).message,
        f"{urgent.title} for the other warning signs on the warning signs sheet. "
        f"{urgent.message}"))


def _picture_png(ex: exercises.Exercise) -> tuple[io.BytesIO, float, float, str]:
    pair = poses.strip(exercises.exercise_pictures(ex))
    w = PIC_W
    h = w * pair.height / pair.width
    if h > PIC_H_MAX:
        w, h = PIC_H_MAX * pair.width / pair.height, PIC_H_MAX
    png = io.BytesIO(poses.to_png(pair, width_in=w / 25.4, dpi=250))
    return png, w, h, pair.alt


def draw_exercise(pdf: _Handout, picture, lines) -> None:
    """One exercise across the page: its picture (png, width, height, alt) on the left, its
    lines (weight, size, line height, colour, text) beside it, and a rule under both."""
    png, w, h, alt = picture
    text_x = MARGIN + PIC_W + 4
    top = pdf.get_y()
    pdf.image(png, x=MARGIN, y=top + 1, w=w, h=h, alt_text=alt)
    pdf.set_xy(text_x, top)
    for weight, size, line, colour, text in lines:
        pdf.set_font("DejaVu", weight, size)
        pdf.set_text_color(*colour)
        pdf.set_x(text_x)
        pdf.multi_cell(pdf.w - MARGIN - text_x, line, text, align="L", new_x="LMARGIN",
                       new_y="NEXT")
    pdf.set_text_color(*INK)
    bottom = max(pdf.get_y(), top + h + 2) + 1
    pdf.set_draw_color(*LINE)
    pdf.set_line_width(0.2)
    pdf.line(MARGIN, bottom, pdf.w - MARGIN, bottom)
    pdf.set_y(bottom + 1)


def _side_one(pdf: _Handout, region: str, edition: editions.Edition) -> None:
    pdf.set_font("DejaVu", "B", 19)
    pdf.cell(0, 9, SHEETS[region], new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*BLUE)
    pdf.set_line_width(0.8)
    pdf.line(MARGIN, pdf.get_y() + 0.5, pdf.w - MARGIN, pdf.get_y() + 0.5)
    pdf.ln(2.5)
    draw_remember(pdf, [fill(t, edition) for t in load_content()["exercise_sheets"]["remember"]])
    pdf.set_font("DejaVu", "", 10.5)
    pdf.multi_cell(0, 4.9, intro_text(), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    looks = {"name": ("B", 12, 5.4, INK), "step": ("", 9.5, 3.95, INK), "dose": ("B", 10, 4.8, BLUE)}
    for ex in exercises.exercises_for(region):
        draw_exercise(pdf, _picture_png(ex), [(*looks[style], text)
                                              for style, text in exercise_lines(ex)])
    if pdf.get_y() > pdf.h - MARGIN:
        raise ValueError(f"the {region} exercises do not fit on side 1 of {edition.paper}: "
                         f"they end at {pdf.get_y():.0f} mm")


def _tick_chart(pdf: _Handout, items: list[exercises.Exercise], row_h: float) -> None:
    """A row per exercise, a cell per day, and in each cell a box for each time of day."""
    names = [f"{ex.name} ({ex.sets_per_day} a day)" for ex in items]
    pdf.set_font("DejaVu", "", 9.5)
    name_w = max(pdf.get_string_width(n) for n in names) + 4
    pdf.set_font("DejaVu", "B", 10)
    name_w = max(name_w, pdf.get_string_width(WEEK) + 4)  # short names: the header still fits
    day_w = (pdf.w - 2 * MARGIN - name_w) / len(DAYS)
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.3)
    pdf.cell(name_w, 8, WEEK, border=1)
    for day in DAYS:
        pdf.cell(day_w, 8, day, border=1, align="C")
    pdf.ln(8)
    for ex, name in zip(items, names):
        y = pdf.get_y()
        pdf.set_font("DejaVu", "", 9.5)
        pdf.cell(name_w, row_h, name, border=1)
        n = ex.sets_per_day
        gap = (day_w - n * TICK) / (n + 1)
        for d in range(len(DAYS)):
            x = MARGIN + name_w + d * day_w
            pdf.set_line_width(0.3)
            pdf.rect(x, y, day_w, row_h)
            pdf.set_line_width(0.2)
            for i in range(n):
                pdf.rect(x + gap + i * (TICK + gap), y + (row_h - TICK) / 2, TICK, TICK)
        pdf.set_xy(MARGIN, y + row_h)


class _SideFull(Exception):
    pass


def _side_two(pdf: _Handout, region: str, edition: editions.Edition, facts: dict,
              row_h: float) -> None:
    pdf.add_page()
    items = exercises.exercises_for(region)
    pdf.set_font("DejaVu", "B", 15)
    pdf.cell(0, 8, "My week: tick a box each time you do them", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 5, "Fill in the date at the top. Each day has a box for each time you do "
                   "the exercise. Bring this sheet to your next visit.", new_x="LMARGIN",
                   new_y="NEXT")
    pdf.ln(1)
    _tick_chart(pdf, items, row_h)
    pdf.ln(3)
    draw_stop_list(pdf, exercises.stop_signs(items[0]), style="rule")
    pdf.ln(1.5)
    pdf.set_font("DejaVu", "", 11)
    # The course's one timing for "not getting better" is the catalogue's not-easing sign.
    not_easing = causes.load_catalogue().sign("not-easing")
    pdf.multi_cell(0, 5.2, f"See a doctor or physiotherapist if: {not_easing.label.lower()}.",
                   new_x="LMARGIN", new_y="NEXT")
    for text, names in caution_lines(items):
        pdf.ln(1)
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(0, 4.8, f"Take care ({names}): {text}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    panel = emergency_panel(region, edition.id)
    draw_panel(pdf, panel)
    words = glossary(" ".join(t for _, t in flatten([panel])))
    if words:
        draw_glossary(pdf, words)
    pdf.ln(3)
    box_top = pdf.get_y()
    box_h = pdf.h - MARGIN - 14 - box_top
    if box_h < CLINICIAN_BOX_MIN:
        raise _SideFull(f"side 2 of the {region} sheet on {edition.paper} is full: "
                         f"{box_h:.0f} mm left for the clinician's box")
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.3)
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
    """One two-sided sheet in the paper's edition; ValueError for an unknown region or paper,
    or if a side overflows even with the shortest tick-chart rows."""
    if region not in SHEETS:
        raise ValueError(f"region must be one of {list(SHEETS)}, got {region!r}")
    edition = editions.for_paper(paper)  # ValueError names an unknown paper
    facts = facts or course_facts()
    for row_h in ROW_HEIGHTS:
        pdf = _Handout(paper, max_sides=2, running=SHEETS[region])
        pdf.set_title(SHEETS[region])
        pdf.set_author(facts["author"])
        pdf.set_lang("en")
        _side_one(pdf, region, edition)
        try:
            _side_two(pdf, region, edition, facts, row_h)
            return bytes(pdf.output())
        except (_SideFull, _DoesNotFit) as overflow:
            error = overflow
    raise ValueError(f"side 2 of the {region} sheet on {paper} overflows: {error}")


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
