"""The one-page handouts: one side of A4 and of US Letter each, plain language, own words, no
doses, a QR code to the course, and pages that render. Checks read the built PDFs in
COURSE_BUILD/handouts (made by `make handouts`, i.e. `python -m handouts OUT_DIR`)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from textcheck import find_doses, fk_grade, load_seed_fingerprints, shared_runs

sys.path.insert(0, str(REPO))
from handouts.build import PAPERS, course_facts, layout, load_content, render  # noqa: E402

CONTENT = load_content()
SLUGS = [h["slug"] for h in CONTENT["handouts"]]
# Page sizes in PostScript points, as pdfinfo prints them.
SIZES = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}
TITLES = {"Back spasm: what to do at home", "Neck spasm: what to do at home",
          "Warning signs: when to get help now"}


def run(*cmd: str) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def sentences(handout: dict) -> str:
    """The handout's text, one block per line, each read as a sentence (headings too)."""
    return "\n".join(t if t.endswith((".", "!", "?")) else t + "."
                     for _, t in layout(handout, CONTENT))


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


@pytest.mark.parametrize("slug", SLUGS)
def test_pdf_prints_every_block_and_the_course_facts(handout_dir, slug):
    """What the tests grade (layout) is what the PDF shows, plus address, version and review date."""
    handout = next(h for h in CONTENT["handouts"] if h["slug"] == slug)
    text = " ".join(run("pdftotext", str(handout_dir / f"{slug}-a4.pdf"), "-").split())
    for _, block in layout(handout, CONTENT):
        assert " ".join(block.split()) in text, f"{block!r} missing from the PDF"
    facts = course_facts()
    for key in ("course_url", "course_version", "last_reviewed"):
        assert facts[key] in text


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
        render(handout, CONTENT, course_facts(), "letter")


def test_unknown_paper_is_refused():
    with pytest.raises(ValueError, match="tabloid"):
        render(CONTENT["handouts"][0], CONTENT, course_facts(), "tabloid")
