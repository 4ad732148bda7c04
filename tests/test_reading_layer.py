"""Patient first (issue 13): on a 390 px phone, every chapter of "The course" part keeps its
patient layer short (at most 1,500 words and 10 screens with the evidence blocks closed), nothing
on it is wider than the screen, and no code toggles show. The chapters and their section pages
are read from _toc.yml, so a page added later is held to the same limits. The figures are
bench/reading.py's (one shared phone-sized page for the whole module); `make bench` prints them.
"""
from __future__ import annotations

import pytest

from bench.reading import MAX_SCREENS, MAX_WORDS, PHONE, course_part, measure_page

CHAPTERS = course_part()


@pytest.fixture(scope="module")
def phone(browser):
    page = browser.new_page(viewport=PHONE)
    yield page
    page.close()


@pytest.fixture(scope="module")
def readings(phone, site_url):
    return {doc: measure_page(phone, site_url, doc) for doc in CHAPTERS}


def test_chapters_come_from_the_toc():
    assert "book/causes-back" in CHAPTERS and "book/myths" in CHAPTERS
    assert "book/references" not in CHAPTERS
    # a chapter's section pages are pages a patient reads too, held to the same limits
    assert CHAPTERS.index("book/exercises") < CHAPTERS.index("book/exercises-back")


@pytest.mark.parametrize("doc", CHAPTERS)
def test_patient_layer_is_short(readings, doc):
    r = readings[doc]
    assert r.words <= MAX_WORDS, f"{doc}: {r.words} words outside the evidence blocks"
    assert r.screens <= MAX_SCREENS, f"{doc}: {r.screens:.1f} phone screens at 390 px"


@pytest.mark.parametrize("doc", CHAPTERS)
def test_nothing_wider_than_a_phone(readings, doc):
    assert not readings[doc].too_wide, f"{doc}: wider than 390 px: {readings[doc].too_wide}"


@pytest.mark.parametrize("doc", CHAPTERS)
def test_no_code_toggles(readings, doc):
    assert readings[doc].code_toggles == 0, f"{doc}: 'Show code cell source' on a patient page"


def test_evidence_blocks_are_closed_and_left_out(readings, phone, site_url):
    """The measure itself: on a chapter with evidence blocks they start closed (so the screens
    count the patient layer) and their words are not counted as patient words."""
    doc = "book/causes-back"
    measured = readings[doc]
    phone.goto(f"{site_url}/{doc}.html", wait_until="load")
    phone.wait_for_function("!document.querySelector('.dropdown.admonition:not(.toggle)')")
    closed = phone.evaluate("""() => [...document.querySelectorAll('.deeper-dive')].map(
        (el) => [...el.children].filter((c) => !c.classList.contains('admonition-title')
                                          && c.offsetHeight > 0).length)""")
    assert closed and not any(closed), f"evidence blocks open on load: {closed}"
    count = "(el) => el.textContent.split(/\\s+/).filter((w) => /\\w/.test(w)).length"
    dive_words = phone.evaluate(f"""() => [...document.querySelectorAll('.deeper-dive')]
        .map({count}).reduce((a, b) => a + b, 0)""")
    all_words = phone.evaluate(f"() => ({count})(document.querySelector('article.bd-article'))")
    assert dive_words > 300, f"{doc}: expected evidence blocks, found {dive_words} words in them"
    assert all_words - measured.words >= 0.9 * dive_words, "evidence-block words were counted"
