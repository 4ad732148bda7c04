"""The topics every good patient resource covers (issue 10, "Topics to add") exist in the built
book: each as a cited section, in plain words, with the safety messages the issue asks for, no
medicine doses, the three urgency levels only, and their medical names in the glossary."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from textcheck import course_chapters, find_doses, fk_grade, full_text, patient_text

CITE = 'a[href*="references.html#"]'
MAX_GRADE = 6.0          # each topic chapter meets the course's median target on its own
MAX_PATIENT_WORDS = 1500  # patient layer; deeper-dive blocks are excluded by patient_text

# Chapter -> the sections (h2/h3 titles) that carry each topic. Every one must cite a source.
TOPICS = {
    "sciatica": ["What sciatica is", "How long it lasts", "What helps",
                 "Medicines experts advise against", "Injections and operations",
                 "When sciatica needs a doctor fast"],
    "daily-life": ["Work", "A note for work", "Driving", "For the back", "For the neck",
                   "Do not wear a neck collar"],
    "lasting-pain": ["Getting better: the numbers", "How often it comes back",
                     "Hurt does not always mean harm", "Fear of moving", "Pacing",
                     "Have a flare-up plan", "Mood", "Treatments that help pain that lasts"],
    "special-groups": ["Pregnancy", "Medicines in pregnancy", "Older adults",
                       "A broken bone in the spine", "Narrowing of the spine",
                       "A bulge in the main blood vessel", "Painkillers need more care",
                       "Children and teenagers"],
    "seeing-a-professional": ["What they will do", "Why you probably do not need a scan",
                              "Questions to ask", "Where else to turn"],
}
# What the issue asks each chapter to say, as patterns in its patient text.
MESSAGES = {
    "sciatica": [r"4 to 6 weeks", r"gabapentin", r"pregabalin", r"epilepsy medicines",
                 r"steroid tablets", r"diazepam", r"scan shows a problem that matches",
                 r"both legs", r"leg or foot becomes weak"],
    "daily-life": [r"need to be pain-free to go back to work", r"fit note",
                   r"cannot turn your head", r"medicine makes you drowsy",
                   r"pillow between your knees", r"low, firm pillow", r"neck collar"],
    "lasting-pain": [r"\b1 in 3\b", r"\b7 in 10\b", r"does not always mean harm",
                     r"afraid to move", r"[Pp]acing", r"flare-up", r"struggling to cope, see your doctor",
                     r"[Tt]alking therapy, alongside exercise", r"combined programme"],
    "special-groups": [r"16 and over", r"[Ii]buprofen .*usually avoided",
                       r"pharmacist, midwife", r"pelvic girdle pain", r"steroid tablets",
                       r"[Ss]pinal stenosis", r"aortic aneurysm", r"stomach, the kidneys and the heart",
                       r"see a doctor sooner"],
    "seeing-a-professional": [r"examine you", r"do not need a scan", r"benefits",
                              r"self-referral", r"NHS", r"MyBackPain"],
}
# The course's three urgency levels, as the bold lead-ins of an instruction.
# The level's title, or its short name where a sign carries its own instruction (a pregnancy
# sign's "call your maternity unit now").
URGENCY = [r"Emergency: call 999( or go to A&E)?", r"Urgent(: see a doctor today or tomorrow)?",
           r"See a doctor"]
GLOSSARY_TERMS = ["Antipsychotic medicines", "Trapezius", "Retropharyngeal abscess", "Overuse",
                  "Sciatica", "Spinal stenosis", "Pelvic girdle pain", "Fit note"]


@pytest.fixture(scope="module")
def pages(build_dir: Path) -> dict[str, str]:
    found = {}
    for doc in TOPICS:
        path = build_dir / "html" / "book" / f"{doc}.html"
        assert path.exists(), f"topic chapter not built: {path}"
        found[doc] = path.read_text(encoding="utf-8")
    return found


def sections(html: str) -> dict[str, BeautifulSoup]:
    """Section title -> its <section>, for every h2/h3 in the article."""
    art = BeautifulSoup(html, "html.parser").select_one("article.bd-article")
    out = {}
    for h in art.find_all(["h2", "h3"]):
        title = " ".join(t for t in h.find_all(string=True)
                         if not t.find_parent(class_=["headerlink", "section-number"])).strip()
        out[title] = h.find_parent("section")
    return out


def test_topics_are_course_chapters_in_order():
    docs = course_chapters()
    where = {d: docs.index(f"book/{d}") for d in TOPICS}
    assert docs.index("book/causes-neck") < where["sciatica"]
    help_page, prevention = docs.index("book/when-to-get-help"), docs.index("book/prevention")
    for doc in set(TOPICS) - {"sciatica"}:
        assert help_page < where[doc] < prevention, f"{doc} is out of place in _toc.yml: {docs}"


@pytest.mark.parametrize("doc", TOPICS)
def test_each_topic_is_a_cited_section(pages, doc):
    found = sections(pages[doc])
    missing = [t for t in TOPICS[doc] if t not in found]
    assert not missing, f"{doc}: no section titled {missing}; sections are {list(found)}"
    uncited = [t for t in TOPICS[doc] if not found[t].select(CITE)]
    assert not uncited, f"{doc}: sections without a citation: {uncited}"


@pytest.mark.parametrize("doc", TOPICS)
def test_chapter_says_what_the_issue_asks(pages, doc):
    text = " ".join(patient_text(pages[doc]).split())
    missing = [p for p in MESSAGES[doc] if not re.search(p, text)]
    assert not missing, f"{doc}: patient text lacks {missing}"


@pytest.mark.parametrize("doc", TOPICS)
def test_plain_words_and_a_short_patient_layer(pages, doc):
    text = patient_text(pages[doc])
    assert fk_grade(text) <= MAX_GRADE, f"{doc}: grade {fk_grade(text):.1f}"
    assert len(text.split()) <= MAX_PATIENT_WORDS, f"{doc}: {len(text.split())} words"


@pytest.mark.parametrize("doc", TOPICS)
def test_no_medicine_doses(pages, doc):
    assert find_doses(full_text(pages[doc])) == []


@pytest.mark.parametrize("doc", TOPICS)
def test_urgency_uses_the_three_levels_only(pages, doc):
    """A bold instruction that names urgency is one of the course's three levels, word for word,
    and every chapter that names one links to the full lists."""
    art = BeautifulSoup(pages[doc], "html.parser").select_one("article.bd-article")
    leads = [s.get_text(" ", strip=True) for s in art.find_all("strong")
             if re.match(r"(Emergency|Urgent|See a doctor|Call 999)", s.get_text(strip=True))]
    wrong = [t for t in leads if not any(re.fullmatch(p, t) for p in URGENCY)]
    assert not wrong, f"{doc}: urgency wording off the scale: {wrong}"
    assert art.select('a[href*="when-to-get-help.html"]'), f"{doc}: no link to the help page"


def test_recovery_numbers_need_no_calculation(pages):
    """Figures for patients are 'about 1 in 3', never percentages; the percentages stay in the
    collapsed evidence block for students."""
    html = pages["lasting-pain"]
    assert "%" not in patient_text(html)
    assert "69%" in full_text(html) and "33%" in full_text(html)


def test_sciatica_medicines_carry_the_not_recommended_label(pages):
    section = sections(pages["sciatica"])["Medicines experts advise against"]
    assert "Evidence: Not recommended" in section.get_text(" ", strip=True)


def test_glossary_defines_each_term_once(build_dir: Path):
    soup = BeautifulSoup((build_dir / "html" / "book" / "glossary.html").read_text("utf-8"),
                         "html.parser")
    terms = [dt.get_text(" ", strip=True).rstrip("¶#").strip() for dt in soup.select("dl.glossary dt")]
    counts = {t: terms.count(t) for t in GLOSSARY_TERMS}
    assert all(n == 1 for n in counts.values()), counts
    cord = next(dt for dt in soup.select("dl.glossary dt")
                if dt.get_text(strip=True).startswith("Spinal cord") and
                "compression" not in dt.get_text())
    assert "waist" in cord.find_next_sibling("dd").get_text(), "spinal cord should reach the waist"
