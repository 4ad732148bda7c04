"""Editions of the course: who to call, per country (data/editions.json).

The site and the A4 sheets are the "uk" edition (999, A&E, NHS 111); the US Letter sheets are the
"us" edition (911, the emergency room, urgent care). widgets.causes.sign_levels() builds the
warning-sign level titles and messages from an edition, so each medium prints one set of words.
A reader in neither country gets one sentence (ELSEWHERE, filled in with the edition's country).
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

DATA_FILE = Path(__file__).with_name("data") / "editions.json"
PAPERS = ("a4", "letter")


@dataclass(frozen=True)
class Edition:
    id: str
    paper: str  # the handouts' paper size: "a4" or "letter"
    country: str  # as in "Outside the UK"
    emergency: str  # the number to call
    emergency_place: str  # where to go
    doctor: str  # who to call first for urgent signs
    urgent_help: str  # what to do if the doctor has no appointment
    advice_from: str  # who to ask when an exercise brings on a stop sign
    physio: str  # the exercise professional, in the words of the country ("Ask a physio")
    midwife: str  # who looks after a pregnancy, as in "Ask your midwife or physio"
    maternity: str  # who a pregnant reader calls for the urgent pregnancy signs
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
