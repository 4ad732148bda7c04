"""The programme builder (book/make-a-programme) in Chromium, as a clinician uses it, with one
browser and no kernel: a three-exercise programme with changed doses, printed on A4 and US Letter
(the browser's own print of the sheet, checked in the PDF text), reopened from its link, bad
links, the keyboard on a phone in dark mode; a Letter sheet in US words and an A4 one in UK
words; no request leaves the page.

What the page must show is worked out by the Python model (widgets.programme), so the browser
is checked against the rules, never against itself."""
from __future__ import annotations

import subprocess
import time

import pytest

from test_us_spellings import uk_words_in
from widgets import editions, exercises, programme

PAGE = "book/make-a-programme.html"
ROOT = ".pb-root"
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
# Three exercises at doses other than the catalogue's (one of each region, one without a hold).
CHOSEN = [("knee-rolls", "repeats", "8"), ("chin-tuck", "sets_per_day", "2"),
          ("shoulder-rolls", "repeats", "7")]
NAME, NOTE = "Ann Example", "Walk for ten minutes every day. Use heat before the exercises."


def pdf_text(path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return out


def pages_of(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))


def flat(text: str) -> str:
    return " ".join(text.split())


def open_builder(rp, url):
    rp.page.goto(url)
    rp.page.wait_for_selector(f"{ROOT} [data-add]", timeout=15000)
    return rp.page


def shown_programme(page) -> list[list]:
    """The builder's programme as the page shows it: names in order and each dose's value."""
    return page.evaluate("""() => [...document.querySelectorAll('.pb-items > [role=listitem]')].map(li => [
        li.querySelector('.pb-item-name').textContent,
        ...[...li.querySelectorAll('select')].map(s => s.dataset.field + '=' + s.value)])""")


def expected_programme(prog: programme.Programme) -> list[list]:
    rows = []
    for n, it in enumerate(prog.items, 1):
        ex = exercises.exercise(it.exercise)
        options = programme.dose_options(ex)
        rows.append([f"{n}. {ex.name}", *(f"{f}={getattr(it, f)}" for f in programme.FIELDS
                                          if len(options[f]) > 1)])
    return rows


def print_sheet(rp, page, paper: str, out) -> None:
    """Pick the paper, press Print, and print the preview's document as Chromium prints it
    (the page's own @page size)."""
    page.get_by_label(programme.paper_label(paper)).check()
    before = page.evaluate("window.__printed || 0")
    page.get_by_role("button", name="Print the programme").click()
    assert page.evaluate("window.__printed") == before + 1
    html = page.evaluate("document.querySelector('.pb-frame').contentDocument"
                         ".documentElement.outerHTML")
    view = rp.context.new_page()
    view.set_content(html)
    view.emulate_media(media="print")
    view.pdf(path=str(out), prefer_css_page_size=True)
    view.close()


def test_a_clinician_makes_prints_and_reopens_a_programme(make_page, site_url, tmp_path):
    rp = make_page(**DESKTOP)
    # Print is the browser's dialog; the test counts the calls and prints the frame itself.
    rp.context.add_init_script(
        "window.print = () => { window.top.__printed = (window.top.__printed || 0) + 1; };")
    started = time.monotonic()
    actions = 0
    page = open_builder(rp, f"{site_url}/{PAGE}")
    for exercise_id, _, _ in CHOSEN:
        page.get_by_role("button", name=f"Add {exercises.exercise(exercise_id).name}").click()
        actions += 1
    for exercise_id, field, value in CHOSEN:
        name = exercises.exercise(exercise_id).name
        page.get_by_label(f"{programme.FIELD_NAMES[field]}, {name}").select_option(value)
        actions += 1
    page.get_by_role("button", name="Move up: Shoulder rolls").click()
    page.get_by_label("Patient's name").fill(NAME)
    page.get_by_label("Date", exact=True).fill("2026-11-21")
    page.get_by_label("Your note to the patient").fill(NOTE)
    page.get_by_label("Put the name in the link").check()
    actions += 5
    pdfs = {paper: tmp_path / f"programme-{paper}.pdf" for paper in editions.PAPERS}
    print_sheet(rp, page, "a4", pdfs["a4"])
    actions += 2  # pick the paper, press Print
    elapsed = time.monotonic() - started
    print(f"\nclinician's task: {actions} actions, {elapsed:.1f} s from opening the page to the "
          "printed programme (A4)")
    print_sheet(rp, page, "letter", pdfs["letter"])

    # What the model says this programme is.
    doses = {e: {f: int(v)} for e, f, v in CHOSEN}
    ids = ["knee-rolls", "shoulder-rolls", "chin-tuck"]  # shoulder rolls moved up one
    prog = programme.make([programme.item(i, **doses[i]) for i in ids], name=NAME,
                          date="2026-11-21", note=NOTE)
    assert shown_programme(page) == expected_programme(prog)
    link = page.input_value(f"{ROOT} .pb-link")
    assert link.split("#", 1)[1] == programme.to_fragment(prog, include_name=True)

    for paper, pdf in pdfs.items():
        assert 1 <= pages_of(pdf) <= 2, paper
        text = flat(pdf_text(pdf))
        sheet = programme.sheet(prog, paper, link)
        for ex in sheet.exercises:
            assert ex.name in text and ex.dose in text and ex.stop in text, (paper, ex)
        for label, _ in sheet.tracker:
            assert label in text, (paper, label)
        assert NAME in text and NOTE in text and sheet.date in text
        assert sheet.panel.heading in text, (paper, sheet.panel.heading)
        assert all(flat(sign) in text for sign in sheet.panel.items), paper
        number = editions.for_paper(paper).emergency
        assert f"call {number}" in text, paper
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        assert ("(A4)" in info) == (paper == "a4") and ("(letter)" in info) == (paper == "letter")

    # The link opens the same programme in a new page, with the name because it was asked for.
    again = rp.context.new_page()
    again.goto(link)
    again.wait_for_selector(".pb-items > [role=listitem]", timeout=15000)
    assert shown_programme(again) == expected_programme(prog)
    assert again.input_value(f"{ROOT} input[type=text][maxlength]") == NAME
    assert rp.external_requests == [] and rp.console_errors == []


def print_view(page) -> tuple[str, str]:
    """The print view's words, as read and as heard (its title, the pictures' and QR code's alt
    text), without the printed link (whose "#programme=" stays as it is); and that link."""
    view, link = page.evaluate("""() => {
        const doc = document.querySelector('.pb-frame').contentDocument;
        const link = doc.querySelector('.s-link span').textContent;
        const heard = [...doc.querySelectorAll('[aria-label], svg title')].map(
            (n) => n.getAttribute('aria-label') ?? n.textContent);
        return [[doc.title, doc.body.innerText, ...heard].join('\\n'), link];
    }""")
    assert link in view
    return flat(view.replace(link, " ")), link


def sheet_texts(sheet: programme.Sheet) -> list[str]:
    """The texts of the Python sheet for one paper, as the print view shows them (steps without
    their numbers, which an ordered list draws)."""
    said = programme.sheet_words(editions.for_paper(sheet.paper).id)
    return [sheet.title, f"{said['name']}: {sheet.name}",
            *(t for n, ex in enumerate(sheet.exercises, 1)
              for t in (f"{n}. {ex.name}", *ex.steps, ex.dose, ex.stop)),
            said["tracker_heading"], said["tracker_help"], said["week"],
            *(label for label, _ in sheet.tracker), sheet.stop_heading, *sheet.stop,
            said["note_heading"], sheet.note, sheet.panel.heading, *sheet.panel.items,
            *sheet.panel.notes, said["link_heading"], said["qr_alt"]]


# Pelvic tilt's steps and pictures say "tummy" (the site's UK word); both regions give the whole
# stop list. The patient's name and the clinician's note are printed as typed.
US_CHECK = ["pelvic-tilt", "chin-tuck"]
TYPED_NAME, TYPED_NOTE = "Jo Grey", "Keep the colour chart by the bed."


def test_a_letter_sheet_is_in_us_words_and_an_a4_sheet_keeps_the_uk_words(make_page, site_url,
                                                                        tmp_path):
    assert any("tummy" in s for s in exercises.exercise("pelvic-tilt").steps)
    prog = programme.make(US_CHECK, name=TYPED_NAME, note=TYPED_NOTE)
    rp = make_page(**DESKTOP)
    rp.context.add_init_script(
        "window.print = () => { window.top.__printed = (window.top.__printed || 0) + 1; };")
    page = open_builder(rp, f"{site_url}/{PAGE}#{programme.to_fragment(prog, include_name=True)}")
    page.get_by_label("Your note to the patient").fill(TYPED_NOTE)
    views = {}
    for paper in ("letter", "a4"):  # Letter first: the page opens on A4
        pdf = tmp_path / f"{paper}.pdf"
        print_sheet(rp, page, paper, pdf)
        views[paper], link = print_view(page)
        for text in sheet_texts(programme.sheet(prog, paper, link)):
            assert flat(text) in views[paper], (paper, text)
        printed = flat(pdf_text(pdf))
        assert editions.for_paper(paper).words("Tighten your tummy muscles.") in printed, paper
    letter, a4 = views["letter"], views["a4"]
    us, uk = editions.edition("us"), editions.edition("uk")
    # US words everywhere the sheet speaks, but the name and the note stay as typed.
    assert not uk_words_in(letter.replace(TYPED_NAME, "").replace(TYPED_NOTE, "")), letter
    assert TYPED_NAME in letter and TYPED_NOTE in letter
    assert "Tighten your stomach muscles." in letter and "My exercise program" in letter
    assert us.stop_heading in letter and "physical therapist" in letter
    assert uk.stop_heading not in letter and f"call {us.emergency}" in letter
    # The A4 sheet keeps the site's words.
    assert "Tighten your tummy muscles." in a4 and "My exercise programme" in a4
    assert uk.stop_heading in a4 and us.stop_heading not in a4
    assert f"call {uk.emergency}" in a4
    assert rp.external_requests == [] and rp.console_errors == []


@pytest.mark.parametrize("fragment", [
    "programme=knee-rolls.5.8.2,no-such-move.5.5.2",   # unknown exercise
    "programme=knee-rolls.5.80.2",                     # repeats out of range
    "programme=shoulder-rolls.5.5.2",                  # a hold for an exercise that has none
    "programme=knee-rolls.5.x.2&&",                    # garbage
    "programme=chin-tuck.5.5.3,chin-tuck.5.5.3",       # the same one twice
])
def test_a_bad_link_says_what_is_wrong_and_leaves_the_builder_empty(make_page, site_url,
                                                                    fragment):
    with pytest.raises(programme.LinkError) as found:
        programme.from_fragment(fragment)
    rp = make_page(**DESKTOP)
    page = open_builder(rp, f"{site_url}/{PAGE}#{fragment}")
    alert = page.locator(f"{ROOT} [role=alert]")
    assert alert.is_visible() and alert.inner_text() == str(found.value)
    assert page.locator(".pb-items > [role=listitem]").count() == 0
    assert page.get_by_role("button", name="Print the programme").is_disabled()
    # The builder still works after a bad link.
    page.get_by_role("button", name="Add Chin tuck").click()
    assert page.locator(".pb-items > [role=listitem]").count() == 1 and not alert.is_visible()
    assert rp.external_requests == [] and rp.console_errors == []


def test_by_keyboard_on_a_phone_in_dark_mode(make_page, site_url):
    rp = make_page(**PHONE, color_scheme="dark")
    page = open_builder(rp, f"{site_url}/{PAGE}")
    page.locator(f"{ROOT} [data-add]").first.focus()
    for _ in range(3):  # Enter adds; focus moves on to the next exercise that can be added
        page.keyboard.press("Enter")
    assert page.locator(".pb-items > [role=listitem]").count() == 3
    select = page.locator(".pb-items > [role=listitem]").first.locator("select").first
    select.focus()
    before = select.input_value()
    page.keyboard.press("ArrowDown")
    assert select.input_value() != before
    # Move the second one up with the keyboard; focus stays on the moved exercise.
    second = page.locator(".pb-items > [role=listitem]").nth(1).locator("[data-action=up]")
    name = second.get_attribute("aria-label").removeprefix("Move up: ")
    second.focus()
    page.keyboard.press("Enter")
    assert page.locator(".pb-item-name").first.inner_text() == f"1. {name}"
    assert page.evaluate("document.activeElement.closest('.pb-items > [role=listitem]') !== null")
    overflow = page.evaluate("document.scrollingElement.scrollWidth - "
                             "document.scrollingElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px at 390 px"
    box = page.locator(".pb-preview").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    # The card keeps its own light colours in the dark theme.
    colours = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('.pb-root'));
        return [s.backgroundColor, s.color]; }""")
    assert colours == ["rgb(255, 255, 255)", "rgb(26, 26, 26)"]
    assert rp.external_requests == [] and rp.console_errors == []
