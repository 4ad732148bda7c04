"""The built book agrees with the catalogue: every warning sign sits in its level's panel on
when-to-get-help, every chapter's red-flag box lists every emergency sign, no treatment carries
two different labels anywhere in the built HTML, and cause cards use the cause scale only."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from widgets.causes import LEVEL_IDS, SIGN_LEVELS, load_catalogue, signs_by_region
from widgets.evidence import CAUSE_SCALE, EVIDENCE_SCALE

CAT = load_catalogue()
TREATMENT_LABELS = [lvl.label for lvl in EVIDENCE_SCALE]
CAUSE_LABELS = [lvl.label for lvl in CAUSE_SCALE]


def squash(text: str) -> str:
    """Whitespace collapsed and Sphinx's curly apostrophes made straight again."""
    return " ".join(text.replace("\u2019", "'").split())


def article(path: Path) -> BeautifulSoup:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return soup.select_one("article.bd-article")


@pytest.fixture(scope="module")
def help_page(site_dir):
    return article(site_dir / "book" / "when-to-get-help.html")


@pytest.fixture(scope="module")
def pages(site_dir):
    return {p.name: article(p) for p in sorted((site_dir / "book").glob("*.html"))}


@pytest.mark.parametrize("level", LEVEL_IDS)
def test_every_sign_is_in_its_levels_panel_and_no_other(help_page, level):
    panels = help_page.select(f"div.admonition.sign-panel-{level}")
    # the red-flag box repeats the emergency signs; the page's own panel is the one in a section
    own = [p for p in panels if "red-flag-box" not in p["class"]]
    assert len(own) == 1, f"{len(own)} {level} panels"
    panel = own[0]
    title = next(lvl.title for lvl in SIGN_LEVELS if lvl.id == level)
    assert squash(panel.select_one(".admonition-title").get_text()) == title
    items = {squash(li.get_text()).rstrip(".") for li in panel.select("li")}
    assert items == {s.label for s in CAT.signs(level)}
    # the panel sits in the section its level's label points to
    section = panel.find_parent("section")
    assert section.get("id") in (f"{level}-signs",) or section.find(id=f"{level}-signs") \
        or section.select_one(f'span#{level}-signs')


# The full emergency panel on the start page; every other page opens with the compact one
# (issue 20: a chapter must not open with a phone screen of red), whose link leads to the full
# lists. The help page's own panels and the checklist's tick list already give every sign in
# full on those two pages, so a full red box above them would only repeat them.
FULL_PANEL_PAGES = {"index.html"}


def test_every_chapter_red_flag_box_lists_every_emergency_sign(pages):
    emergency = CAT.signs("emergency")
    boxes = {name: art.select("div.red-flag-box") for name, art in pages.items()}
    boxes = {name: found for name, found in boxes.items() if found}
    assert len(boxes) >= 10 and FULL_PANEL_PAGES <= set(boxes)
    for name, found in boxes.items():
        assert len(found) == 1, f"{name}: {len(found)} emergency panels"
        box = found[0]
        items = [squash(li.get_text()).rstrip(".") for li in box.select("li")]
        compact = "red-flag-compact" in box["class"]
        assert compact == (name not in FULL_PANEL_PAGES), name
        # in full, grouped by region and special group as the level's own panel
        full = [s.label for _, found in signs_by_region("emergency") for s in found]
        assert items == ([s.short for s in emergency] if compact else full), name
        assert "sign-panel-emergency" in box["class"], name
        # every sign, in full, one tap away
        assert box.select_one('a[href$="when-to-get-help.html#emergency-signs"], '
                              'a[href="#emergency-signs"]'), name


def test_no_other_word_for_urgency_on_the_help_pages(pages):
    for name in ("when-to-get-help.html", "cause-checklist.html"):
        text = squash(pages[name].get_text(" ")).lower()
        assert not re.search(r"\bsoon\b|same day", text), name
        assert not re.search(r"\btoday\b(?! or tomorrow)", text), name


def _segments(block_text: str, names: list[str]):
    """(treatment name, the text after it up to the end of its sentence or the next name)."""
    low = block_text.lower()
    hits = sorted((m.start(), m.end(), n) for n in names
                  for m in re.finditer(re.escape(n.lower()), low))
    for i, (start, end, name) in enumerate(hits):
        stop = hits[i + 1][0] if i + 1 < len(hits) else len(low)
        tail = re.split(r"(?<=[.;!?])\s", block_text[end:stop], maxsplit=1)[0]
        yield name, tail


def _treatment_names() -> dict:
    """Each treatment's catalogue name and its short form (the words before any bracket, such
    as "Heat" or "Muscle relaxants"), the way prose names it."""
    names = {}
    for a in CAT.actions:
        names[a.name] = a
        short = a.name.split(" (")[0]
        if len(short) >= 4:
            names.setdefault(short, a)
    return names


def _labels_in(text: str) -> list[str]:
    """Labels as the book prints them, capitalised ("Little evidence"); prose such as "too
    little evidence to support or dismiss it" is a sentence, not a label."""
    return [lbl for lbl in TREATMENT_LABELS + CAUSE_LABELS if lbl in text]


def test_no_treatment_has_two_verdicts_in_the_built_book(pages):
    """For each catalogue treatment, every evidence label printed next to it in any built page
    (tables, cards, prose, the red-flag box) equals the catalogue's label. "Next to it" means:
    after the name in the same sentence, before any other treatment name; or anywhere in a block
    that starts with the name in bold (the chapters' "**Heat.** ... Evidence: ..." pattern).
    Referrals must carry no label at all."""
    names = _treatment_names()
    by_length = sorted(names, key=len, reverse=True)
    seen, wrong = 0, []
    for page, art in pages.items():
        for block in art.select("li, p, td, dd"):
            if block.find(["li", "p", "td", "dd"]):
                continue  # the innermost block is enough
            text = squash(block.get_text(" "))
            pairs = list(_segments(text, by_length))
            lead = block.find("strong")
            lead_name = lead and squash(lead.get_text()).rstrip(".:")
            if lead_name in names and text.startswith(lead_name):
                pairs.append((lead_name, text[len(lead_name):]))
            for name, tail in pairs:
                found = _labels_in(tail)
                if not found:
                    continue
                seen += 1
                expected = names[name].level_label
                if set(found) != ({expected} if expected else set()):
                    wrong.append(f"{page}: {name!r} labelled {found}, catalogue: {expected!r}")
    assert seen >= len([a for a in CAT.actions if a.kind == "treatment"])
    assert not wrong, "\n".join(wrong)


def test_cause_cards_use_the_cause_scale_and_treatment_cards_the_treatment_scale(pages):
    cause_names = {c.name: c for c in CAT.causes}
    action_names = {a.name: a for a in CAT.actions}
    counted = {"cause": 0, "treatment": 0}
    for page, art in pages.items():
        for card in art.select("div.catalogue-card"):
            name = squash(card.select_one("p strong").get_text())
            label = squash(card.select("p")[1].get_text(" "))
            if name in cause_names:
                counted["cause"] += 1
                assert label.startswith(cause_names[name].level_label), (page, name, label)
                assert not any(label.startswith(t) for t in TREATMENT_LABELS)
            else:
                action = action_names[name]
                counted["treatment"] += 1
                assert label.startswith(action.level_label or "Ask a professional"), (page, name)
                assert not any(label.startswith(c) for c in CAUSE_LABELS)
                if action.kind == "treatment":
                    assert "NICE:" in card.get_text() and "ACP:" in card.get_text()
    assert counted["cause"] >= len([c for c in CAT.causes if c.region == "both"])
    assert counted["treatment"] >= len(CAT.actions)
