"""Editions of the course: who to call, per country (data/editions.json).

The site and the A4 sheets are the "uk" edition (999, A&E, NHS 111); the US Letter sheets are the
"us" edition (911, the emergency room, urgent care). Each writes a date its country's way
(Edition.date). widgets.causes.sign_levels() builds the warning-sign level titles and messages
from an edition, so each medium prints one set of words.
A reader in neither country gets one sentence (ELSEWHERE, filled in with the edition's country).
The US edition also prints US spellings and words (us_words: "labour" -> "labor", "tummy" ->
"belly"), from the one list of pairs in the data file; the site and the A4 prints keep the UK ones.
"""
from __future__ import annotations

import datetime
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

DATA_FILE = Path(__file__).with_name("data") / "editions.json"
PAPERS = ("a4", "letter")
SPELLINGS = ("uk", "us")  # whose spelling and words an edition prints
# Text a listed word is never swapped inside: a web address (a programme's link holds
# "#programme=") or a LaTeX command.
UNTOUCHED = r"(?:https?://|www\.)[^\s<>\"]*|\\[A-Za-z@]+"
# Both editions' month names (written out: calendar.month_name follows the machine's locale)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


@dataclass(frozen=True)
class Edition:
    id: str
    paper: str  # the handouts' paper size: "a4" or "letter"
    spelling: str  # "uk" or "us": the words it prints (us_words for "us")
    country: str  # as in "Outside the UK"
    emergency: str  # the number to call
    emergency_place: str  # where to go
    doctor: str  # who to call first for urgent signs
    urgent_help: str  # what to do if the doctor has no appointment
    advice_from: str  # who to ask when an exercise brings on a stop sign
    physio: str  # the exercise professional, in the words of the country ("Ask a physio")
    midwife: str  # who looks after a pregnancy, as in "Ask your midwife or physio"
    maternity: str  # who a pregnant reader calls for the urgent pregnancy signs
    date_format: str  # a printed date: "{day} {month} {year}", as the country writes it
    crisis_line: str  # who to call, day or night, if a reader thinks of harming themselves
    sources: tuple[str, ...]

    @property
    def elsewhere(self) -> str:
        """The one sentence for a reader outside this edition's country."""
        return _raw()["elsewhere"].format(country=self.country)

    @property
    def stop_heading(self) -> str:
        """The heading of an exercise's stop list: who to ask, in this edition."""
        return _raw()["stop_heading"].format(advice_from=self.advice_from)

    def date(self, iso: str) -> str:
        """A YYYY-MM-DD date as this edition prints it ("21 November 2026" in the UK,
        "November 21, 2026" in the US); ValueError names a date that is not YYYY-MM-DD."""
        try:
            day = datetime.date.fromisoformat(iso)
        except (TypeError, ValueError):
            raise ValueError(f"a date must be YYYY-MM-DD, got {iso!r}") from None
        return self.date_format.format(day=day.day, month=MONTHS[day.month - 1], year=day.year)

    def words(self, text: str) -> str:
        """The text in this edition's spelling: us_words for a "us" edition, as it is for "uk"."""
        return us_words(text) if self.spelling == "us" else text


@functools.lru_cache(maxsize=1)
def _raw() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def _edition(entry: dict) -> Edition:
    ed = Edition(**{**entry, "sources": tuple(entry["sources"])})
    empty = [k for k, v in vars(ed).items() if not v]
    if empty:
        raise ValueError(f"edition {ed.id!r}: empty {empty}")
    if ed.paper not in PAPERS:
        raise ValueError(f"edition {ed.id!r}: paper must be one of {PAPERS}, got {ed.paper!r}")
    if sorted(re.findall(r"{(\w*)}", ed.date_format)) != ["day", "month", "year"]:
        raise ValueError(f"edition {ed.id!r}: date_format must hold {{day}}, {{month}} and "
                         f"{{year}} once each, got {ed.date_format!r}")
    if ed.spelling not in SPELLINGS:
        raise ValueError(f"edition {ed.id!r}: spelling must be one of {SPELLINGS}, "
                         f"got {ed.spelling!r}")
    return ed


@functools.lru_cache(maxsize=1)
def editions() -> tuple[Edition, ...]:
    """Every edition, checked: no empty field, a known paper, one edition per id and per paper."""
    found = tuple(_edition(e) for e in _raw()["editions"])
    for key in ("id", "paper"):
        values = [getattr(e, key) for e in found]
        if len(values) != len(set(values)):
            raise ValueError(f"two editions share a {key} in {DATA_FILE.name}: {values}")
    if "{country}" not in _raw()["elsewhere"]:
        raise ValueError(f"'elsewhere' in {DATA_FILE.name} must name {{country}}")
    return found


def edition(edition_id: str) -> Edition:
    """The edition with this id; ValueError names an unknown id."""
    for ed in editions():
        if ed.id == edition_id:
            return ed
    raise ValueError(f"unknown edition {edition_id!r}; known: {[e.id for e in editions()]}")


def for_paper(paper: str) -> Edition:
    """The edition printed on this paper size; ValueError names an unknown paper."""
    for ed in editions():
        if ed.paper == paper:
            return ed
    raise ValueError(f"no edition for paper {paper!r}; known: {[e.paper for e in editions()]}")


def phrase_finder(phrases) -> re.Pattern:
    """A pattern that finds any of the phrases as whole words: never inside a longer word, a web
    address or a LaTeX command (those match as the group "keep", to be left as they are). Any
    run of space may stand between two words (a line break in a paragraph), and ' or ’ for an
    apostrophe (Sphinx prints curly ones); the longest phrase wins where two start together."""
    alternatives = "|".join(
        r"\s+".join(re.escape(word).replace("'", "['’]") for word in phrase.split())
        for phrase in sorted(set(phrases), key=len, reverse=True))
    return re.compile(rf"(?P<keep>{UNTOUCHED})|(?<![\w\\/])(?:{alternatives})(?![\w/])")


def found_phrases(text: str, finder: re.Pattern):
    """The phrases phrase_finder's pattern finds in text (its matches), leaving out the web
    addresses and LaTeX commands it skips."""
    return (m for m in finder.finditer(text) if m.group("keep") is None)


def phrase_key(found: str) -> str:
    """A phrase as it was found, as listed: one space between words, a straight apostrophe."""
    return " ".join(found.replace("’", "'").split())


@functools.lru_cache(maxsize=1)
def spellings() -> tuple[tuple[str, str], ...]:
    """The (UK, US) pairs of the data file's "spellings", each pair written in lower case also
    with a capital first letter ("Labour" -> "Labor"), longest UK phrase first. ValueError names
    a pair that is not two words or phrases, has the same one twice, lists a UK phrase again, or
    whose US words hold a UK phrase (they would change again on a second pass)."""
    pairs: list[tuple[str, str]] = []
    for pair in _raw()["spellings"]["pairs"]:
        if not (isinstance(pair, list) and len(pair) == 2
                and all(isinstance(w, str) and w.strip() == w and w for w in pair)):
            raise ValueError(f"a spelling in {DATA_FILE.name} must be [UK, US], two words or "
                             f"phrases with no space at either end, got {pair!r}")
        uk, us = pair
        if uk == us:
            raise ValueError(f"spelling {pair!r} in {DATA_FILE.name} changes nothing")
        pairs.append((uk, us))
        if uk[0].islower():
            pairs.append((uk[0].upper() + uk[1:], us[0].upper() + us[1:]))
    uks = [uk for uk, _ in pairs]
    twice = sorted({uk for uk in uks if uks.count(uk) > 1})
    if twice:
        raise ValueError(f"UK words listed twice in {DATA_FILE.name}: {twice}")
    finder = phrase_finder(uks)
    again = [(uk, us) for uk, us in pairs if any(found_phrases(us, finder))]
    if again:
        raise ValueError(f"US words in {DATA_FILE.name} that hold a UK word: {again}")
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


@functools.lru_cache(maxsize=1)
def _spelling_finder() -> re.Pattern:
    return phrase_finder(uk for uk, _ in spellings())


def us_words(text: str) -> str:
    """The text with every UK word of spellings() in its US form, whole words only (never inside
    a longer word, a web address or a LaTeX command): "Labour or colourful" -> "Labor or
    colourful". TypeError names anything that is not text."""
    if not isinstance(text, str):
        raise TypeError(f"us_words needs text (a str), got {text!r} ({type(text).__name__})")
    swap = dict(spellings())
    return _spelling_finder().sub(
        lambda m: m.group() if m.group("keep") is not None else swap[phrase_key(m.group())],
        text)
