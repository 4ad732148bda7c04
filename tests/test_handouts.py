"""The one-page handouts: one side of A4 and of US Letter each, plain language, own words, no
doses, a QR code to the course, a "Remember" summary and write-in fields, every warning sign for
the sheet's region inside the panel of its level, the saddle-area picture on the warning-signs
sheet, and pages that render. Checks read the built PDFs in COURSE_BUILD/handouts (made by
`make handouts`, i.e. `python -m handouts OUT_DIR`). Words inside the margins: test_print_layout."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from textcheck import find_doses, fk_grade, load_seed_fingerprints, shared_runs

sys.path.insert(0, str(REPO))
from handouts.build import (  # noqa: E402
    FIELDS, PAPERS, course_facts, layout, load_content, render, signs_for,
)
from test_print_layout import page_boxes  # noqa: E402
from widgets.causes import LEVEL_IDS, load_catalogue  # noqa: E402

CONTENT = load_content()
SLUGS = [h["slug"] for h in CONTENT["handouts"]]
# Page sizes in PostScript points, as pdfinfo prints them.
SIZES = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}
TITLES = {"Back spasm: what to do at home", "Neck spasm: what to do at home",
          "Warning signs: when to get help now"}


def letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def run(*cmd: str) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def sentences(handout: dict) -> str:
    """The handout's text, one block per line, each read as a sentence (headings too)."""
    return "\n".join(t if t.endswith((".", "!", "?")) else t + "."
                     for _, t in layout(handout))


@pytest.fixture(scope="module")
def handout_dir(build_dir: Path) -> Path:
    return build_dir / "handouts"


def test_the_three_handouts_exist_in_the_content():
    assert TITLES <= {h["title"] for h in CONTENT["handouts"]}


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("slug", SLUGS)
def test_one_page_of_the_right_size(handout_dir, slug, paper):
    info = run("pdfinfo", str(handout_dir / f"{slug}-{paper}.pdf"))
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    w, h = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M).groups())
    assert (w, h) == pytest.approx(SIZES[paper], abs=0.5)


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("slug", SLUGS)
def test_pdf_prints_every_block_the_fields_and_the_course_facts(handout_dir, slug, paper):
    """What the tests grade (layout) is what the PDF shows, plus the write-in fields, the box
    for the clinician's instructions, address, version and review date."""
    handout = next(h for h in CONTENT["handouts"] if h["slug"] == slug)
    text = run("pdftotext", str(handout_dir / f"{slug}-{paper}.pdf"), "-")
    for _, block in layout(handout):
        assert letters(block) in letters(text), f"{block!r} missing from the PDF"
    for label in [f for row in FIELDS for f in row] + ["Your clinician's instructions"]:
        assert f"{label}:" in text, f"no field {label!r}"
    facts = course_facts()
    for key in ("course_url", "course_version", "last_reviewed"):
        assert facts[key] in text


@pytest.mark.parametrize("slug", ["back-spasm", "neck-spasm"])
def test_self_care_sheets_show_a_movement_with_its_counts(handout_dir, slug):
    """The movement on the back and neck sheets prints the exercise catalogue's hold and repeat
    counts, the same words as the exercise sheets and the book."""
    from widgets import exercises

    handout = next(h for h in CONTENT["handouts"] if h["slug"] == slug)
    moves = [i["exercise"] for s in handout["sections"] for i in s["items"] if isinstance(i, dict)]
    assert moves, f"{slug} names no movement"
    text = letters(run("pdftotext", str(handout_dir / f"{slug}-letter.pdf"), "-"))
    for move in moves:
        ex = exercises.exercise(move)
        assert letters(f"{ex.name}.") in text and letters(exercises.dose_text(ex)) in text
    assert letters("Tick the days you do it: Mon Tue Wed Thu Fri Sat Sun") in text
    images = run("pdfimages", "-list", str(handout_dir / f"{slug}-letter.pdf")).splitlines()[2:]
    assert len(images) >= 1 + len(moves), "a movement without its drawing (or no QR code)"


@pytest.mark.parametrize("slug", SLUGS)
def test_remember_summary_has_two_or_three_lines(slug):
    handout = next(h for h in CONTENT["handouts"] if h["slug"] == slug)
    assert 2 <= len(handout["remember"]) <= 3


def panel_text(pdf: Path) -> dict[str, str]:
    """The text inside each warning-sign panel, by level: from the panel's heading down to the
    next panel's heading (or the clinician's box), read one column at a time."""
    (page,) = page_boxes(pdf)
    lines = [ln for block in page["blocks"] for ln in block]

    def top_of(words: str) -> float:
        return next(y0 for _, y0, _, _, t in lines if t.startswith(words))

    heads = [(level, top_of(" ".join(signs_for(level)[0].split()[:3])))
             for level in LEVEL_IDS
             if any(s.level == level for s in load_catalogue().warning_signs)]
    ends = [y for _, y in heads[1:]] + [top_of("Your clinician")]
    found = {}
    for (level, top), bottom in zip(heads, ends):
        inside = sorted((ln for ln in lines if top <= ln[1] < bottom), key=lambda ln: ln[0])
        columns: list[list] = []
        for ln in inside:  # a new column where the left edges jump by more than 40 pt
            if not columns or ln[0] - columns[-1][-1][0] > 40:
                columns.append([])
            columns[-1].append(ln)
        found[level] = " ".join(t for col in columns for *_, t in sorted(col, key=lambda l: l[1]))
    return found


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("slug", SLUGS)
def test_every_sign_of_the_region_is_in_the_panel_of_its_level(handout_dir, slug, paper):
    """Each catalogue sign for the sheet's region (the warning-signs sheet: every sign) is
    printed inside its own level's panel."""
    handout = next(h for h in CONTENT["handouts"] if h["slug"] == slug)
    region = handout["signs"].get("region")
    signs = [s for s in load_catalogue().warning_signs
             if region is None or s.region in (region, "both")]
    assert signs
    panels = panel_text(handout_dir / f"{slug}-{paper}.pdf")
    misplaced = [(s.level, s.label) for s in signs
                 if letters(s.label) not in letters(panels.get(s.level, ""))]
    assert not misplaced, f"{slug}-{paper}: signs not in their level's panel: {misplaced}"


def test_warning_sheet_has_the_saddle_area_picture_in_the_emergency_panel(handout_dir):
    pdf = handout_dir / "warning-signs-a4.pdf"
    assert "saddle area" in panel_text(pdf)["emergency"].lower()

    def red_shapes(sheet: Path) -> int:
        svg = run("pdftocairo", "-svg", str(sheet), "-")
        return len(re.findall(r"fill:rgb\(61\.9\d*%,0%,0%\)", svg))

    # The red title bar is on every sheet; the shaded saddle area only on this one.
    assert red_shapes(pdf) == red_shapes(handout_dir / "back-spasm-a4.pdf") + 1


@pytest.mark.parametrize("slug", SLUGS)
def test_plain_language(slug):
    handout = next(h for h in CONTENT["handouts"] if h["slug"] == slug)
    grade = fk_grade(sentences(handout))
    assert grade <= 6, f"{slug}: reading grade {grade:.1f} > 6"


@pytest.mark.parametrize("slug", SLUGS)
def test_own_words_and_no_doses(handout_dir, slug):
    text = run("pdftotext", str(handout_dir / f"{slug}-a4.pdf"), "-")
    assert shared_runs(text, load_seed_fingerprints(), n=10) == []
    assert find_doses(text) == []
    assert "follow the label or ask a pharmacist" in " ".join(text.lower().split()) or \
        slug == "warning-signs"


@pytest.mark.parametrize("slug", SLUGS)
def test_qr_code_image_present(handout_dir, slug):
    rows = run("pdfimages", "-list", str(handout_dir / f"{slug}-letter.pdf")).splitlines()[2:]
    assert rows, "no image (QR code) in the handout"


def test_page_renders_to_png(handout_dir, tmp_path):
    run("pdftoppm", "-r", "50", "-png", "-singlefile", str(handout_dir / "warning-signs-a4.pdf"),
        str(tmp_path / "page"))
    png = (tmp_path / "page.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000


def test_text_that_does_not_fit_is_refused():
    """Overlong content raises instead of spilling onto a second page."""
    handout = dict(CONTENT["handouts"][0])
    handout["sections"] = handout["sections"] + [{"heading": "More", "items": ["Walk."] * 40}]
    with pytest.raises(ValueError, match="does not fit"):
        render(handout, course_facts(), "letter")


def test_unknown_paper_is_refused():
    with pytest.raises(ValueError, match="tabloid"):
        render(CONTENT["handouts"][0], course_facts(), "tabloid")
