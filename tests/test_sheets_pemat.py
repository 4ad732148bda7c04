"""What the PEMAT-P review of the sheets (issue 21) asked for, checked on the built PDFs:

- the side a patient pins up (page 1) of the warning-signs and back-spasm sheets holds the
  urgent level's action and every urgent sign, not only the emergency ones;
- the saddle-area picture is captioned with what to do and the edition's emergency number,
  beside the saddle sign;
- each exercise sheet, handed out alone, lists every warning sign of its region under its own
  level, the levels taken from tests/data/clinical_expectations.yaml (the cited sources), not
  from the catalogue;
- US Letter sheets never name a UK service (999, NHS 111, a maternity unit);
- every picture on every sheet has words under or beside it (its caption, or an exercise's
  name).
The second review (issue 21, /work/pemat/scores-final.md) asked that:
- no advice sits under a stop list as if it were one more reason to stop: on the back-spasm
  sheet the painkillers come before the exercise and its stop list, on the neck-spasm sheet heat
  comes before the exercise and its stop list;
- the exercise sheets' "Take care" notes (pregnancy, weak bones) are on side 1, before the first
  exercise, ragged right;
- side 1 names the page the stop list is on, and the stop list is there.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from test_handouts import (
    ALL_PDFS, EDITION, MUST_SAY, letters, page_lines, panel_text, pdf_text, printed, run,
)
from test_print_layout import page_boxes
from widgets import editions, exercises
from widgets.causes import LEVEL_IDS, load_catalogue, sign_level

EXPECTED = yaml.safe_load((REPO / "tests/data/clinical_expectations.yaml")
                          .read_text("utf-8"))["warning_signs"]
FRONT_SHEETS = ("warning-signs", "back-spasm")
PAPERS = tuple(EDITION)


@pytest.fixture(scope="module")
def handout_dir(build_dir: Path) -> Path:
    return build_dir / "handouts"


def page_text(pdf: Path, number: int) -> str:
    page = page_boxes(pdf)[number - 1]
    return " ".join(t for block in page["blocks"] for *_, t in block)


def expected_signs(region: str | None) -> dict[str, str]:
    """Sign id -> level the sources set, for the signs of a region (None: every sign)."""
    return {sid: e["level"] for sid, e in EXPECTED.items()
            if region is None or e["region"] in (region, "both")}


# ----- The front side ---------------------------------------------------------------------------

@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("stem", FRONT_SHEETS)
def test_front_side_has_every_urgent_sign_and_the_urgent_action(handout_dir, stem, paper):
    pdf = handout_dir / f"{stem}-{paper}.pdf"
    front = letters(page_text(pdf, 1))
    edition_id = EDITION[paper]
    urgent = sign_level("urgent", edition_id)
    assert letters(urgent.message) in front, f"{stem}-{paper}: urgent action not on page 1"
    region = None if stem == "warning-signs" else "back"
    cat = load_catalogue(edition_id)
    ids = [sid for sid, level in expected_signs(region).items() if level == "urgent"]
    assert ids
    missing = [sid for sid in ids if letters(printed(cat.sign(sid).label, paper)) not in front]
    assert not missing, f"{stem}-{paper}: urgent signs not on page 1: {missing}"


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("stem", ["warning-signs", "neck-spasm"])
def test_worse_fast_rule_is_in_the_urgent_panel(handout_dir, stem, paper):
    """NICE CKS (neck pain): worsening signs of spinal cord compression need emergency care. The
    rule is printed inside the amber panel, with the edition's emergency number."""
    urgent = " ".join(panel_text(handout_dir / f"{stem}-{paper}.pdf", paper)["urgent"].split())
    assert re.search(rf"get worse fast, treat it as an emergency: call {MUST_SAY[paper][0]}",
                     urgent), f"{stem}-{paper}: no escalation rule in the urgent panel"


# ----- The saddle picture -----------------------------------------------------------------------

@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("stem", FRONT_SHEETS)
def test_saddle_caption_says_what_to_do_beside_the_saddle_sign(handout_dir, stem, paper):
    """The caption names the emergency number of the paper's country (999 / 911, from the
    services themselves: see MUST_SAY) and sits level with the saddle sign, to its left."""
    lines = [ln for ln in page_lines(handout_dir / f"{stem}-{paper}.pdf") if ln[1] < 10_000]
    text = " ".join(t for *_, t in lines)
    number = MUST_SAY[paper][0]
    assert re.search(rf"New\s+numbness\s+here:\s+call\s+{number}\s+now", text), \
        f"{stem}-{paper}: saddle caption without 'call {number} now'"
    caption_y = min(y for x, y, t in lines if t.startswith("Saddle area"))
    caption_x = min(x for x, y, t in lines if t.startswith("Saddle area"))
    sign = [(x, y) for x, y, t in lines if "genitals or bottom" in t or "(the saddle" in t]
    assert sign, f"{stem}-{paper}: saddle sign not on page 1"
    x, y = sign[0]
    assert x > caption_x and abs(y - caption_y) < 90, \
        f"{stem}-{paper}: saddle sign at ({x:.0f}, {y:.0f}) is not beside the picture"


# ----- Exercise sheets complete on their own ------------------------------------------------------

@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("region", ["back", "neck"])
def test_exercise_sheet_lists_every_sign_of_its_region_at_its_cited_level(handout_dir, region,
                                                                         paper):
    panels = panel_text(handout_dir / f"{region}-exercises-{paper}.pdf", paper)
    assert set(panels) == set(LEVEL_IDS), f"{region}-{paper}: panels {sorted(panels)}"
    cat = load_catalogue(EDITION[paper])
    misplaced = [(sid, level) for sid, level in expected_signs(region).items()
                 if letters(printed(cat.sign(sid).label, paper)) not in letters(panels[level])]
    assert not misplaced, f"{region}-exercises-{paper}: not under their level: {misplaced}"


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("region", ["back", "neck"])
def test_exercise_sheet_does_not_send_the_reader_to_another_sheet(handout_dir, region, paper):
    text = " ".join(pdf_text(handout_dir, f"{region}-exercises", paper).split()).lower()
    assert "warning signs sheet" not in text


# ----- No UK service on a US sheet --------------------------------------------------------------

@pytest.mark.parametrize("stem", sorted({s for s, *_ in ALL_PDFS}))
def test_letter_sheets_name_no_uk_service(handout_dir, stem):
    text = " ".join(pdf_text(handout_dir, stem, "letter").split())
    for words in ("999", "NHS 111", "maternity unit", "GP surgery", "A&E"):
        assert words not in text, f"{stem}-letter says {words!r}"


# ----- Every picture captioned ------------------------------------------------------------------

def pictures_and_text(pdf: Path, tmp_path: Path):
    """Per page: the images' boxes and the text pieces (left, top, right, bottom, text), from
    pdftohtml's XML (pixels at its 1.5 zoom; it writes the images beside the file it reads, so
    it reads a copy in tmp_path)."""
    copy = tmp_path / pdf.name
    shutil.copy(pdf, copy)
    xml = subprocess.run(["pdftohtml", "-xml", "-stdout", str(copy)], check=True,
                         capture_output=True, text=True, cwd=tmp_path).stdout
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xml))

    def box(el):
        left, top = float(el.get("left")), float(el.get("top"))
        return left, top, left + float(el.get("width")), top + float(el.get("height"))

    return [([box(i) for i in page.iter("image")],
             [(*box(t), "".join(t.itertext()).strip()) for t in page.iter("text")])
            for page in root.iter("page")]


@pytest.mark.parametrize("stem, region, kind, paper", ALL_PDFS)
def test_every_picture_has_words_under_or_beside_it(handout_dir, tmp_path, stem, region, kind,
                                                    paper):
    """Under the picture (within about 5 mm, overlapping it across) or beside it (starting
    within about 6 mm to its right, level with its top): its caption, or an exercise's bold
    name on the exercise sheets."""
    pages = pictures_and_text(handout_dir / f"{stem}-{paper}.pdf", tmp_path)
    assert any(images for images, _ in pages)
    bare = []
    for number, (images, texts) in enumerate(pages, 1):
        for left, top, right, bottom in images:
            under = [t for x0, y0, x1, _, t in texts if t and bottom - 4 <= y0 <= bottom + 28
                     and x0 < right and x1 > left]
            beside = [t for x0, y0, _, _, t in texts if t and right <= x0 <= right + 35
                      and top - 8 <= y0 <= top + 12]
            if not under and not beside:
                bare.append((number, round(left), round(top)))
    assert not bare, f"{stem}-{paper}: pictures without a caption (page, x, y): {bare}"


# ----- Advice never under a stop list -----------------------------------------------------------

def line_at(lines, start: str, after: float = -1) -> float:
    """y (counted down through the sides, see page_lines) of the first line after `after` that
    starts with these words."""
    found = [y for _, y, t in lines if y > after and letters(t).startswith(letters(start))]
    assert found, f"no line starting {start!r}"
    return min(found)


@pytest.mark.parametrize("paper", PAPERS)
def test_back_spasm_painkillers_come_before_the_exercise_and_its_stop_list(handout_dir, paper):
    """The NSAID caution under its own "Painkillers" heading, above the exercise; the stop
    list then ends the section (the next thing under it is the see-a-doctor panel)."""
    lines = page_lines(handout_dir / f"back-spasm-{paper}.pdf")
    stop = line_at(lines, editions.for_paper(paper).stop_heading)
    painkillers = line_at(lines, "Painkillers")
    nsaids = line_at(lines, "Anti-inflammatory painkillers")
    exercise = line_at(lines, "A gentle exercise")
    assert painkillers < nsaids < exercise < stop, \
        f"back-spasm-{paper}: painkillers {painkillers}, exercise {exercise}, stop {stop}"
    assert not [t for _, _, t in lines if "painkillers" in t.lower() and t != "Painkillers"
                and "Anti-inflammatory" not in t and "exercise" in t.lower()], \
        "a heading still joins the exercise and the painkillers"
    next_thing = min(y for _, y, t in lines if y > stop + 40 and t.startswith(
        sign_level("see-a-doctor", EDITION[paper]).title))
    between = [t for _, y, t in lines if stop < y < next_thing]
    assert not [t for t in between if "NSAID" in t or "ibuprofen" in t], \
        f"back-spasm-{paper}: painkiller advice under the stop list: {between}"


@pytest.mark.parametrize("paper", PAPERS)
def test_neck_spasm_heat_comes_before_the_exercise_and_its_stop_list(handout_dir, paper):
    lines = page_lines(handout_dir / f"neck-spasm-{paper}.pdf")
    helps = line_at(lines, "What helps")
    heat = line_at(lines, "Heat.", helps)
    turns = line_at(lines, "Neck turns.", helps)
    stop = line_at(lines, editions.for_paper(paper).stop_heading, helps)
    assert helps < heat < turns < stop < 10_000, \
        f"neck-spasm-{paper}: what helps {helps}, heat {heat}, neck turns {turns}, stop {stop}"


# ----- Exercise sheets: cautions first, the stop list's page named ----------------------------

def cautions_of(region: str, paper: str) -> list[str]:
    """The catalogue's cautions for the region's exercises, in the paper's edition."""
    return list(dict.fromkeys(text for ex in exercises.exercises_for(region)
                              for text in exercises.cautions(ex, EDITION[paper])))


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("region", ["back", "neck"])
def test_take_care_notes_are_on_side_one_before_the_first_exercise(handout_dir, region, paper):
    """A pregnant reader, or one with weak bones, meets the note before doing the exercises
    (NHS, exercise in pregnancy: do not lie flat on the back after about 16 weeks; Brooke-Wavell
    et al. 2022, the UK strong bones consensus: care with bending the spine forward)."""
    pdf = handout_dir / f"{region}-exercises-{paper}.pdf"
    notes = cautions_of(region, paper)
    if region == "back":
        assert len(notes) == 2, "the back exercises lie flat and bend forward: two notes"
    side1 = [ln for ln in page_lines(pdf) if ln[1] < 10_000]
    start = line_at(side1, "Start with the number")
    first = line_at(side1, exercises.exercises_for(region)[0].name)
    block = letters(" ".join(t for _, y, t in sorted(side1, key=lambda ln: ln[1])
                             if start < y < first))
    for note in notes:
        assert letters(note) in block, f"{region}-{paper}: note not between the start line " \
                                       f"and the first exercise: {note[:40]!r}"
    later = letters(" ".join(t for _, y, t in page_lines(pdf) if y >= first))
    assert "takecare" not in later, f"{region}-{paper}: a Take care note after the exercises"


@pytest.mark.parametrize("paper", PAPERS)
def test_take_care_notes_are_set_ragged_right(handout_dir, paper):
    """Justified lines stretch the spaces between words and all end at the right margin: in the
    notes no gap is wider than a bold space in 10 pt type (DejaVu Sans Bold: 0.348 em, so
    3.5 pt) with a little slack, and not every line but a note's last ends at the margin."""
    page = page_boxes(handout_dir / f"back-exercises-{paper}.pdf")[0]
    lines = [ln for block in page["blocks"] for ln in block]
    start = min(y0 for _, y0, _, _, t in lines if t.startswith("Take care"))
    first = min(y0 for _, y0, _, _, t in lines if t.startswith("Knee to chest"))
    words = sorted((round(y0), x0, x1) for _, x0, y0, x1, _ in page["words"]
                   if start - 1 <= y0 < first - 1)
    gaps = [b[1] - a[2] for a, b in zip(words, words[1:]) if a[0] == b[0]]
    assert gaps and max(gaps) < 4.2, f"back-exercises-{paper}: word gap of {max(gaps):.1f} pt"
    ends = [x1 for _, y0, x1, _, _ in lines if start <= y0 < first]
    flush = [x for x in ends if x > max(ends) - 1]
    notes = len(cautions_of("back", paper))
    assert len(flush) < len(ends) - notes, \
        f"back-exercises-{paper}: {len(flush)} of {len(ends)} note lines end at the margin"


def test_remember_box_points_to_the_take_care_notes_on_a4(handout_dir):
    """On A4 there is room for the pointer line (US Letter, 18 mm shorter, has none: the notes
    sit just under its Remember box)."""
    side1 = page_text(handout_dir / "back-exercises-a4.pdf", 1)
    remember = side1[:side1.index("Start with the number")]
    pointer = yaml.safe_load((REPO / "handouts/content.yaml").read_text("utf-8"))[
        "exercise_sheets"]["cautions"]
    assert "Take care" in pointer and letters(pointer) in letters(remember)


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("region", ["back", "neck"])
def test_side_one_names_the_page_the_stop_list_is_on(handout_dir, region, paper):
    """A three-page sheet printed single-sided has no "back": side 1 gives the page number, and
    the stop list's heading is on that page."""
    pdf = handout_dir / f"{region}-exercises-{paper}.pdf"
    side1 = " ".join(page_text(pdf, 1).split())
    assert "on the back" not in side1
    found = re.search(r"stop list on page (\d+)", side1)
    assert found, f"{region}-{paper}: side 1 does not say which page the stop list is on"
    page = int(found.group(1))
    heading = editions.for_paper(paper).stop_heading
    assert letters(heading) in letters(page_text(pdf, page)), \
        f"{region}-{paper}: side 1 says page {page}, the stop list is not there"


# ----- Signs grouped under sub-headings (third review, PEMAT item 8) ------------------------------

SHEET_REGIONS = {"warning-signs": None, "back-spasm": "back", "neck-spasm": "neck",
                 "back-exercises": "back", "neck-exercises": "neck"}
# Panels printed without sub-headings because with them the sheet does not fit (build.FLAT_STEPS
# drops them only then); a change here is a deliberate edit, so the test notices if they start
# or stop fitting.
FLAT_PANELS = {("warning-signs", "a4"): {"emergency"},
               ("warning-signs", "letter"): {"emergency", "urgent"}}


def panel_lines(pdf: Path, paper: str) -> dict[str, list[str]]:
    """As test_handouts.panel_text, but each panel's lines kept apart (column by column), so a
    sub-heading is a whole line."""
    lines = page_lines(pdf)
    titles = {level: sign_level(level, EDITION[paper]).title for level in LEVEL_IDS}
    heads = sorted((y, level) for x, y, t in lines for level, title in titles.items()
                   if t.startswith(title) and t.endswith(":"))
    ends = [y for _, y, t in lines if t.startswith(("Please turn over", "What some words",
                                                     "Your clinician", "Changes from"))]
    found: dict[str, list[str]] = {}
    for y_top, level in heads:
        y_end = min([y for y, _ in heads if y > y_top] + [y for y in ends if y > y_top])
        inside = sorted((ln for ln in lines if y_top < ln[1] < y_end), key=lambda ln: ln[0])
        columns: list[list] = []
        for ln in inside:
            if not columns or ln[0] - columns[-1][-1][0] > 40:
                columns.append([])
            columns[-1].append(ln)
        found.setdefault(level, []).extend(
            t for col in columns for *_, t in sorted(col, key=lambda ln: ln[1]))
    return found


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("stem", SHEET_REGIONS)
def test_each_panel_prints_each_sub_heading_before_its_own_signs(handout_dir, stem, paper):
    """Each panel lists its signs under the book's sub-headings (causes.REGION_TITLES for
    everyone's signs by region, SIGN_GROUP_TITLES for a special group's), in the book's order,
    each sign after its own sub-heading and before the next; which sign goes under which comes
    from tests/data/clinical_expectations.yaml (region and group), not from the catalogue."""
    from widgets.causes import REGION_TITLES, SIGN_GROUP_TITLES
    book_order = [*REGION_TITLES.values(), *SIGN_GROUP_TITLES.values()]
    region = SHEET_REGIONS[stem]
    cat = load_catalogue(EDITION[paper])
    panels = panel_lines(handout_dir / f"{stem}-{paper}.pdf", paper)
    flat = FLAT_PANELS.get((stem, paper), set())
    for level, lines in panels.items():
        where = f"{stem}-{paper} {level}"
        heads = [i for i, t in enumerate(lines) if t in book_order]
        if level in flat:
            assert not heads, f"{where}: sub-headings in a panel expected without them"
            continue
        want = {}
        for sid, e in EXPECTED.items():
            if e["level"] == level and (region is None or e["region"] in (region, "both")):
                title = SIGN_GROUP_TITLES[e["group"]] if e["group"] else REGION_TITLES[e["region"]]
                want.setdefault(title, []).append(sid)
        assert [lines[i] for i in heads] == sorted(want, key=book_order.index), where
        for n, i in enumerate(heads):
            under = letters(" ".join(lines[i + 1:(heads + [len(lines)])[n + 1]]))
            wrong = [sid for sid in want[lines[i]]
                     if letters(printed(cat.sign(sid).label, paper)) not in under]
            assert not wrong, f"{where}: not under {lines[i]!r}: {wrong}"
        before = letters(" ".join(lines[:heads[0]]))  # the title bar's action
        early = [sid for ids in want.values() for sid in ids
                 if letters(printed(cat.sign(sid).label, paper)) in before]
        assert not early, f"{where}: signs before the first sub-heading: {early}"
