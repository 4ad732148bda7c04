"""Text helpers shared by the content tests (and reusable for the PDF handouts).

- ``full_text(html)``: every word a reader can meet in a built page's article (prose, tables,
  deeper-dive blocks, captions, image alt text); for the originality check.
- ``patient_text(html)``: only the prose a patient is meant to read; for the reading grade.
- ``deeper_dive_texts(html)``: the text of each deeper-dive block (graded on a looser limit).
- ``fk_grade(text)``: Flesch-Kincaid grade (textstat 0.7.3, which works offline).
- ``shared_runs(text, seed_texts, n)``: runs of n+ words shared with any seed article.
- ``find_doses(text)``: medicine doses (amount + unit, or a dosing frequency next to a medicine).
- ``course_chapters()``: the welcome page and the chapters of "The course" part, from _toc.yml.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import textstat
import yaml
from bs4 import BeautifulSoup, NavigableString, Tag

REPO = Path(__file__).resolve().parents[1]

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


def shared_runs(text: str, seed_texts: Mapping[str, str] | Iterable[str], n: int = 10
                ) -> list[SharedRun]:
    """Every maximal run of n or more consecutive words that ``text`` shares with one seed.

    ``seed_texts`` maps a name to a text (or is a plain list, named by position)."""
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
        seed_words = words(seed)
        grams = {tuple(seed_words[i:i + n]) for i in range(len(seed_words) - n + 1)}
        i = 0
        while i <= len(tokens) - n:
            if tuple(tokens[i:i + n]) not in grams:
                i += 1
                continue
            end = i + n  # extend while the next window still matches
            while end < len(tokens) and tuple(tokens[end - n + 1:end + 1]) in grams:
                end += 1
            runs.append(SharedRun(str(name), " ".join(tokens[i:end])))
            i = end
    return runs


def load_seeds(folder: Path) -> dict[str, str]:
    """Seed articles by file name."""
    folder = Path(folder)
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if not files:
        raise ValueError(f"no seed .txt files in {folder}")
    return {f.name: f.read_text(encoding="utf-8") for f in files}


_NUMBER = r"\d+(?:[.,]\d+)?(?:\s*(?:-|\u2013|to)\s*\d+(?:[.,]\d+)?)?"
_DOSE_AMOUNT = re.compile(
    rf"\b{_NUMBER}\s*(?:mg|mcg|\u00b5g|ug|ml|millilit(?:re|er)s?|milligrams?|micrograms?|grams?|g"
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


def course_chapters(toc: Path = REPO / "_toc.yml", part: str = "The course") -> list[str]:
    """Document names of the welcome page (the root) and the chapters of one ToC part."""
    data = yaml.safe_load(Path(toc).read_text(encoding="utf-8"))
    for p in data.get("parts", []):
        if p.get("caption") == part:
            return [data["root"]] + [c["file"] for c in p["chapters"]]
    raise ValueError(f"no ToC part captioned {part!r} in {toc}")
