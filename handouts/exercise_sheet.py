"""Back and neck exercise sheets: two sides of A4 or US Letter each (three if the signs need it).

Side 1: a "Remember" box, how to start, the "Take care" notes (pregnancy, weak bones) that apply
to some of the exercises, so they are read before the exercises are done, then each exercise
with its start and end drawings, steps and dose.
Side 2: a weekly tick chart (a box for each time of day), when to stop and who to ask, then every
warning sign of the region at its own level (a sheet handed out alone must be complete; the back
region's list needs a third side), the meaning of harder words it uses, and a box for the
clinician's own changes (on a three-sided sheet, it fills side 2 under the emergency panel).
Drawings, steps, numbers and stop lists come from the exercise catalogue
(widgets/data/exercises.json), the signs from the cause catalogue and the numbers to call from
the paper's edition, so the sheet always says what the chapter, the routine widget and the
advice sheets say. Built with fpdf2 like the other
handouts (handouts/build.py: fonts, margins, panels, footer).
"""
from __future__ import annotations

from pathlib import Path

from handouts.build import (
    DAYS, MARGIN, MOVE_PIC_W, PAPERS, PICTURE_KEY, SCALES, _DoesNotFit, _Handout,
    course_facts, draw_glossary, draw_panel, draw_remember, draw_stop_list, fill, flatten,
    footer_lines, glossary, load_content, movement_picture, panel_fits, sign_panels,
)
from widgets import editions, exercises
from widgets.tokens import rgb

SHEETS = {"back": "Exercises for your back", "neck": "Exercises for your neck and shoulders"}
WEEK = "Week starting: ____ / ____"
INK, BLUE, LINE = rgb("black"), rgb("blue-dark"), rgb("line")
TICK = 4  # mm: one tick box in the chart
# Heights (mm) of a tick-chart row, roomiest first: rows get shorter (never the type smaller)
# when the emergency panel needs the space.
ROW_HEIGHTS = (9, 7.5, 6.5)
CLINICIAN_BOX_MIN = 28  # mm: room for at least two written lines
MAX_SIDES_EXERCISES = 3  # the back region's full sign list does not fit beside the tick chart
# The page the stop list is on, which side 1 names: side 1 holds the exercises (it raises if they
# overflow) and side 2 opens with the tick chart and the stop list (_side_two checks).
STOP_LIST_PAGE = 2


def intro_text() -> str:
    plan = exercises.load_catalogue().plan
    return (f"Start with the number of times written under each exercise. Every "
            f"{plan['every_days']} days, do {plan['add_repeats']} more times if you feel fine. "
            f"In the pictures: "
            f"{PICTURE_KEY[0].lower()}{PICTURE_KEY[1:]}")


def exercise_lines(ex: exercises.Exercise) -> list[tuple[str, str]]:
    """(style, text) lines for one exercise: what the sheet prints, and what tests read."""
    return [("name", ex.name), *(("step", f"{i}. {s}") for i, s in enumerate(ex.steps, 1)),
            ("dose", exercises.dose_text(ex))]


def caution_lines(items, edition_id: str = "uk") -> list[tuple[str, str]]:
    """Each catalogue caution that applies to some of these exercises, in the edition's words,
    with their names."""
    found: dict[str, list[str]] = {}
    for ex in items:
        for text in exercises.cautions(ex, edition_id):
            found.setdefault(text, []).append(ex.name.lower())
    return [(text, " and ".join((", ".join(names[:-1]), names[-1])) if len(names) > 1
             else names[0]) for text, names in found.items()]


def draw_exercise(pdf: _Handout, picture, lines) -> None:
    """One exercise across the page: its picture (png, width, height, alt) on the left, its
    lines (weight, size, line height, colour, text) beside it, and a rule under both."""
    png, w, h, alt = picture
    text_x = MARGIN + MOVE_PIC_W + 4
    top = pdf.get_y()
    pdf.image(png, x=text_x - 4 - w, y=top + 1, w=w, h=h, alt_text=alt)  # next to its name
    pdf.set_xy(text_x, top)
    for weight, size, line, colour, text in lines:
        pdf.set_font("DejaVu", weight, size)
        pdf.set_text_color(*colour)
        pdf.set_x(text_x)
        pdf.multi_cell(pdf.w - MARGIN - text_x, line, text, align="L", new_x="LMARGIN",
                       new_y="NEXT")
    pdf.set_text_color(*INK)
    bottom = max(pdf.get_y(), top + h + 1) + 0.6
    pdf.set_draw_color(*LINE)
    pdf.set_line_width(0.2)
    pdf.line(MARGIN, bottom, pdf.w - MARGIN, bottom)
    pdf.set_y(bottom + 0.8)


def remember_lines(region: str, edition: editions.Edition, pointer: bool = True) -> list[str]:
    """The "Remember" box: the sheet's summary with the page of the stop list, and (pointer) a
    line sending the reader to the "Take care" notes if the region's exercises have any."""
    words = load_content()["exercise_sheets"]
    lines = [fill(t, edition, stop_page=STOP_LIST_PAGE) for t in words["remember"]]
    if pointer and caution_lines(exercises.exercises_for(region), edition.id):
        lines.append(fill(words["cautions"], edition))
    return lines


def _side_one(pdf: _Handout, region: str, edition: editions.Edition, pointer: bool) -> float:
    """Draw side 1; returns where the last exercise ends (mm from the top)."""
    pdf.set_font("DejaVu", "B", 19)
    pdf.cell(0, 9, SHEETS[region], new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*BLUE)
    pdf.set_line_width(0.8)
    pdf.line(MARGIN, pdf.get_y() + 0.5, pdf.w - MARGIN, pdf.get_y() + 0.5)
    pdf.ln(2)
    draw_remember(pdf, remember_lines(region, edition, pointer))
    pdf.set_font("DejaVu", "", 10.5)
    pdf.multi_cell(0, 4.9, intro_text(), new_x="LMARGIN", new_y="NEXT")
    # Ragged right (align L): justified bold text opens wide gaps between words.
    for text, names in caution_lines(exercises.exercises_for(region), edition.id):
        pdf.ln(1)
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(0, 4.4, f"**Take care with {names}:** {text}", align="L",
                       markdown=True, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(0.5)
    looks = {"name": ("B", 12, 5.0, INK), "step": ("", 9.5, 3.85, INK), "dose": ("B", 10, 4.4, BLUE)}
    for ex in exercises.exercises_for(region):
        draw_exercise(pdf, movement_picture(ex), [(*looks[style], text)
                                              for style, text in exercise_lines(ex)])
    return pdf.get_y()


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
    draw_stop_list(pdf, exercises.stop_signs(items[0]), edition.stop_heading,
                   style="rule")
    if pdf.page != STOP_LIST_PAGE:  # side 1 says where the stop list is: it must be true
        raise ValueError(f"the {region} stop list is on page {pdf.page}, side 1 says "
                         f"page {STOP_LIST_PAGE}")
    # Every sign of the region at its own level, as on the spasm sheets: a sheet handed out
    # alone is complete ("not easing after a few weeks" is in the see-a-doctor panel).
    # On a third side, a panel goes over whole, and the clinician's box fills the space left.
    panels = sign_panels(region, edition.id)
    boxed = False
    for panel in panels:
        if pdf.page < pdf.max_sides and not panel_fits(pdf, panel):
            pdf.ln(3)
            if pdf.bottom - pdf.get_y() >= CLINICIAN_BOX_MIN:
                _clinician_box(pdf, pdf.bottom - pdf.get_y())
                boxed = True
            pdf.turn_over()
        draw_panel(pdf, panel)
    words = glossary(" ".join(t for _, t in flatten(panels)))
    if words:
        draw_glossary(pdf, words)
    if not boxed:
        pdf.ln(3)
        if pdf.h - MARGIN - 14 - pdf.get_y() < CLINICIAN_BOX_MIN:
            pdf.turn_over()  # _DoesNotFit past the sheet's last side
            pdf.ln(3)
        _clinician_box(pdf, pdf.h - MARGIN - 14 - pdf.get_y())
    pdf.set_xy(MARGIN, pdf.h - MARGIN - 11)
    pdf.set_font("DejaVu", "", 9)
    for line in footer_lines(facts) + [f"Course: {facts['course_url']}"]:
        pdf.cell(0, 3.8, line, new_x="LMARGIN", new_y="NEXT")


def _clinician_box(pdf: _Handout, box_h: float) -> None:
    """A box from here, box_h mm high, with lines for the clinician's changes."""
    box_top = pdf.get_y()
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
    pdf.set_y(box_top + box_h)


def render(region: str, paper: str, facts: dict | None = None) -> bytes:
    """One sheet in the paper's edition: two sides if they hold it, with shorter tick-chart rows
    and then smaller sign type (SCALES) before the signs go on to a third side (every sign of
    the region is printed: the sheet may be handed out alone). ValueError for an unknown region
    or paper, or if even three sides overflow."""
    if region not in SHEETS:
        raise ValueError(f"region must be one of {list(SHEETS)}, got {region!r}")
    edition = editions.for_paper(paper)  # ValueError names an unknown paper
    facts = facts or course_facts()
    tries = [*((scale, row_h, 2) for scale in SCALES for row_h in ROW_HEIGHTS),
             (1, ROW_HEIGHTS[0], MAX_SIDES_EXERCISES)]
    # The Remember box points to the "Take care" notes if side 1 still holds every exercise
    # with that line (the notes sit just under the box either way).
    trial = _Handout(paper)
    pointer = _side_one(trial, region, edition, pointer=True) <= trial.h - MARGIN
    for scale, row_h, sides in tries:
        pdf = _Handout(paper, scale=scale, max_sides=sides, running=SHEETS[region])
        pdf.set_title(SHEETS[region])
        pdf.set_author(facts["author"])
        pdf.set_lang("en")
        end = _side_one(pdf, region, edition, pointer)
        if end > pdf.h - MARGIN:
            raise ValueError(f"the {region} exercises do not fit on side 1 of {paper}: they "
                             f"end at {end:.0f} mm")
        try:
            _side_two(pdf, region, edition, facts, row_h)
            return bytes(pdf.output())
        except _DoesNotFit as overflow:
            error = overflow
    raise ValueError(f"the {region} sheet on {paper} overflows: {error}")


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
