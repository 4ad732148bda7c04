"""The course glossary (data/glossary.json): one plain meaning for each medical word, with the
sources of any fact in it.

Every medium prints these words: the book's glossary page and its booklet word list
(_ext/course_facts.py: ``{course-glossary}``), the learner notebooks (tools/learner_notebooks.py)
and the handouts' "What some words on this sheet mean" (handouts/build.py: glossary). So a word
cannot mean one thing in the book and another on a sheet. The meanings are plain text ending in a
full stop, with no markup: each medium adds its own citations and links.
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

DATA_FILE = Path(__file__).with_name("data") / "glossary.json"
REQUIRED = ("term", "text", "cite")
OPTIONAL = ("see",)
# Characters of MyST, HTML or LaTeX markup: a sheet would print them as they are.
MARKUP = set("{}`*<>\\")


@dataclass(frozen=True)
class Term:
    term: str  # as the glossary shows it, and as {term} roles and page anchors name it
    text: str  # its meaning, plain, ending in a full stop
    cite: tuple[str, ...]  # BibTeX keys in book/references.bib; empty for a meaning with no fact
    see: str = ""  # a book page that says more, as a document name ("book/about")


def _term(entry) -> Term:
    """One checked entry; ValueError names the entry (its term, or the entry itself)."""
    name = entry.get("term") if isinstance(entry, dict) else None
    where = f"glossary entry {name or entry!r}"
    if not isinstance(entry, dict):
        raise ValueError(f"{where}: must be an object with {list(REQUIRED)}")
    missing = [f for f in REQUIRED if f not in entry]
    if missing:
        raise ValueError(f"{where}: missing fields {missing}")
    unknown = sorted(set(entry) - {*REQUIRED, *OPTIONAL})
    if unknown:
        raise ValueError(f"{where}: unknown fields {unknown}; known: {[*REQUIRED, *OPTIONAL]}")
    term, text, cite, see = entry["term"], entry["text"], entry["cite"], entry.get("see", "")
    if not isinstance(term, str) or not term.strip() or term != term.strip() or "\n" in term:
        raise ValueError(f"{where}: the term must be one line of text, got {term!r}")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"{where}: empty text")
    if not text.endswith("."):
        raise ValueError(f"{where}: the text must end with a full stop, got {text!r}")
    if MARKUP & set(text):
        raise ValueError(f"{where}: the text has markup {sorted(MARKUP & set(text))}: plain "
                         "words only (a page to link goes in 'see')")
    if not isinstance(cite, list) or not all(isinstance(k, str) and k.strip() for k in cite):
        raise ValueError(f"{where}: cite must be a list of BibTeX keys, got {cite!r}")
    if not isinstance(see, str):
        raise ValueError(f"{where}: see must be a document name, got {see!r}")
    return Term(term, text, tuple(cite), see)


@functools.lru_cache(maxsize=None)
def load_glossary(path: Path = DATA_FILE) -> tuple[Term, ...]:
    """Every entry, checked; two entries for one word (in any case: the glossary's anchors and
    {term} links ignore case) raise ValueError naming the word."""
    terms = tuple(_term(e) for e in json.loads(Path(path).read_text(encoding="utf-8"))["terms"])
    seen: set[str] = set()
    for t in terms:
        if t.term.lower() in seen:
            raise ValueError(f"duplicate glossary term {t.term!r} in {Path(path).name}")
        seen.add(t.term.lower())
    return terms


def glossary_term(word: str) -> Term:
    """The entry for a word, in any case; ValueError names a word the glossary lacks."""
    for t in load_glossary():
        if t.term.lower() == word.lower():
            return t
    raise ValueError(f"{word!r} is not in the glossary ({DATA_FILE.name})")
