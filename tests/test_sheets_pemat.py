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
    ALL_PDFS, EDITION, MUST_SAY, letters, page_lines, panel_text, pdf_text, run,
)
from test_print_layout import page_boxes
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
    missing = [sid for sid in ids if letters(cat.sign(sid).label) not in front]
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
                 if letters(cat.sign(sid).label) not in letters(panels[level])]
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
