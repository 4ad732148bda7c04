"""Print layout, measured on the built PDFs (the booklet on A4 and US Letter, and every handout)
with poppler's `pdftotext -bbox-layout`: no word outside the page's text area, no near-empty page
in the book apart from the ones named here, no heading alone at a page foot, no quiz question
split from its answer, body type of 11-12 pt with a readable line length; and charts whose words
are at least 12 px on a phone."""
from __future__ import annotations

import math
import re
import statistics
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import REPO
from handouts.build import MARGIN as HANDOUT_MARGIN_MM
from handouts.build import PAPERS, load_content

PT_PER_MM = 72 / 25.4
NS = {"x": "http://www.w3.org/1999/xhtml"}
BOOK_TEXT_WIDTH_MM = 160  # A4 less the 2.5 cm margins set in _ext/course_build.py
TOLERANCE_PT = 1.5
NEAR_EMPTY = 0.25  # a page whose text area is filled less than a quarter of the way down
TEXT_TOP, TEXT_BOTTOM = 20 / 297, 1 - 22 / 297  # the text area of an A4 page, as fractions
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


def _built_pdf_boxes(build_dir: Path, name: str, what: str) -> list[dict]:
    pdf = build_dir / "latex" / name
    if not pdf.exists():
        pytest.fail(f"no {what} at {pdf}: run `make book` first")
    return page_boxes(pdf)


@pytest.fixture(scope="module")
def book(build_dir: Path) -> list[dict]:
    return _built_pdf_boxes(build_dir, "book.pdf", "PDF book")


@pytest.fixture(scope="module")
def letter_book(build_dir: Path) -> list[dict]:
    return _built_pdf_boxes(build_dir, "book-letter.pdf", "US Letter booklet")


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_no_word_of_the_book_outside_the_text_width(book, letter_book, paper):
    """Left and right: the measure, the paper width less the 2.5 cm margins (a table or line that
    overflows shows here); top and bottom: inside the page, 1 cm clear of the edge (headers and
    footers included)."""
    clipped = {}
    for number, page in enumerate(book if paper == "A4" else letter_book, 1):
        side = (page["width"] - BOOK_TEXT_WIDTH_MM * PT_PER_MM) / 2 if paper == "A4" \
            else 25 * PT_PER_MM
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


SECTION_HEADING = re.compile(r"^\d+\.\d+(\.\d+)*\s+\S")  # "3.2 Heat, cold and massage"
TOP_MM, BOTTOM_MM = 20, 22  # the text area's margins (_ext/course_build.py SPHINXSETUP)
CHAPTER_TITLE_PT = 18  # a line this tall is a chapter title (\Huge)


def body_lines_of(page: dict) -> list[tuple]:
    """The page's lines in the text area, top to bottom (no running head or foot)."""
    top, bottom = TOP_MM * PT_PER_MM - 2, page["height"] - BOTTOM_MM * PT_PER_MM + 2
    lines = sorted((ln for block in page["blocks"] for ln in block), key=lambda ln: ln[1])
    return [ln for ln in lines if ln[1] >= top and ln[3] <= bottom]


def body_text_lines(page: dict) -> list[str]:
    return [ln[4].strip() for ln in body_lines_of(page)]


def starts_chapter(page: dict) -> bool:
    lines = body_lines_of(page)
    return bool(lines) and lines[0][3] - lines[0][1] > CHAPTER_TITLE_PT


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_no_heading_alone_at_a_page_foot(book, letter_book, paper):
    """A numbered section heading is never the last line of a page."""
    stranded = {}
    for number, page in enumerate(book if paper == "A4" else letter_book, 1):
        lines = body_text_lines(page)
        if lines and SECTION_HEADING.match(lines[-1]) and not lines[-1][-1].isdigit():
            stranded[number] = lines[-1]
    assert not stranded, f"headings at a page foot (page: heading): {stranded}"


def split_questions(pages: list[dict]) -> dict[int, tuple[str, str]]:
    """Pages that end with a question whose answer starts the next page."""
    split = {}
    for number, (page, nxt) in enumerate(zip(pages, pages[1:]), 1):
        lines, after = body_text_lines(page), body_text_lines(nxt)
        if lines and after and lines[-1].endswith("?") and after[0].startswith("Answer"):
            split[number] = (lines[-1], after[0])
    return split


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_each_question_is_on_the_page_of_its_answer(book, letter_book, paper):
    """A quiz question never ends a page with its answer on the next one."""
    split = split_questions(book if paper == "A4" else letter_book)
    assert not split, f"questions split from answers (page: question, answer): {split}"


def test_the_layout_checks_can_fail():
    """The checks above catch a stranded heading and a split question, and ignore the running
    head and foot."""
    def page(*lines):
        return {"height": 842.0, "blocks": [[(0, 100 + 20 * i, 9, 112 + 20 * i, t)
                                             for i, t in enumerate(lines)],
                                            [(0, 800, 9, 810, "3.2. Heat 12")]]}
    assert body_text_lines(page("Text.", "3.2 Heat and cold")) == ["Text.", "3.2 Heat and cold"]
    assert SECTION_HEADING.match(body_text_lines(page("3.2 Heat and cold"))[-1])
    pages = [page("1. Is it a cramp?"), page("Answer: Yes.")]
    assert split_questions(pages) == {1: ("1. Is it a cramp?", "Answer: Yes.")}


CHAPTER_END_MIN = 0.12  # a chapter's last page holds at least a few lines


def allowed_short_pages(book: list[dict]) -> dict[int, tuple[str, float]]:
    """Pages allowed to hold little text, by name, with the least they must hold: the title
    page, the contents (numbered i, ii...) and the back page (the emergency panel) may hold
    anything; a chapter's last page, when the next chapter starts a new page (it does when less
    than half a page is left), at least CHAPTER_END_MIN."""
    allowed = {1: ("title page", 0.0), len(book): ("back page", 0.0)}
    for number, page in enumerate(book, 1):
        text = " ".join(w[0] for w in page["words"])
        if re.search(r"(^|\s)(i|ii|iii|iv|v)$", text):
            allowed[number] = ("contents", 0.0)
        if starts_chapter(page) and number > 1:
            allowed.setdefault(number - 1, ("end of a chapter", CHAPTER_END_MIN))
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


def test_no_near_empty_pages(book, build_dir, tmp_path):
    """No page is less than NEAR_EMPTY filled, apart from the ones allowed_short_pages names
    (which must still hold their own minimum)."""
    allowed = allowed_short_pages(book)
    titles = sum(1 for page in book for ln in body_lines_of(page)
                 if ln[3] - ln[1] > CHAPTER_TITLE_PT)
    assert titles >= 8, f"only {titles} chapter titles found: the title test is broken"
    assert any(name == "end of a chapter" for name, _ in allowed.values())
    subprocess.run(["pdftoppm", "-r", "20", "-gray", "-png", str(build_dir / "latex/book.pdf"),
                    str(tmp_path / "p")], check=True)
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == len(book)
    near_empty = []
    for number, png in enumerate(pngs, 1):
        filled = filled_fraction(png)
        least = allowed.get(number, ("", NEAR_EMPTY))[1]
        if filled < least:
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


def test_drawings_show_what_the_text_says():
    """The desk drawing puts the top of the screen at or just below eye level (OSHA's
    workstation guide, as the prevention chapter says); every drawing's words are at least
    MIN_FONT_PT, so they read on a phone and on paper."""
    import matplotlib

    matplotlib.use("Agg")
    from widgets import diagrams, figures

    fig = diagrams.desk_set_up()
    ax = fig.axes[0]
    screen = next(p for p in ax.patches if p.get_gid() == "screen")
    eye = next(ln for ln in ax.lines if ln.get_gid() == "eye-level").get_ydata()[0]
    top = screen.get_y() + screen.get_height()
    assert eye - 0.6 <= top <= eye, f"screen top {top} is not at or just below eye level {eye}"
    # Elbows by the sides (the same guide): the upper arm hangs down, the elbow bends about 90
    # degrees and the forearm is level, its hand over a keyboard drawn on the desk.
    arm = next(ln for ln in ax.lines if ln.get_gid() == "arm")
    (sx, sy), (ex, ey), (hx, hy) = arm.get_xydata()
    upper = math.degrees(math.atan2(abs(ex - sx), sy - ey))
    fore = math.degrees(math.atan2(abs(hy - ey), hx - ex))
    assert upper <= 15 and fore <= 10, (upper, fore)
    keyboard = next(p for p in ax.patches if p.get_gid() == "keyboard")
    assert keyboard.get_x() <= hx <= keyboard.get_x() + keyboard.get_width()
    assert 0 <= hy - (keyboard.get_y() + keyboard.get_height()) <= 0.3
    for draw in (diagrams.desk_set_up, diagrams.saddle_area, diagrams.sciatic_nerve):
        fig = draw()
        sizes = [t.get_fontsize() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]
        assert sizes and min(sizes) >= figures.MIN_FONT_PT, draw.__name__
        matplotlib.pyplot.close("all")
