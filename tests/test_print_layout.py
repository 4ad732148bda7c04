"""Print layout, measured on the built PDFs (the booklet on A4 and US Letter, and every handout)
with poppler's `pdftotext -bbox-layout`: no word outside the page's text area, no near-empty page
in the book apart from the ones named here, no heading alone at a page foot, no quiz question
split from its answer, body type of 11-12 pt with a readable line length; and charts whose words
are at least 12 px on a phone."""
from __future__ import annotations

import re
import statistics
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import REPO
from handouts.build import MARGIN as HANDOUT_MARGIN_MM
from handouts.build import PAPERS, load_content

PT_PER_MM = 72 / 25.4
NS = {"x": "http://www.w3.org/1999/xhtml"}
BOOK_TEXT_WIDTH_MM = 150  # A4 less the 3 cm margins set in _ext/course_build.py
TOLERANCE_PT = 1.5
NEAR_EMPTY = 0.25  # a page whose text area is filled less than a quarter of the way down
TEXT_TOP, TEXT_BOTTOM = 25 / 297, 1 - 26 / 297  # the text area of an A4 page, as fractions
SLUGS = [h["slug"] for h in load_content()["handouts"]]


def page_boxes(pdf: Path) -> list[dict]:
    """Each page: its size and every word (text, x0, y0, x1, y1) and line (y of its baseline
    box, text) on it."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xml))
    pages = []
    for page in root.iter("{%s}page" % NS["x"]):
        words = [(w.text or "", *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
                 for w in page.iter("{%s}word" % NS["x"])]
        lines = [[(float(ln.get("xMin")), float(ln.get("yMin")), float(ln.get("xMax")),
                   float(ln.get("yMax")),
                   " ".join(w.text or "" for w in ln.iter("{%s}word" % NS["x"])))
                  for ln in block.iter("{%s}line" % NS["x"])]
                 for block in page.iter("{%s}block" % NS["x"])]
        pages.append({"width": float(page.get("width")), "height": float(page.get("height")),
                      "words": words, "blocks": lines})
    return pages


def outside(page: dict, left: float, right: float, top: float, bottom: float) -> list[str]:
    """Words not wholly inside the box (in points from the page's left and top edges)."""
    return [f"{text!r} at x {x0:.0f}-{x1:.0f}, y {y0:.0f}-{y1:.0f}"
            for text, x0, y0, x1, y1 in page["words"]
            if x0 < left - TOLERANCE_PT or x1 > right + TOLERANCE_PT
            or y0 < top - TOLERANCE_PT or y1 > bottom + TOLERANCE_PT]


@pytest.fixture(scope="module")
def book(build_dir: Path) -> list[dict]:
    pdf = build_dir / "latex" / "book.pdf"
    if not pdf.exists():
        pytest.fail(f"no PDF book at {pdf}: run `make book` first")
    return page_boxes(pdf)


@pytest.fixture(scope="module")
def letter_book(build_dir: Path) -> list[dict]:
    pdf = build_dir / "latex" / "book-letter.pdf"
    if not pdf.exists():
        pytest.fail(f"no US Letter booklet at {pdf}: run `make book` first")
    return page_boxes(pdf)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_no_word_of_the_book_outside_the_text_width(book, letter_book, paper):
    """Left and right: the measure, the paper width less the 3 cm margins (a table or line that
    overflows shows here); top and bottom: inside the page, 1 cm clear of the edge (headers and
    footers included)."""
    clipped = {}
    for number, page in enumerate(book if paper == "A4" else letter_book, 1):
        side = 30 * PT_PER_MM
        bad = outside(page, side, page["width"] - side, 10 * PT_PER_MM,
                      page["height"] - 10 * PT_PER_MM)
        if bad:
            clipped[number] = bad[:3]
    assert not clipped, f"words outside the text area (page: words): {clipped}"


def test_no_word_of_any_handout_outside_its_margins(build_dir):
    """Every page of every handout PDF (one-page sheets and exercise sheets, A4 and Letter)."""
    pdfs = sorted((build_dir / "handouts").glob("*.pdf"))
    names = {p.name for p in pdfs}
    assert {f"{slug}-{paper}.pdf" for slug in SLUGS for paper in PAPERS} <= names
    # The QR code's caption sits 2 mm above the top margin; nothing else comes near the edges.
    margin = (HANDOUT_MARGIN_MM - 3) * PT_PER_MM
    clipped = {}
    for pdf in pdfs:
        for number, page in enumerate(page_boxes(pdf), 1):
            bad = outside(page, margin, page["width"] - margin, margin,
                          page["height"] - margin)
            if bad:
                clipped[f"{pdf.name} page {number}"] = bad[:3]
    assert not clipped, f"words outside the margins: {clipped}"


def section_heading(section) -> str:
    heading = section.find(re.compile(r"h\d"))
    for junk in heading.select("a.headerlink, span.section-number"):
        junk.decompose()
    return " ".join(heading.get_text(" ").split())


FOOTER = re.compile(r"^(\d+|[ivx]+|.*Version \d.*|Contents|Main sources)$")
SECTION_HEADING = re.compile(r"^\d+\.\d+(\.\d+)*\s+\S")  # "3.2 Heat, cold and massage"
QUESTION = re.compile(r"^\d+\.\s.*\?$")  # "2. Is a little stiffness a sign of harm?"


def body_text_lines(page: dict) -> list[str]:
    """The page's lines top to bottom, without the running head, footer and page number."""
    lines = sorted((ln for block in page["blocks"] for ln in block), key=lambda ln: ln[1])
    return [t for *_, t in lines if not FOOTER.match(t.strip())
            and not t.startswith("Back and neck muscle spasms")]


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_no_heading_alone_at_a_page_foot(book, letter_book, paper):
    """A numbered section heading is never the last line of a page."""
    stranded = {}
    for number, page in enumerate(book if paper == "A4" else letter_book, 1):
        lines = body_text_lines(page)
        if lines and SECTION_HEADING.match(lines[-1]) and not lines[-1].rstrip()[-1].isdigit():
            stranded[number] = lines[-1]
    assert not stranded, f"headings at a page foot (page: heading): {stranded}"


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_each_question_is_on_the_page_of_its_answer(book, letter_book, paper):
    """A quiz question never ends a page, and no page starts with an answer box."""
    split = {}
    for number, page in enumerate(book if paper == "A4" else letter_book, 1):
        lines = body_text_lines(page)
        if lines and (QUESTION.match(lines[-1].strip()) or lines[0].strip() == "Answer"):
            split[number] = (lines[0], lines[-1])
    assert not split, f"questions split from answers (page: first and last line): {split}"


def test_the_layout_checks_can_fail():
    """The checks above catch a stranded heading and a split question."""
    page = {"blocks": [[(0, 10, 9, 20, "Some text."), (0, 30, 9, 40, "3.2 Heat and cold")],
                       [(0, 800, 9, 810, "12")]]}
    assert SECTION_HEADING.match(body_text_lines(page)[-1])
    page["blocks"][0][1] = (0, 30, 9, 40, "2. Is a little stiffness a sign of harm?")
    assert QUESTION.match(body_text_lines(page)[-1])


def emergency_headings(site_dir: Path) -> tuple[str, str]:
    """The emergency-signs section's heading, and the next section's, as the web page shows."""
    soup = BeautifulSoup((site_dir / "book/when-to-get-help.html").read_text(encoding="utf-8"),
                         "html.parser")
    anchor = soup.find(id="emergency-signs")
    section = anchor if anchor.name == "section" else anchor.find_parent("section")
    return section_heading(section), section_heading(section.find_next_sibling("section"))


def allowed_short_pages(book: list[dict], site_dir: Path) -> dict[int, str]:
    """The pages allowed to hold little text, by name: the title page, the contents (numbered
    i, ii...), the pages before and after the emergency-signs section (it starts and ends with
    a fresh page so a clinic can pin it up), the spasm diary (a grid to write in), and the last
    page (the reference list ends where it ends)."""
    emergency, after = (re.compile(r"^\d+(\.\d+)+\s+" + re.escape(h) + "$")
                        for h in emergency_headings(site_dir))  # numbered: the section, not a box
    allowed = {1: "title page", len(book): "last page"}
    for number, page in enumerate(book, 1):
        text = " ".join(w[0] for w in page["words"])
        top = [t for block in page["blocks"][:3] for *_, t in block]
        if re.search(r"(^|\s)(i|ii|iii|iv|v)$", text):
            allowed[number] = "contents"
        if "My spasm diary" in text:
            allowed[number] = "spasm diary"
        if any(emergency.match(t) for t in top):
            allowed.setdefault(number - 1, "page before the emergency signs")
        if any(after.match(t) for t in top):
            allowed.setdefault(number - 1, "last page of the emergency signs")
    named = set(allowed.values())
    assert {"page before the emergency signs", "last page of the emergency signs"} <= named, \
        "the emergency-signs section does not start and end a page"
    return allowed


def filled_fraction(png: Path) -> float:
    """How far down the text area a rendered page is filled: from the top of the text area to
    the lowest row with any ink, as a fraction (pictures count, not only words)."""
    from PIL import Image

    img = Image.open(png).convert("L")
    w, h = img.size
    top, bottom = int(h * TEXT_TOP), int(h * TEXT_BOTTOM)
    body = img.crop((0, top, w, bottom)).point(lambda v: 255 if v < 200 else 0)
    box = body.getbbox()
    return 0.0 if box is None else box[3] / (bottom - top)


def test_no_near_empty_pages(book, build_dir, site_dir, tmp_path):
    """No page is less than NEAR_EMPTY filled, apart from the ones named in
    allowed_short_pages."""
    allowed = allowed_short_pages(book, site_dir)
    subprocess.run(["pdftoppm", "-r", "20", "-gray", "-png", str(build_dir / "latex/book.pdf"),
                    str(tmp_path / "p")], check=True)
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == len(book)
    near_empty = []
    for number, png in enumerate(pngs, 1):
        filled = filled_fraction(png)
        if filled < NEAR_EMPTY and number not in allowed:
            words = " ".join(w[0] for w in book[number - 1]["words"][10:22])
            near_empty.append((number, f"{filled:.0%}", words))
    assert not near_empty, f"near-empty pages (number, filled, start): {near_empty}"


def body_lines(book: list[dict]) -> list[tuple[float, int]]:
    """(baseline-to-baseline distance, characters) of each line followed by another line of
    the same paragraph (blocks of 3+ lines)."""
    out = []
    for page in book[3:]:
        for block in page["blocks"]:
            if len(block) < 3:
                continue
            for (x0, y0, x1, y1, text), nxt in zip(block, block[1:]):
                out.append((round(nxt[3] - y1, 1), len(text), x1 - x0))
    return out


def test_body_type_is_11_to_12_pt_with_a_reading_line_length(book):
    """The most common line pitch is the body's: LaTeX sets 11 pt on 13.6 pt and 12 pt on
    14.5 pt. Full lines (at least 90% of the measure) hold 55 to 85 characters."""
    lines = body_lines(book)
    pitch = statistics.mode(p for p, _, _ in lines)
    assert 13.4 <= pitch <= 14.8, f"body line pitch {pitch} pt: not 11-12 pt type"
    measure = BOOK_TEXT_WIDTH_MM * PT_PER_MM
    full = [chars for p, chars, width in lines if p == pitch and width > 0.9 * measure]
    assert len(full) > 100
    median = statistics.median(full)
    assert 55 <= median <= 85, f"full lines hold {median} characters"


def test_charts_are_readable_on_a_phone():
    """Every text in the neck-load chart is >= 12 px when its SVG is shown 342 px wide."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    from widgets import figures

    for angle in (None, 30):
        ax = figures.plot_neck_load(angle=angle)
        fig = ax.figure
        buf = io.StringIO()
        fig.savefig(buf, format="svg", bbox_inches="tight")
        width_pt = float(re.search(r'<svg[^>]*width="([\d.]+)pt"', buf.getvalue()).group(1))
        scale = figures.PHONE_COLUMN_PX / (width_pt * 96 / 72)  # shown size / natural size
        texts = [t for t in fig.findobj(matplotlib.text.Text) if t.get_text().strip()
                 and t.get_visible()]
        assert texts
        smallest = min(t.get_fontsize() * 96 / 72 * min(scale, 1) for t in texts)
        assert smallest >= figures.MIN_PHONE_TEXT_PX, f"{smallest:.1f} px text on a phone"
        matplotlib.pyplot.close(fig)


def test_new_chart_is_phone_sized_and_refuses_a_bad_height():
    import matplotlib

    matplotlib.use("Agg")
    from widgets import figures

    fig, ax = figures.new_chart()
    assert fig.get_figwidth() == figures.PHONE_FIGSIZE[0]
    assert min(t.get_fontsize() for t in ax.get_xticklabels()) >= figures.MIN_FONT_PT
    matplotlib.pyplot.close(fig)
    with pytest.raises(ValueError, match="-1"):
        figures.min_font_pt(-1)
    with pytest.raises(ValueError, match="20"):
        figures.new_chart(20)
