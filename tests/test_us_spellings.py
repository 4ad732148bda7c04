"""The US Letter edition in US words, the model: widgets.editions.us_words (whole words, a capital
first letter kept, never inside a longer word, a web address or a LaTeX command; a clear error
for anything but text) and the one list of pairs in widgets/data/editions.json, held to the UK
spellings of tests/data/us_spellings.yaml (written from Merriam-Webster, not from the list under
test). No build needed (pyproject.toml runs this file for mutation testing). The printed Letter
sheets, programme sheet and booklet are checked against the same file in tests/test_handouts.py,
tests/test_programme.py and tests/test_pdf_book.py."""
from __future__ import annotations

import copy
import re

import pytest
import yaml

from conftest import REPO
from widgets import editions

CITED = yaml.safe_load((REPO / "tests/data/us_spellings.yaml").read_text(encoding="utf-8"))
PAIRS = [tuple(p) for p in CITED["spellings"] + CITED["words"]]


def uk_words_in(text: str) -> list[str]:
    """The cited UK words the text holds, as whole words in any case: the one check of every
    printed Letter text."""
    return [uk for uk, _ in PAIRS if re.search(rf"(?<![\w-]){uk}(?![\w-])", text, re.I)]


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
    named = rf"{re.escape(repr(bad))} \({type(bad).__name__}\)"  # the value and its type
    with pytest.raises(TypeError, match=named):
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
