"""The Exercises chapter in the built book (its start page and its two pages of exercises, back
and neck): every picture with alt text, the numbers equal to the catalogue, the guided routine
working in Chromium with no kernel and no network (start, the countdown moves, skip, back,
keyboard, axe), and the drawings in the PDF book."""
from __future__ import annotations

import re
import subprocess

import pytest
from bs4 import BeautifulSoup
from conftest import REPO

from widgets import exercises
from widgets.exercise_routine import DEFAULT_MINUTES, DEFAULT_REGION
from widgets.exercises import dose_text, load_catalogue, routine

CAT = load_catalogue()
PAGE = "book/exercises.html"  # how to start, the guided routine, the evidence
# The pages that show the exercises, one per region, in catalogue order.
REGION_PAGES = {"back": "book/exercises-back.html", "neck": "book/exercises-neck.html"}
CHAPTER = [PAGE, *REGION_PAGES.values()]


def parse(site_dir, page: str) -> BeautifulSoup:
    return BeautifulSoup((site_dir / page).read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def soups(site_dir):
    return {page: parse(site_dir, page) for page in CHAPTER}


def drawings(soup) -> list:
    return soup.select("article .cw-pose-row svg[role=img]")


def test_every_exercise_is_drawn_with_alt_text(soups):
    """Each region's page draws exactly that region's exercises, in catalogue order."""
    everything = []
    for region, page in REGION_PAGES.items():
        figures = drawings(soups[page])
        expected = [" ".join(p["alt"].split()) for ex in CAT.exercises if ex.region == region
                    for p in ex.frames]
        assert len(figures) >= 6 * 2 and [svg["aria-label"] for svg in figures] == expected, page
        everything += figures
    assert len(everything) == sum(len(ex.frames) for ex in CAT.exercises) >= 12 * 2
    assert not drawings(soups[PAGE]), "exercise drawings on the start page as well"
    for svg in everything:
        assert svg.title.get_text() == svg["aria-label"] and len(svg["aria-label"].split()) >= 8


def test_each_exercise_is_headed_by_its_catalogue_name(soups):
    """The section over an exercise's drawing is named as the catalogue names it, so the page,
    the routine, the booklet and the sheets call it one thing (a heading typed in the chapter
    had dropped "(child's pose)")."""
    for region, page in REGION_PAGES.items():
        sections = []
        for svg in drawings(soups[page]):
            if (section := svg.find_parent("section")) not in sections:
                sections.append(section)
        headed = [re.sub(r"^[\d.]+\s*|\s*#$", "", s.find(["h2", "h3"]).get_text(" ", strip=True))
                  .replace("’", "'") for s in sections]
        assert headed == [ex.name for ex in CAT.exercises if ex.region == region], page


def test_no_exercise_name_is_typed_in_a_chapter_heading():
    """The chapters name each exercise with the {exercise} role, so the name is typed once, in
    the catalogue; the test above checks what the page then shows."""
    for region, page in REGION_PAGES.items():
        source = (REPO / page.replace(".html", ".md")).read_text(encoding="utf-8")
        headings = re.findall(r"^#+ (.+)$", source, re.M)
        named = [m.group(1) for h in headings if (m := re.fullmatch(r"\{exercise\}`(.+)`", h))]
        assert named == [ex.id for ex in CAT.exercises if ex.region == region], page
        typed = [h for h in headings for ex in CAT.exercises if ex.name.lower() in h.lower()
                 and not h.startswith("{exercise}")]
        assert not typed, f"{page}: typed exercise names {typed}"


def test_every_position_is_drawn_once_in_the_book(site_dir):
    """The chapters that talk about rest, sleep, desks and lifting show the position drawings."""
    found = []
    for page in sorted((site_dir / "book").glob("*.html")):
        found += [svg["aria-label"] for svg in drawings(
            BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser"))]
    for pos in CAT.positions:
        for picture in pos.pictures:
            assert found.count(" ".join(picture["alt"].split())) == 1, picture["alt"]


# The dose as a reader reads it, parsed from the page (not rebuilt with the model's dose_text,
# which would agree with itself): hold, repeats, on each side, times a day.
DOSE = re.compile(r"How much: (?:Hold for (\d+) seconds\. )?Do it (\d+) times( on each side)?\. "
                  r"Do this (once|twice|\d+ times) a day\.")
TIMES = {"once": 1, "twice": 2}


def test_chapter_numbers_are_the_catalogues(soups):
    """Every exercise's hold, repeats, sides and times a day, as printed in its chapter, are the
    catalogue's numbers; one dose per exercise, none extra."""
    for region, page in REGION_PAGES.items():
        text = " ".join(soups[page].select_one("article").get_text(" ").split())
        printed = sorted((int(hold or 0), int(reps), bool(side),
                          TIMES.get(day) or int(day.split()[0]))
                         for hold, reps, side, day in DOSE.findall(text))
        own = [ex for ex in CAT.exercises if ex.region == region]
        assert printed == sorted((ex.hold_seconds or 0, ex.repeats, ex.each_side,
                                  ex.sets_per_day) for ex in own), page
        assert text.count("How much: ") == len(own), page
        for ex in own:
            for step in ex.steps:
                assert step in text, (page, ex.id)


def test_start_page_links_both_exercise_pages(soups):
    links = {a["href"].split("#")[0] for a in soups[PAGE].select("article a[href]")}
    missing = [page for page in REGION_PAGES.values() if page.removeprefix("book/") not in links]
    assert not missing, f"the Exercises page does not link {missing}"


def test_chapter_has_the_red_flag_box_and_a_collapsed_evidence_block(soups):
    for page in CHAPTER:
        assert soups[page].select_one("article .red-flag-box"), page
    evidence = soups[PAGE].select_one("article").select(".deeper-dive")
    assert evidence and evidence[0].get_text().strip().startswith("The evidence:")


def start_routine(rp, site_url, fake_clock: bool = False):
    """Open the routine page; with fake_clock the page's timers run only when the test moves
    Playwright's clock on, so "time passes" is a state the test sets, not a sleep."""
    page = rp.page
    if fake_clock:
        page.clock.install()
    page.goto(f"{site_url}/{PAGE}")
    page.wait_for_selector(".er-root button", timeout=15000)
    return page


def test_routine_plays_skips_and_goes_back_with_the_keyboard(page, site_url):
    p = start_routine(page, site_url, fake_clock=True)
    steps = routine(DEFAULT_REGION, DEFAULT_MINUTES)
    order = exercises.routine_exercises(DEFAULT_REGION, DEFAULT_MINUTES)
    first, second = order[0], order[1]
    assert p.inner_text(".er-name") == first.name
    assert p.inner_text(".er-dose") == dose_text(first)
    assert p.locator(".er-clock").is_hidden()  # nothing runs, or seems to, before Start
    assert p.inner_text(".er-summary").startswith(f"This routine has {len(order)} exercises")
    start_alt = p.get_attribute(".er-start svg", "aria-label")
    assert start_alt == " ".join(first.start["alt"].split())
    # keyboard only: Tab to the Start button (Back is off at the first exercise), press Enter
    assert p.get_by_role("button", name="Back").is_disabled()
    p.focus(".er-root input[type=checkbox]")
    p.keyboard.press("Tab")
    assert p.evaluate("document.activeElement.textContent") == "Start"
    p.keyboard.press("Enter")
    assert p.inner_text(".er-buttons .er-main") == "Pause"
    assert p.inner_text(".er-count") == str(steps[0].seconds)
    p.clock.run_for(1100)
    assert p.inner_text(".er-count") == str(steps[0].seconds - 1)  # the countdown moves
    assert f"{first.name}. Repeat 1 of {first.repeats}" in p.inner_text(".er-live")
    # Skip goes to the next exercise and its pictures
    p.keyboard.press("Tab")
    assert p.evaluate("document.activeElement.textContent") == "Skip"
    p.keyboard.press("Space")
    assert p.inner_text(".er-name") == second.name
    assert p.get_attribute(".er-start svg", "aria-label") == " ".join(second.start["alt"].split())
    assert p.get_attribute(".er-end svg", "aria-label") == " ".join(second.end["alt"].split())
    assert p.inner_text(".er-position") == f"Exercise 2 of {len(order)}"
    p.get_by_role("button", name="Back").click()
    assert p.inner_text(".er-name") == first.name
    # pause stops the clock
    p.get_by_role("button", name="Pause").click()
    frozen = p.inner_text(".er-count")
    p.clock.run_for(3000)
    assert p.inner_text(".er-count") == frozen
    assert page.external_requests == [] and page.console_errors == []


def test_keys_in_the_routine_do_not_reach_the_page(page, site_url):
    """JupyterLab listens for shortcuts on the document; the routine keeps its keys."""
    p = start_routine(page, site_url)
    p.evaluate("window.__keys = 0; document.addEventListener('keydown', () => window.__keys++)")
    p.focus(".er-root input[type=radio]")
    p.keyboard.press("ArrowDown")
    assert p.evaluate("window.__keys") == 0


@pytest.mark.parametrize("region, minutes", [("back", 5), ("neck", 20)])
def test_choosing_a_routine_gives_the_catalogue_plan(page, site_url, region, minutes):
    p = start_routine(page, site_url)
    names = {"back": "Back", "neck": "Neck and shoulders"}
    p.get_by_label(names[region], exact=True).check()
    p.get_by_label(f"{minutes} minutes").check()
    order = exercises.routine_exercises(region, minutes)
    assert p.inner_text(".er-position") == f"Exercise 1 of {len(order)}"
    assert p.inner_text(".er-name") == order[0].name
    seen = [p.inner_text(".er-name")]
    for _ in order[1:]:
        p.get_by_role("button", name="Skip").click()
        seen.append(p.inner_text(".er-name"))
    assert seen == [ex.name for ex in order]
    assert p.get_by_role("button", name="Skip").is_disabled()


def test_routine_passes_axe_while_playing(page, site_url):
    from axe_playwright_python.sync_playwright import Axe

    p = start_routine(page, site_url)
    start = p.inner_text(".er-count")
    p.get_by_role("button", name="Start").click()
    p.wait_for_function(f"document.querySelector('.er-count').textContent !== '{start}'",
                        timeout=5000)  # playing: the countdown has moved
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}
    result = Axe().run(p, context={"include": [[".er-root"], [".cw-pose-row"]]}, options=options)
    violations = [(v["id"], [n["target"] for n in v["nodes"][:3]])
                  for v in result.response["violations"]]
    assert violations == []


def test_reduced_motion_turns_off_the_animation(make_page, site_url):
    rp = make_page(viewport={"width": 390, "height": 844}, reduced_motion="reduce")
    p = start_routine(rp, site_url)
    assert p.is_checked(".er-root input[type=checkbox]")
    assert "er-motion" not in p.get_attribute(".er-pictures", "class")


def test_pdf_book_has_the_drawings(build_dir):
    """Counted on the exercise pages of the booklet (the guided routine is a web tool and does
    not print): one picture per exercise, from the page before the first exercise's steps (a
    picture may sit at a page foot) to the last exercise's, each sharp on paper."""
    pdf = build_dir / "latex" / "book.pdf"
    if not pdf.exists():
        pytest.fail(f"no PDF book in {pdf.parent}: run `make book` first")

    def run(*cmd):
        return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout

    pages = [" ".join(p.split()) for p in run("pdftotext", str(pdf), "-").split("\f")]
    # each exercise prints its dose once, as "How much: ..."; no other page says that
    doses = [i for i, p in enumerate(pages, 1) for _ in range(p.count("How much: "))]
    assert len(doses) == len(CAT.exercises)
    first, last = doses[0] - 1, doses[-1]
    images = pdfimages(pdf)
    on_chapter = [i for i in images if i["type"] == "image" and first <= int(i["page"]) <= last]
    assert len(on_chapter) == len(CAT.exercises)
    assert all(int(i["x-ppi"]) >= 200 for i in on_chapter)  # sharp on paper


def pdfimages(pdf) -> list[dict[str, str]]:
    """`pdfimages -list` rows by column name, read from its header line (not by position), so a
    column added by another poppler version cannot shift what is read."""
    out = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True,
                         text=True).stdout.splitlines()
    names = out[0].replace("object ID", "object id").split()
    rows = [line.split() for line in out[2:]]
    assert rows and all(len(r) == len(names) for r in rows), (names, rows[:2])
    return [dict(zip(names, r)) for r in rows]
