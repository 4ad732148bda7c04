"""The US Letter edition in US words: widgets.editions.us_words (whole words, a capital first
letter kept, never inside a longer word, a web address or a LaTeX command; a clear error for
anything but text), the one list of pairs in widgets/data/editions.json, and the printed Letter
sheets, which must hold none of the UK spellings of tests/data/us_spellings.yaml (written from
Merriam-Webster, not from the list under test) while the A4 sheets keep theirs. The sheet checks
read the built PDFs in COURSE_BUILD/handouts (`make handouts`)."""
from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from test_handouts import ALL_PDFS, pdf_text, run
from widgets import editions, exercises, programme
from handouts.programme_sheet import render as render_programme

CITED = yaml.safe_load((REPO / "tests/data/us_spellings.yaml").read_text(encoding="utf-8"))
PAIRS = [tuple(p) for p in CITED["spellings"] + CITED["words"]]
LETTER = [(stem, paper) for stem, _, _, paper in ALL_PDFS if paper == "letter"]


def uk_words_in(text: str) -> list[str]:
    """The cited UK words the text holds, as whole words in any case."""
    return [uk for uk, _ in PAIRS if re.search(rf"(?<![\w-]){uk}(?![\w-])", text, re.I)]


@pytest.fixture(scope="module")
def handout_dir(build_dir: Path) -> Path:
    return build_dir / "handouts"


# ----- the function ---------------------------------------------------------------------------

@pytest.mark.parametrize("uk, us", PAIRS)
def test_each_cited_uk_word_becomes_its_us_form_with_its_capital(uk, us):
    assert editions.us_words(f"the {uk}.") == f"the {us}."
    assert editions.us_words(uk.capitalize()) == us.capitalize()


@pytest.mark.parametrize("text, expected", [
    ("Labour can start early; tummy muscles, tummy pain.",
     "Labor can start early; stomach muscles, belly pain."),
    ("colourful programmed centred labourer", "colourful programmed centred labourer"),
    ("A grey-blue arm.", "A gray-blue arm."),
    ("Ask a physiotherapist or GP (family doctor).", "Ask a physical therapist or family doctor."),
    ("leaning on a shopping\ntrolley", "leaning on a shopping cart"),
    ("Open this programme: https://example.org/make-a-programme.html#programme=bridge.5.8.2",
     "Open this program: https://example.org/make-a-programme.html#programme=bridge.5.8.2"),
    ("see www.example.org/colour or nhs.uk/tumour", "see www.example.org/colour or nhs.uk/tumour"),
    (r"\colour{red} colour", r"\colour{red} color"),
    ("nice2016programme programme_id", "nice2016programme programme_id"),
    ("", ""),
])
def test_us_words_swaps_whole_words_only(text, expected):
    assert editions.us_words(text) == expected


@pytest.mark.parametrize("bad", [None, 3, b"labour", ["labour"]])
def test_us_words_refuses_anything_but_text_by_name(bad):
    with pytest.raises(TypeError, match=re.escape(repr(bad))):
        editions.us_words(bad)


def test_a_second_pass_changes_nothing():
    text = " ".join(uk for uk, _ in editions.spellings())
    once = editions.us_words(text)
    assert editions.us_words(once) == once
    assert not uk_words_in(once)


def test_each_edition_prints_its_own_words():
    text = "Labour or tummy pain: see a physiotherapist."
    assert editions.edition("uk").words(text) == text  # the site and the A4 prints
    assert editions.edition("us").words(text) == \
        "Labor or belly pain: see a physical therapist."


def test_the_phrase_finder_reads_curly_apostrophes_and_line_breaks():
    finder = editions.phrase_finder(["your doctor's surgery"])
    text = "Ask your doctor’s\nsurgery today"
    found = [editions.phrase_key(m.group()) for m in editions.found_phrases(text, finder)]
    assert found == ["your doctor's surgery"]


RAW = editions._raw()


@pytest.mark.parametrize("pairs, named", [
    ([["labour", "labour"]], "changes nothing"),
    ([["labour", "labor"], ["labour", "labor"]], "listed twice"),
    ([["Labour", "Labor"], ["labour", "labor"]], "listed twice"),
    ([["labour", "labour pains"]], "hold a UK word"),
    ([["labour"]], "must be [UK, US]"),
    ([["labour", ""]], "must be [UK, US]"),
    ([["labour ", "labor"]], "must be [UK, US]"),
    ([["labour", 3]], "must be [UK, US]"),
])
def test_a_broken_spelling_list_is_refused_by_name(monkeypatch, pairs, named):
    broken = copy.deepcopy(RAW)
    broken["spellings"]["pairs"] = pairs
    monkeypatch.setattr(editions, "_raw", lambda: broken)
    with pytest.raises(ValueError, match=re.escape(named)):
        editions.spellings.__wrapped__()  # uncached: the real list stays loaded


def test_a_broken_spelling_setting_is_refused_by_name():
    uk = next(e for e in RAW["editions"] if e["id"] == "uk")
    with pytest.raises(ValueError, match=r"^edition 'uk': spelling .*'gb'"):
        editions._edition({**copy.deepcopy(uk), "spelling": "gb"})


# ----- the printed sheets ---------------------------------------------------------------------

@pytest.mark.parametrize("stem, paper", LETTER)
def test_letter_sheets_hold_no_uk_spelling(handout_dir, stem, paper):
    text = " ".join(pdf_text(handout_dir, stem, paper).split())
    assert not uk_words_in(text), f"{stem}-{paper} says {uk_words_in(text)}"


@pytest.mark.parametrize("stem", ["back-spasm", "back-exercises", "warning-signs"])
def test_a4_sheets_keep_the_uk_words_the_letter_sheets_change(handout_dir, stem):
    """The back sheets print the signs of early labour and of a burst blood vessel in the
    tummy: "labour" and "tummy" on A4 (the UK edition), "labor" and "belly" on Letter."""
    a4 = " ".join(pdf_text(handout_dir, stem, "a4").split())
    letter = " ".join(pdf_text(handout_dir, stem, "letter").split())
    for uk, us in (("labour", "labor"), ("tummy", "belly")):
        assert re.search(rf"\b{uk}\b", a4) and not re.search(rf"\b{us}\b", a4), (stem, uk)
        assert re.search(rf"\b{us}\b", letter), (stem, us)


def without_link(text: str, link: str) -> str:
    """The text without the link, which pdftotext gives in pieces where it wraps; AssertionError
    if the link is not printed whole."""
    words = text.split()
    for start in (i for i, w in enumerate(words) if link.startswith(w)):
        joined = ""
        for end in range(start, len(words)):
            joined += words[end]
            if joined == link:
                return " ".join(words[:start] + words[end + 1:])
            if not link.startswith(joined):
                break
    raise AssertionError(f"{link!r} is not printed whole")


def test_the_letter_programme_sheet_is_in_us_words_but_a_name_and_note_stay_as_typed(tmp_path):
    """Pelvic tilt's steps say "tummy muscles"; the patient's name and the clinician's note are
    printed as typed, and the link (whose key is "programme") still opens the programme."""
    assert any("tummy" in s for s in exercises.exercise("pelvic-tilt").steps)
    prog = programme.make(["pelvic-tilt", "chin-tuck"], name="Jo Grey",
                          note="Keep the colour chart by the bed.")
    link = "https://example.org/make-a-programme.html#" + programme.to_fragment(prog)
    texts = {}
    for paper in editions.PAPERS:
        pdf = tmp_path / f"{paper}.pdf"
        pdf.write_bytes(render_programme(prog, paper, link))
        texts[paper] = " ".join(run("pdftotext", str(pdf), "-").split())
    letter = without_link(texts["letter"], link)  # the link, whole, as it was given
    assert not uk_words_in(letter.replace("Jo Grey", "").replace("colour chart", "")), letter
    assert "My exercise program" in letter and "stomach muscles" in letter
    assert "Jo Grey" in letter and "Keep the colour chart by the bed." in letter
    assert "My exercise programme" in texts["a4"] and "tummy muscles" in texts["a4"]
    words = " ".join(programme.sheet_text(programme.sheet(prog, "letter", link)))
    assert "stomach muscles" in words and "Jo Grey" in words
