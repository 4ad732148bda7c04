"""Every chapter has the parts the course promises (objectives, key points, an action, a quiz)
and every page of the course (a chapter's section pages too) the red-flag box and a way to the
emergency signs; pages carry no medicine doses, only the four evidence labels
(each with a citation), no "soon" as a level of urgency, alt text on every image, and a
bibliography of 20+ sources."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from textcheck import course_chapters, find_doses, full_text

EMERGENCY_HREF = "when-to-get-help.html#emergency-signs"
MIN_QUIZ = 3
MIN_REFERENCES = 20
# Chapters in the structural sense: the numbered course part (the welcome page is a cover).
CHAPTERS = [doc for doc in course_chapters(sections=False) if doc != "book/index"]
# Every page of that part, a chapter's section pages (e.g. the exercises for the back) too.
PAGES = [doc for doc in course_chapters() if doc != "book/index"]


def soup_of(path: Path) -> BeautifulSoup:
    if not path.exists():
        raise ValueError(f"page not built: {path}")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article(path: Path):
    return soup_of(path).select_one("article.bd-article")


def book_pages(build_dir: Path) -> list[Path]:
    return sorted((build_dir / "html" / "book").rglob("*.html"))  # book/learn/ too


def heading_text(h) -> str:
    return " ".join(t for t in h.find_all(string=True)
                    if not t.find_parent(class_=["headerlink", "section-number"])).strip()


@pytest.mark.parametrize("doc", CHAPTERS)
def test_chapter_has_its_parts(build_dir: Path, doc: str):
    art = article(build_dir / "html" / f"{doc}.html")
    missing = [cls for cls in ("learning-objectives", "key-points", "try-this")
               if not art.select(f"div.admonition.{cls}")]
    assert not missing, f"{doc}: no admonition with class {missing}"
    try_this = art.select_one("div.admonition.try-this")
    assert try_this.select("ol li, ul li"), f"{doc}: 'Try this' has no steps or task list"


@pytest.mark.parametrize("doc", PAGES)
def test_page_has_the_red_flag_box_and_a_way_to_the_emergency_signs(build_dir: Path, doc: str):
    art = article(build_dir / "html" / f"{doc}.html")
    assert art.select("div.admonition.red-flag-box"), f"{doc}: no red-flag box"
    # On the help page itself the link is a same-page anchor.
    links = art.select(f'a[href$="{EMERGENCY_HREF}"], a[href="#emergency-signs"]')
    assert links, f"{doc}: no link to the emergency signs"


@pytest.mark.parametrize("doc", CHAPTERS)
def test_chapter_has_a_quiz(build_dir: Path, doc: str):
    art = article(build_dir / "html" / f"{doc}.html")
    quiz = [h.find_parent("section") for h in art.find_all("h2")
            if heading_text(h) == "Check yourself"]
    assert quiz, f"{doc}: no '## Check yourself' section"
    answers = quiz[0].select("div.admonition.dropdown.quiz-answer")
    assert len(answers) >= MIN_QUIZ, f"{doc}: {len(answers)} dropdown answers, need {MIN_QUIZ}"


def test_every_image_has_alt_text(build_dir: Path):
    bad = []
    for page in book_pages(build_dir):
        for img in soup_of(page).select("article.bd-article img"):
            alt = (img.get("alt") or "").strip()
            if len(alt) < 10 or re.search(r"\.(png|svg|jpe?g)$", alt):
                bad.append(f"{page.name}: {img.get('src')} alt={alt!r}")
    assert not bad, f"images without a real description: {bad}"


def test_no_medicine_doses(build_dir: Path):
    doses = {}
    for page in book_pages(build_dir):
        hits = find_doses(full_text(page.read_text(encoding="utf-8")))
        if hits:
            doses[page.name] = hits
    assert not doses, f"doses found (say 'follow the label or ask a pharmacist'): {doses}"


@pytest.mark.parametrize("text,dose", [
    ("Take 400 mg of ibuprofen.", True), ("Take 2 tablets.", True),
    ("Use 0.5-1 g at night.", True), ("Take naproxen twice a day with food.", True),
    ("A painkiller every 6 hours may help.", True),
    ("Stretch three times a day.", False), ("The model gives 12.2 kg of load.", False),
    ("Follow the label or ask a pharmacist.", False), ("In 2017 the ACP advised heat.", False),
    ("Fact Sheet #28G: Medical Certification.", False), ("Take #2 then 28 g.", True),
])
def test_dose_finder(text: str, dose: bool):
    assert bool(find_doses(text)) is dose


def test_evidence_labels_are_on_the_scale_and_cited(build_dir: Path):
    from widgets.evidence import EVIDENCE_SCALE

    labels = {lvl.label for lvl in EVIDENCE_SCALE}
    assert len(labels) == 4
    wrong, uncited, used = [], [], 0
    for page in book_pages(build_dir):
        art = article(page)
        # Labels are two words ("Good evidence", "Not recommended").
        for found in re.findall(r"\bEvidence:\s+(\S+ \S+)", full_text(str(art))):
            used += 1
            if found.rstrip(".,;") not in labels:
                wrong.append(f"{page.name}: {found!r}")
        for strong in art.find_all("strong", string=re.compile(r"^\s*Evidence:")):
            cite = strong.find_next("a", href=re.compile(r"references\.html#"))
            if cite is None or cite.find_parent(["p", "li", "td"]) is not strong.find_parent(
                    ["p", "li", "td"]):
                uncited.append(f"{page.name}: {strong.get_text()!r}")
    assert used, "no evidence labels anywhere in the book"
    assert not wrong, f"labels not on the evidence scale {sorted(labels)}: {wrong}"
    assert not uncited, f"evidence labels without a citation next to them: {uncited}"


def test_labels_of_named_treatments_match_the_catalogue(build_dir: Path):
    """Where the text names a catalogue treatment in bold ("**Keep moving.** ... **Evidence: ...**"),
    its hand-written label must be the catalogue's, so the prose cannot drift from the tables."""
    from widgets.causes import load_catalogue
    from widgets.evidence import EVIDENCE_SCALE

    label_of = {lvl.id: lvl.label for lvl in EVIDENCE_SCALE}
    actions = {a.name.lower(): a for a in load_catalogue().actions}
    checked, drift = 0, []
    for page in book_pages(build_dir):
        for block in article(page).select("li, p"):
            found = re.search(r"Evidence: (\S+ \S+)", block.get_text(" ", strip=True))
            name = block.find("strong")
            action = name and actions.get(name.get_text(strip=True).rstrip(".:").lower())
            if found and action:
                checked += 1
                if found.group(1).rstrip(".,;") != label_of[action.evidence]:
                    drift.append(f"{page.name}: {action.name!r} says {found.group(1)!r}, "
                                 f"catalogue says {label_of[action.evidence]!r}")
    assert checked >= 10, f"only {checked} named treatments found: has the markup changed?"
    assert not drift, "labels that disagree with widgets/data/causes.json: " + "; ".join(drift)


# Issue 10: "soon" meant "urgent" on some pages and "routine" on others. Help is asked for in the
# three levels' own words only (emergency / urgent: today or tomorrow / see a doctor: within a
# few weeks). "As soon as you can" and the comparative "sooner" are ordinary English.
URGENCY_SOON = re.compile(r"\b(?:see|visit|contact|call|ask|get|book)\b[^.]{0,40}\bsoon\b(?! as)",
                          re.IGNORECASE)


def test_no_soon_as_an_urgency_level(build_dir: Path):
    found = {page.name: URGENCY_SOON.findall(full_text(page.read_text(encoding="utf-8")))
             for page in book_pages(build_dir)}
    assert not {k: v for k, v in found.items() if v}, f"'soon' used as a level of urgency: {found}"


@pytest.mark.parametrize("text,hit", [
    ("If this sounds like you, see a doctor soon.", True), ("Get help soon.", True),
    ("Go back to work as soon as you can.", False), ("See a doctor sooner than adults.", False),
    ("See a doctor today or tomorrow.", False),
])
def test_urgency_soon_finder(text: str, hit: bool):
    assert bool(URGENCY_SOON.search(text)) is hit


def test_magnesium_is_never_offered_as_help(build_dir: Path):
    """Issue 10: magnesium did not help night leg cramps and was never tested for back or neck
    spasm, so no sentence (or card line) may put it under "may help"."""
    offered = [f"{page.name}: {line}" for page in book_pages(build_dir)
               for line in full_text(page.read_text(encoding="utf-8")).splitlines()
               if "magnesium" in line.lower() and re.search(r"\bmay help\b", line, re.I)]
    assert not offered, offered


def test_references_page_lists_enough_sources(build_dir: Path):
    entries = article(build_dir / "html" / "book" / "references.html").select("div.citation")
    assert len(entries) >= MIN_REFERENCES, f"{len(entries)} references, need {MIN_REFERENCES}"
