"""The handouts: the advice sheets (one sheet of paper each, going on over the page only when
the signs need it) and the two-sided exercise sheets, on A4 (UK edition) and US Letter (US
edition). Plain language, own words, no doses, a QR code, a "Remember" summary and write-in
fields; the right emergency and urgent numbers for the paper; every warning sign of the sheet's
region under its own level's heading, and the emergency panel on every sheet; the full NSAID
caution and the full stop lists from the catalogues; harder words explained; every word inside
the page and no type under 8 pt. Checks read the built PDFs in COURSE_BUILD/handouts (made by
`make handouts`, i.e. `python -m handouts OUT_DIR`)."""
from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from textcheck import find_doses, fk_grade, load_seed_fingerprints, shared_runs

sys.path.insert(0, str(REPO))
from handouts.build import (  # noqa: E402
    FIELDS, MARGIN, MAX_SIDES, PAPERS, course_facts, glossary, layout, load_content, render,
    signs_for,
)
from handouts import build as handouts_build  # noqa: E402
from handouts.exercise_sheet import SHEETS, STOP_LIST_PAGE  # noqa: E402
from test_print_layout import PT_PER_MM, outside, page_boxes  # noqa: E402
from test_us_spellings import uk_words_in  # noqa: E402
from widgets import editions, exercises  # noqa: E402
from widgets.causes import LEVEL_IDS, load_catalogue, sign_level, sign_levels  # noqa: E402
from widgets.glossary import glossary_term  # noqa: E402

CONTENT = load_content()
SLUGS = [h["slug"] for h in CONTENT["handouts"]]
HANDOUTS = {h["slug"]: h for h in CONTENT["handouts"]}
GLOSSED = [glossary_term(word) for word in CONTENT["glossed_words"]]
# Every sheet: (file stem, region or None for every region, kind).
SHEET_FILES = [(slug, HANDOUTS[slug]["signs"].get("region"), "advice") for slug in SLUGS] + [
    (f"{region}-exercises", region, "exercise") for region in SHEETS]
ALL_PDFS = [(stem, region, kind, paper) for stem, region, kind in SHEET_FILES
            for paper in PAPERS]
# Page sizes in PostScript points, as pdfinfo prints them.
SIZES = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}
TITLES = {"Back spasm: what to do at home", "Neck spasm: what to do at home",
          "Warning signs: when to get help now"}
EDITION = {"a4": "uk", "letter": "us"}

# Who to call, from the services themselves (not from editions.json, which is under test):
# - NHS, "When to call 999" (https://www.nhs.uk/nhs-services/urgent-and-emergency-care-services/
#   when-to-call-999/): in the UK, call 999 in a medical emergency or go to A&E; and NHS, "When
#   to use 111" (https://www.nhs.uk/nhs-services/urgent-and-emergency-care-services/
#   when-to-use-111/): NHS 111 is for urgent help that is not an emergency.
# - 911.gov (https://www.911.gov/): 911 is the number to call in an emergency in the US.
MUST_SAY = {"a4": ("999", "NHS 111"), "letter": ("911",)}
MUST_NOT_SAY = {"a4": ("911",), "letter": ("999", "A&E", "NHS 111")}
# Who to ask when an exercise brings on a stop sign, per paper (the brief of issue 21: NHS
# services in the UK; a doctor or physical therapist in the US).
STOP_ASK = {"a4": "Stop, and ask your GP surgery or NHS 111, or your physiotherapist, if:",
            "letter": "Stop, and ask your doctor or physical therapist, if:"}
# Smallest type on any sheet: 8 pt (the brief's floor). In a pdftotext word box the height of a
# DejaVu Sans word is 1.164 times its size in points (8.5 pt -> 9.89 pt box, 10 pt -> 11.64).
MIN_PT, BOX_PER_PT = 8, 1.164


def letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def printed(text: str, paper: str) -> str:
    """Catalogue or content text as a sheet on this paper prints it: in its edition's spelling
    (US words on Letter; tests/test_us_spellings.py checks those against a dictionary)."""
    return editions.for_paper(paper).words(text)


def run(*cmd: str) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def sentences(handout: dict) -> str:
    """The handout's text, one block per line, each read as a sentence (headings too)."""
    return "\n".join(t if t.endswith((".", "!", "?")) else t + "."
                     for _, t in layout(handout))


@pytest.fixture(scope="module")
def handout_dir(build_dir: Path) -> Path:
    return build_dir / "handouts"


def pdf_text(handout_dir: Path, stem: str, paper: str) -> str:
    """The sheet's text in the order it was written (-raw): an item in a column stays whole
    however its neighbours wrap."""
    return run("pdftotext", "-raw", str(handout_dir / f"{stem}-{paper}.pdf"), "-")


def test_the_three_handouts_exist_in_the_content():
    assert TITLES <= {h["title"] for h in CONTENT["handouts"]}


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("slug", SLUGS)
def test_one_sheet_of_the_right_size(handout_dir, slug, paper):
    info = run("pdfinfo", str(handout_dir / f"{slug}-{paper}.pdf"))
    pages = int(re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1))
    assert 1 <= pages <= MAX_SIDES, info
    w, h = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M).groups())
    assert (w, h) == pytest.approx(SIZES[paper], abs=0.5)


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("slug", SLUGS)
def test_pdf_prints_every_block_the_fields_and_the_course_facts(handout_dir, slug, paper):
    """What the tests grade (layout) is what the PDF shows, plus the write-in fields, the box
    for the clinician's instructions, address, version and review date."""
    text = pdf_text(handout_dir, slug, paper)
    for _, block in layout(HANDOUTS[slug], EDITION[paper]):
        assert letters(block) in letters(text), f"{block!r} missing from the PDF"
    for label in [f for row in FIELDS for f in row] + ["Your clinician's instructions"]:
        assert f"{label}:" in text, f"no field {label!r}"
    facts = course_facts()
    for key in ("course_url", "course_version", "last_checked"):
        assert facts[key] in text


# ----- Who to call ---------------------------------------------------------------------------

@pytest.mark.parametrize("stem, region, kind, paper", ALL_PDFS)
def test_each_paper_names_its_own_countrys_numbers(handout_dir, stem, region, kind, paper):
    """US Letter sheets say 911 and never 999, A&E or NHS 111; A4 sheets say 999 and NHS 111."""
    text = " ".join(pdf_text(handout_dir, stem, paper).split())
    for words in MUST_SAY[paper]:
        assert re.search(rf"(?<![\w&]){re.escape(words)}(?![\w&])", text), \
            f"{stem}-{paper} does not say {words!r}"
    for words in MUST_NOT_SAY[paper]:
        assert not re.search(rf"(?<![\w&]){re.escape(words)}(?![\w&])", text), \
            f"{stem}-{paper} says {words!r}"


@pytest.mark.parametrize("stem, region, kind, paper", [f for f in ALL_PDFS if f[3] == "letter"])
def test_letter_sheets_hold_no_uk_spelling(handout_dir, stem, region, kind, paper):
    """A US reader reads US words: none of Merriam-Webster's UK spellings
    (tests/data/us_spellings.yaml, tests/test_us_spellings.py)."""
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


def test_editions_name_the_cited_numbers_and_a_rule_for_everyone_else():
    for paper, edition_id in EDITION.items():
        ed = editions.for_paper(paper)
        assert ed.id == edition_id
        emergency = sign_level("emergency", edition_id)
        assert MUST_SAY[paper][0] in emergency.title
        assert "local emergency number" in emergency.message  # for a reader in neither country
    assert "NHS 111" in sign_level("urgent", "uk").message
    assert "urgent care" in sign_level("urgent", "us").message
    assert [lvl.id for lvl in sign_levels("us")] == list(LEVEL_IDS)


def test_bad_edition_or_paper_is_refused_by_name():
    with pytest.raises(ValueError, match="'fr'"):
        editions.edition("fr")
    with pytest.raises(ValueError, match="'fr'"):
        sign_levels("fr")
    with pytest.raises(ValueError, match="'a3'"):
        editions.for_paper("a3")


# ----- Every sign at its own level, the emergency panel on every sheet -----------------------

def page_lines(pdf: Path) -> list[tuple[float, float, str]]:
    """Every text line of every side as (x, y, text), y counted down through the sides."""
    lines = []
    for number, page in enumerate(page_boxes(pdf)):
        lines += [(x0, number * 10_000 + y0, t) for block in page["blocks"]
                  for x0, y0, _, _, t in block]
    return lines


def panel_text(pdf: Path, paper: str) -> dict[str, str]:
    """The text under each warning-sign level's heading, by level: from each heading (a panel
    that goes on over the page has it twice) down to the next heading or the next thing after
    the panels, read one column at a time. A sign found here is printed under its own level."""
    lines = page_lines(pdf)
    edition_id = EDITION[paper]
    titles = {level: sign_level(level, edition_id).title for level in LEVEL_IDS}
    heads = sorted((y, level) for x, y, t in lines for level, title in titles.items()
                   if t.startswith(title) and t.endswith(":"))
    # Whatever follows a panel on any sheet starts one of these lines.
    ends = [y for _, y, t in lines if t.startswith(("Please turn over", "What some words",
                                                     "Your clinician", "Changes from"))]
    found: dict[str, str] = {}
    for y_top, level in heads:
        y_end = min([y for y, _ in heads if y > y_top] + [y for y in ends if y > y_top])
        inside = sorted((ln for ln in lines if y_top < ln[1] < y_end), key=lambda ln: ln[0])
        columns: list[list] = []
        for ln in inside:  # a new column where the left edges jump by more than 40 pt
            if not columns or ln[0] - columns[-1][-1][0] > 40:
                columns.append([])
            columns[-1].append(ln)
        found[level] = found.get(level, "") + " " + " ".join(
            t for col in columns for *_, t in sorted(col, key=lambda ln: ln[1]))
    return found


def region_signs(region: str | None, level: str | None = None, edition_id: str = "uk"):
    """The catalogue's signs for a region (None: all), in one edition's words and spelling."""
    words = editions.edition(edition_id).words
    return [dataclasses.replace(s, label=words(s.label))
            for s in load_catalogue(edition_id).warning_signs
            if (region is None or s.region in (region, "both"))
            and (level is None or s.level == level)]


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("slug", SLUGS)
def test_every_sign_of_the_region_is_under_its_own_levels_heading(handout_dir, slug, paper):
    """Each catalogue sign for the sheet's region (the warning-signs sheet: every sign) is
    printed after its own level's heading and before the next one, on whichever side."""
    region = HANDOUTS[slug]["signs"].get("region")
    signs = region_signs(region, edition_id=EDITION[paper])
    assert signs
    misplaced = misplaced_signs(signs, panel_text(handout_dir / f"{slug}-{paper}.pdf", paper))
    assert not misplaced, f"{slug}-{paper}: signs not under their level's heading: {misplaced}"


def misplaced_signs(signs, panels: dict[str, str]) -> list[tuple[str, str]]:
    """(level, label) of each sign not printed under its own level's heading (panel_text);
    tests/test_catalogue_mutations.py proves a sheet missing a sign fails this."""
    return [(s.level, s.label) for s in signs
            if letters(s.label) not in letters(panels.get(s.level, ""))]


@pytest.mark.parametrize("stem, region, kind, paper", ALL_PDFS)
def test_every_sheet_carries_the_emergency_panel_of_its_region(handout_dir, stem, region, kind,
                                                              paper):
    panels = panel_text(handout_dir / f"{stem}-{paper}.pdf", paper)
    assert "emergency" in panels, f"{stem}-{paper}: no emergency panel heading"
    missing = [s.label for s in region_signs(region, "emergency", EDITION[paper])
               if letters(s.label) not in letters(panels["emergency"])]
    assert not missing, f"{stem}-{paper}: emergency signs missing from the panel: {missing}"


@pytest.mark.parametrize("paper", PAPERS)
def test_the_few_weeks_signs_print_as_a_list(handout_dir, paper):
    """Each see-a-doctor sign starts a line of its own (after its bullet): a list to scan, not
    one run-on paragraph."""
    lines = [re.sub(r"^\u2022\s*", "", t) for _, _, t in
             page_lines(handout_dir / f"warning-signs-{paper}.pdf")]
    for sign in region_signs(None, "see-a-doctor"):
        start = " ".join(sign.label.split()[:3])
        assert any(t.startswith(start) for t in lines), f"{sign.label!r} does not start a line"


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("stem", ["warning-signs", "back-spasm"])
def test_back_sheets_have_the_saddle_area_picture_in_the_emergency_panel(handout_dir, stem,
                                                                        paper):
    """The saddle drawing (one more image than the QR code and the movements) and its caption
    inside the red panel."""
    pdf = handout_dir / f"{stem}-{paper}.pdf"
    assert "saddle area (shaded)" in panel_text(pdf, paper)["emergency"].lower()
    images = run("pdfimages", "-list", str(pdf)).splitlines()[2:]
    moves = [i for s in HANDOUTS[stem]["sections"] for i in s["items"] if isinstance(i, dict)
             and "exercise" in i]
    assert len([ln for ln in images if ln.split()[2] == "image"]) == 2 + len(moves)  # QR, saddle


# ----- Safe on its own: full cautions and stop lists -----------------------------------------

@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("slug", ["back-spasm", "neck-spasm"])
def test_spasm_sheets_print_the_full_anti_inflammatory_caution(handout_dir, slug, paper):
    """The catalogue's whole caution, and what the NHS ibuprofen pages warn about (NHS,
    "Ibuprofen for adults", https://www.nhs.uk/medicines/ibuprofen-for-adults/: not for everyone
    with stomach, kidney or heart problems; usually avoided in pregnancy)."""
    text = letters(pdf_text(handout_dir, slug, paper))
    caution = load_catalogue().action("nsaids").caution
    assert letters(printed(caution, paper)) in text
    for word in ("pregnant", "stomach", "kidney", "heart", "pharmacist"):
        assert word in text


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("slug", ["back-spasm", "neck-spasm"])
def test_spasm_sheets_show_a_movement_with_its_counts_drawing_and_stop_list(handout_dir, slug,
                                                                            paper):
    """The movement prints the exercise catalogue's hold and repeat counts and its whole stop
    list, the same words as the exercise sheets and the book."""
    moves = [i["exercise"] for s in HANDOUTS[slug]["sections"] for i in s["items"]
             if isinstance(i, dict) and "exercise" in i]
    assert moves, f"{slug} names no movement"
    pdf = handout_dir / f"{slug}-{paper}.pdf"
    text = letters(run("pdftotext", "-raw", str(pdf), "-"))
    for move in moves:
        ex = exercises.exercise(move)
        assert letters(printed(f"{ex.name}.", paper)) in text
        assert letters(printed(exercises.dose_text(ex), paper)) in text
        assert letters(STOP_ASK[paper]) in text
        for sign in exercises.stop_signs(ex):
            assert letters(printed(sign, paper)) in text, f"{slug}-{paper}: {sign!r} missing"
    assert letters("Tick a box each time you do it: Mon Tue Wed Thu Fri Sat Sun") in text
    images = run("pdfimages", "-list", str(pdf)).splitlines()[2:]
    assert len(images) >= 1 + len(moves), "a movement without its drawing (or no QR code)"


@pytest.mark.parametrize("paper", PAPERS)
def test_neck_sheets_stop_list_names_dizziness_sight_and_arm_symptoms(handout_dir, paper):
    """Neck movements stop for dizziness, changes in sight and arm symptoms: dizziness and
    visual disturbance can signal a torn neck artery (Biller et al., Stroke 2014;45:3155-74,
    the AHA/ASA statement on cervical artery dissection), and pain or numbness spreading down
    the arm a trapped nerve (NICE CKS, Neck pain - non-specific, 2023)."""
    for stem in ("neck-spasm", "neck-exercises"):
        text = " ".join(pdf_text(handout_dir, stem, paper).lower().split())
        stop = text[text.index(STOP_ASK[paper].lower()):]
        for words in ("dizzy", "sight", "arm"):
            assert words in stop[:400], f"{stem}-{paper}: stop list does not mention {words!r}"


@pytest.mark.parametrize("stem, region, kind, paper", ALL_PDFS)
def test_harder_words_are_explained_where_used(handout_dir, stem, region, kind, paper):
    """Statin and saddle area get a plain meaning, the course glossary's, on every sheet that
    uses them."""
    text = " ".join(pdf_text(handout_dir, stem, paper).split())
    used = [t for t in GLOSSED if t.term.lower() in text.lower()]
    for t in used:
        assert letters(printed(t.text, paper)) in letters(text), \
            f"{stem}-{paper} uses {t.term!r} without saying what it means"
    if stem == "warning-signs":
        assert len(used) == len(GLOSSED)  # the full sign list uses every word


def test_sheet_meanings_are_the_glossarys_cited_and_plain():
    """Each meaning a sheet prints is a fact, so its glossary entry names sources (the sheets
    print no citations; test_glossary.py checks the keys); the meanings read at grade 6."""
    lines = glossary(" ".join(t.term for t in GLOSSED))
    assert lines == [f"{t.term}: {t.text}" for t in GLOSSED]
    assert all(t.cite for t in GLOSSED), [t.term for t in GLOSSED if not t.cite]
    assert fk_grade("\n".join(lines)) <= 6


def test_a_sheet_word_missing_from_the_glossary_is_named(monkeypatch):
    monkeypatch.setattr(handouts_build, "load_content",
                        lambda: {"glossed_words": ["statin", "lumbago"]})
    with pytest.raises(ValueError, match="'lumbago'"):
        glossary("statin")


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("region", SHEETS)
def test_exercise_sheets_have_a_remember_box(handout_dir, region, paper):
    text = letters(pdf_text(handout_dir, f"{region}-exercises", paper))
    ed = editions.for_paper(paper)
    assert letters("Remember") in text
    for line in CONTENT["exercise_sheets"]["remember"]:
        line = line.format_map({**vars(ed), "stop_page": STOP_LIST_PAGE})
        assert letters(printed(line, paper)) in text


# ----- Print quality --------------------------------------------------------------------------

@pytest.mark.parametrize("stem, region, kind, paper", ALL_PDFS)
def test_no_word_outside_the_page_and_no_type_under_8_pt(handout_dir, stem, region, kind,
                                                         paper):
    """Every word inside the page box less the margins (the QR code's caption sits 2 mm above
    the top margin), and every word at least 8 pt high."""
    margin = (MARGIN - 3) * PT_PER_MM
    for number, page in enumerate(page_boxes(handout_dir / f"{stem}-{paper}.pdf"), 1):
        bad = outside(page, margin, page["width"] - margin, margin, page["height"] - margin)
        assert not bad, f"{stem}-{paper} page {number}: words outside the page: {bad[:3]}"
        small = [(t, round((y1 - y0) / BOX_PER_PT, 1)) for t, _, y0, _, y1 in page["words"]
                 if (y1 - y0) / BOX_PER_PT < MIN_PT - 0.05]
        assert not small, f"{stem}-{paper} page {number}: type under {MIN_PT} pt: {small[:5]}"


@pytest.mark.parametrize("slug", SLUGS)
def test_remember_summary_has_two_or_three_lines(slug):
    assert 2 <= len(HANDOUTS[slug]["remember"]) <= 3


@pytest.mark.parametrize("slug", SLUGS)
def test_plain_language(slug):
    grade = fk_grade(sentences(HANDOUTS[slug]))
    assert grade <= 6, f"{slug}: reading grade {grade:.1f} > 6"


@pytest.mark.parametrize("stem, region, kind, paper", ALL_PDFS)
def test_own_words_and_no_doses(handout_dir, stem, region, kind, paper):
    text = pdf_text(handout_dir, stem, paper)
    assert shared_runs(text, load_seed_fingerprints(), n=10) == []
    assert find_doses(text) == []


@pytest.mark.parametrize("slug", SLUGS)
def test_qr_code_image_present(handout_dir, slug):
    rows = run("pdfimages", "-list", str(handout_dir / f"{slug}-letter.pdf")).splitlines()[2:]
    assert rows, "no image (QR code) in the handout"


def test_page_renders_to_png(handout_dir, tmp_path):
    run("pdftoppm", "-r", "50", "-png", "-singlefile", str(handout_dir / "warning-signs-a4.pdf"),
        str(tmp_path / "page"))
    png = (tmp_path / "page.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000


def test_a_sheet_that_outgrows_one_side_goes_on_over_the_page(tmp_path):
    """More than one side holds: the sheet takes the back of the paper, where the sections
    marked for the back go."""
    handout = dict(HANDOUTS["back-spasm"])
    handout["sections"] = handout["sections"] + [
        {"heading": "More", "back": True, "items": ["Walk."] * 12}]
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(render(handout, course_facts(), "a4"))
    assert "Pages:           2" in run("pdfinfo", str(pdf))
    assert "Please turn over." in run("pdftotext", str(pdf), "-")


def test_text_that_does_not_fit_on_two_sides_is_refused():
    handout = dict(HANDOUTS["back-spasm"])
    handout["sections"] = handout["sections"] + [{"heading": "More", "items": ["Walk."] * 120}]
    with pytest.raises(ValueError, match="not fit"):
        render(handout, course_facts(), "letter")


def test_unknown_paper_is_refused():
    with pytest.raises(ValueError, match="tabloid"):
        render(HANDOUTS["back-spasm"], course_facts(), "tabloid")


def test_sign_heading_helper_refuses_unknown_region():
    with pytest.raises(ValueError, match="'legs'"):
        signs_for("urgent", "legs")
