"""Plain language: the Flesch-Kincaid grade of the patient text of each chapter.

Chapters are the welcome page and the pages of "The course" part of _toc.yml. Not graded
(printed only): "explore-the-models" (a code notebook for learners), and the reference pages
(handouts, glossary, references, about), which are lists of links, definitions and citations
rather than running text. Deeper-dive blocks, code, tables and citation labels are left out of
the patient text (see textcheck.patient_text); they may be harder.
Run with `pytest -s` to see the table.
"""
from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from textcheck import course_chapters, deeper_dive_texts, fk_grade, patient_text

MEDIAN_MAX = 6.0
CHAPTER_MAX = 8.0
DEEPER_DIVE_MAX = 10.0  # student material may be harder, but not journal-hard


def grade(site: Path, doc: str) -> float:
    page = site / f"{doc}.html"
    if not page.exists():
        raise ValueError(f"chapter {doc!r} was not built: {page}")
    return fk_grade(patient_text(page.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def grades(build_dir: Path) -> dict[str, float]:
    site = build_dir / "html"
    chapters = {doc: grade(site, doc) for doc in course_chapters()}
    others = {f"{p.parent.name}/{p.stem}" for p in (site / "book").glob("*.html")} - set(chapters)
    print("\nFlesch-Kincaid grade of patient text (limit: median <= "
          f"{MEDIAN_MAX}, each <= {CHAPTER_MAX})")
    for doc, g in chapters.items():
        print(f"  {doc:32s} {g:5.1f}{'  TOO HARD' if g > CHAPTER_MAX else ''}")
    for doc in sorted(others):
        print(f"  {doc:32s} {grade(site, doc):5.1f}  (not graded)")
    print(f"  {'median of chapters':32s} {statistics.median(chapters.values()):5.1f}")
    return chapters


def test_chapter_list_comes_from_the_toc(grades):
    assert "book/index" in grades and "book/when-to-get-help" in grades
    assert "book/references" not in grades and len(grades) >= 9


def test_median_grade(grades):
    assert statistics.median(grades.values()) <= MEDIAN_MAX, grades


def test_no_chapter_too_hard(grades):
    hard = {doc: g for doc, g in grades.items() if g > CHAPTER_MAX}
    assert not hard, f"chapters above grade {CHAPTER_MAX}: {hard}"


def test_deeper_dives_not_too_hard(build_dir: Path):
    hard = {}
    for page in sorted((build_dir / "html" / "book").glob("*.html")):
        for text in deeper_dive_texts(page.read_text(encoding="utf-8")):
            if fk_grade(text) > DEEPER_DIVE_MAX:
                hard[f"{page.stem}: {text.splitlines()[0]}"] = round(fk_grade(text), 1)
    assert not hard, f"deeper-dive blocks above grade {DEEPER_DIVE_MAX}: {hard}"


def test_grade_separates_plain_from_hard_text():
    """The measure can fail: dense clinical prose scores far above plain prose."""
    plain = "Heat can ease the pain. Keep moving. Walk a little each day. Rest if you need to."
    hard = ("Pharmacological interventions demonstrating statistically significant analgesic "
            "efficacy necessitate individualised consideration of gastrointestinal contraindications.")
    assert fk_grade(plain) < 4 < 12 < fk_grade(hard)


def test_patient_text_skips_deeper_dives_code_and_tables():
    html = ("<article class='bd-article'><h2>Heat<a class='headerlink'>#</a></h2>"
            "<p>Use a warm pack <span class='bibtex-citation'>[<a href='references.html#id3'>"
            "French et al., 2006</a>]</span> and keep moving <span>(<a href='references.html#id4'>"
            "A</a>, <a href='references.html#id5'>B</a>)</span>.</p><div class='admonition deeper-dive'><p>Randomised trials.</p></div>"
            "<div class='cell_input'><pre>import x</pre></div><table><tr><td>Cell</td></tr>"
            "</table><ul><li>Short list item</li></ul></article>")
    assert patient_text(html) == "Heat.\nUse a warm pack and keep moving.\nShort list item."


@pytest.mark.parametrize("bad", ["", "   ", "1234 5678", None])
def test_nothing_to_grade_is_rejected(bad):
    with pytest.raises(ValueError):
        fk_grade(bad)
