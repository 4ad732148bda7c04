"""Text helpers shared by the content tests (and reusable for the PDF handouts).

- ``full_text(html)``: every word a reader can meet in a built page's article (prose, tables,
  deeper-dive blocks, captions, image alt text); for the originality check.
- ``patient_text(html)``: only the prose a patient is meant to read; for the reading grade.
- ``deeper_dive_texts(html)``: the text of each deeper-dive block (graded on a looser limit).
- ``fk_grade(text)``: Flesch-Kincaid grade (textstat 0.7.3, which works offline).
- ``shared_runs(text, seeds, n)``: runs of n+ words shared with any seed article.
- ``load_seed_fingerprints()``: hashed n-word windows of the seeds. The seed articles are not ours
  to publish, so the repository keeps only this fingerprint (tests/data/seed-fingerprints.json)
  and the originality checks run wherever the repository is cloned.
- ``find_doses(text)``: medicine doses (amount + unit, or a dosing frequency next to a medicine).
- ``course_chapters()``: the welcome page and the chapters (with their section pages) of "The
  course" part, from _toc.yml.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import textstat
import yaml
from bs4 import BeautifulSoup, NavigableString, Tag

from bench.reading import course_part

REPO = Path(__file__).resolve().parents[1]
SEED_FINGERPRINTS = Path(__file__).with_name("data") / "seed-fingerprints.json"

# Block elements: each is read as its own sentence, so a heading or a list item without a full
# stop does not merge with the next one into a giant "sentence" that inflates the grade.
BLOCK_TAGS = ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "figcaption",
              "caption", "th", "td", "div", "section", "blockquote", "summary"]
# Never text for anyone: page machinery.
NOISE_SELECTORS = ["script", "style", "a.headerlink", "span.section-number",
                   "details.hide > summary"]  # "Show code cell source" toggles
# Not patient prose (kept for the originality check): code and its printed output, tables,
# material for students, the bibliography and citation labels like "(Qaseem et al., 2017)".
NON_PATIENT_SELECTORS = [
    "div.cell_input", "pre", "div.highlight", "table", ".deeper-dive",
    "div.citation", "span.bibtex-citation", 'a[href*="references.html#"]',
]
_SENTENCE_END = (".", "!", "?")
_BLOCK_MARK = "\u2029"  # paragraph separator: never appears in the book's text


def _article(html: str) -> Tag:
    if not isinstance(html, str) or not html.strip():
        raise ValueError(f"expected the HTML of a built page, got {html!r:.60}")
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article.bd-article") or soup.body
    if article is None:
        raise ValueError(f"no <article> or <body> in page {html!r:.60}")
    for node in article.select(", ".join(NOISE_SELECTORS)):
        node.decompose()
    return article


def _blocks_to_text(article: Tag) -> str:
    """Text with one sentence break per block element (see BLOCK_TAGS)."""
    for el in article.find_all(BLOCK_TAGS):
        el.insert_before(NavigableString(_BLOCK_MARK))
        el.append(NavigableString(_BLOCK_MARK))
    sentences = []
    for chunk in article.get_text(" ").split(_BLOCK_MARK):
        chunk = " ".join(chunk.split())
        # Citation links may leave empty brackets behind; drop them and the space before
        # punctuation.
        chunk = re.sub(r"\s*[(\[][\s;,]*[)\]]", "", chunk)
        chunk = re.sub(r"\s+([.,;:!?])", r"\1", chunk)
        if not re.search(r"\w", chunk):
            continue
        sentences.append(chunk if chunk.endswith(_SENTENCE_END) else chunk + ".")
    return "\n".join(sentences)


def full_text(html: str) -> str:
    """All readable text of a page's article, including tables, deeper dives and alt text."""
    article = _article(html)
    for img in article.find_all("img"):
        if img.get("alt"):
            img.replace_with(NavigableString(f" {img['alt']} "))
    return _blocks_to_text(article)


def patient_text(html: str) -> str:
    """The prose patients read: no code, outputs printed as code, tables, deeper dives,
    bibliography or citation labels. Headings, list items, admonitions (including the red-flag
    box, Try this and quiz answers) and figure captions stay: patients read those too."""
    article = _article(html)
    for node in article.select(", ".join(NON_PATIENT_SELECTORS)):
        node.decompose()
    return _blocks_to_text(article)


def deeper_dive_texts(html: str) -> list[str]:
    """The text of each deeper-dive block (student material, allowed a higher grade)."""
    article = _article(html)
    for node in article.select("span.bibtex-citation"):
        node.decompose()
    return [_blocks_to_text(block) for block in article.select(".deeper-dive")]


def fk_grade(text: str) -> float:
    """Flesch-Kincaid grade level of plain text."""
    if not isinstance(text, str) or not re.search(r"[A-Za-z]", text):
        raise ValueError(f"no words to grade in {text!r:.60}")
    return float(textstat.flesch_kincaid_grade(text))


def words(text: str) -> list[str]:
    """Lower-case words with punctuation removed, so 'It's' == 'its' and 'Back,' == 'back'."""
    if not isinstance(text, str):
        raise ValueError(f"expected text, got {text!r:.60}")
    text = re.sub(r"['\u2018\u2019`]", "", text.lower())
    return re.findall(r"[a-z0-9]+", text)


@dataclass(frozen=True)
class SharedRun:
    seed: str
    text: str  # the shared words, normalised

    @property
    def length(self) -> int:
        return len(self.text.split())


def gram_key(window: Sequence[str]) -> str:
    """A short hash of one window of normalised words."""
    return hashlib.sha256(" ".join(window).encode()).hexdigest()[:16]


def fingerprint(text: str, n: int = 10) -> frozenset[str]:
    """The hashes of every n-word window of ``text``: enough to find copies, not to read it."""
    tokens = words(text)
    return frozenset(gram_key(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def shared_runs(text: str, seed_texts: Mapping[str, str | frozenset[str]] | Iterable[str],
                n: int = 10) -> list[SharedRun]:
    """Every maximal run of n or more consecutive words that ``text`` shares with one seed.

    ``seed_texts`` maps a name to a text or to its ``fingerprint(text, n)`` (or is a plain list
    of texts, named by position)."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"run length must be a positive integer, got {n!r}")
    if isinstance(seed_texts, str):
        raise ValueError(f"seed_texts must be several texts, got one string {seed_texts!r:.60}")
    seeds = dict(seed_texts) if isinstance(seed_texts, Mapping) else dict(enumerate(seed_texts))
    if not seeds:
        raise ValueError("no seed texts given")
    tokens = words(text)
    runs: list[SharedRun] = []
    for name, seed in seeds.items():
        grams = seed if isinstance(seed, frozenset) else fingerprint(seed, n)
        i = 0
        while i <= len(tokens) - n:
            if gram_key(tokens[i:i + n]) not in grams:
                i += 1
                continue
            end = i + n  # extend while the next window still matches
            while end < len(tokens) and gram_key(tokens[end - n + 1:end + 1]) in grams:
                end += 1
            runs.append(SharedRun(str(name), " ".join(tokens[i:end])))
            i = end
    return runs


def write_seed_fingerprints(folder: Path, store: Path = SEED_FINGERPRINTS, n: int = 10) -> None:
    """Record the fingerprint of every seed article in ``folder`` (run when the seeds change)."""
    prints = {name: sorted(fingerprint(text, n)) for name, text in load_seeds(folder).items()}
    store.write_text(json.dumps({"n": n, "seeds": prints}, indent=0) + "\n", encoding="utf-8")


def load_seed_fingerprints(store: Path = SEED_FINGERPRINTS, n: int = 10
                           ) -> dict[str, frozenset[str]]:
    """The stored seed fingerprints, for ``shared_runs(text, ..., n)``."""
    data = json.loads(Path(store).read_text(encoding="utf-8"))
    if data.get("n") != n:
        raise ValueError(f"{store} holds {data.get('n')}-word windows, not {n}")
    return {name: frozenset(keys) for name, keys in data["seeds"].items()}


def load_seeds(folder: Path) -> dict[str, str]:
    """Seed articles by file name."""
    folder = Path(folder)
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if not files:
        raise ValueError(f"no seed .txt files in {folder}")
    return {f.name: f.read_text(encoding="utf-8") for f in files}


_NUMBER = r"\d+(?:[.,]\d+)?(?:\s*(?:-|\u2013|to)\s*\d+(?:[.,]\d+)?)?"
_DOSE_AMOUNT = re.compile(  # "#28G" is a document's number (a fact sheet), not an amount
    rf"(?<!#)\b{_NUMBER}\s*(?:mg|mcg|\u00b5g|ug|ml|millilit(?:re|er)s?|milligrams?|micrograms?|grams?|g"
    r"|tablets?|pills?|capsules?|caplets?|sachets?|doses?|drops?|puffs?|patch(?:es)?)\b",
    re.IGNORECASE)
_FREQUENCY = re.compile(
    r"\b(?:once|twice|thrice|\d+|one|two|three|four|five|six)\s*(?:times?\s*)?(?:a|per|each|every)\s*day\b"
    r"|\b(?:once|twice)\s+daily\b|\bevery\s+\d+(?:\s*(?:-|to)\s*\d+)?\s*hours?\b",
    re.IGNORECASE)
_MEDICINE = re.compile(
    r"\b(?:medicines?|medications?|drugs?|tablets?|pills?|capsules?|doses?|painkillers?|"
    r"ibuprofen|naproxen|paracetamol|acetaminophen|aspirin|diclofenac|codeine|nsaids?|"
    r"relaxants?|opioids?|diazepam|magnesium|supplements?)\b", re.IGNORECASE)


def find_doses(text: str) -> list[str]:
    """Sentences that give a medicine dose: an amount with a unit (400 mg, 2 tablets), or a
    dosing frequency (twice a day, every 6 hours) in a sentence that names a medicine. A
    frequency alone ("stretch twice a day") is exercise advice, not a dose."""
    if not isinstance(text, str):
        raise ValueError(f"expected text, got {text!r:.60}")
    hits = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
        if _DOSE_AMOUNT.search(sentence) or (
                _FREQUENCY.search(sentence) and _MEDICINE.search(sentence)):
            hits.append(sentence.strip())
    return hits


def course_chapters(toc: Path = REPO / "_toc.yml", part: str = "The course",
                    sections: bool = True) -> list[str]:
    """Document names of the welcome page (the root) and the chapters of one ToC part, with
    their section pages unless ``sections`` is False."""
    root = yaml.safe_load(Path(toc).read_text(encoding="utf-8"))["root"]
    return [root] + course_part(toc, part, sections)
