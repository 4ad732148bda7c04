"""The printed book (COURSE_BUILD/latex/book.pdf, and book-letter.pdf on US Letter) is the
patient booklet of the print edition (print_edition in _config.yml): title page facts, its
chapters in its order, about 40 pages, the emergency panel at the front and on the back page with
a one-line pointer in every chapter, every warning
sign of the catalogue, no code, widget junk, screen, build or learner wording, no evidence-layer
block, each chart once, a short list of main sources with the full list's address and QR code,
sharp figures, embedded fonts, no missing glyphs, and pages that render. Chapter titles come from _toc.yml and the built HTML pages,
so the checks follow the content as it changes. Layout (words inside the page, near-empty pages,
type size) is in test_print_layout.py."""
from __future__ import annotations

import hashlib
import importlib.util
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import REPO
from test_us_spellings import uk_words_in

CONFIG = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
FACTS = CONFIG["sphinx"]["config"]["myst_substitutions"]
WEB_JUNK = ["VBox(", "Slider(", "AnyWidget", "<IPython", "widget-view", "Show code cell",
            "Hide code cell", "Click to show", "Loading widget", "ipywidgets"]
MIN_PPI = 200
# Words that belong on a screen or to the learner part, never in the patient book.
LEARNER_WORDS = ["Binder", "notebook", "Jupyter", "Python", "slider", "widget", "Print my plan",
                 "launch button", "import ", "Alert: None", "Try: [", "Your setting"]
EDITION = CONFIG["sphinx"]["config"]["print_edition"]
# "About 40 pages or fewer" (issue 21), every page counted; a Letter page is 6% shorter. The
# exercise pictures cost about 10 of them (each frame at least 45 mm wide on paper, issue 22), the
# words list and the My plan page two more, the back cover's even page count at most one, and on
# Letter each exercise whole on one page two more.
MAX_PAGES = {"book.pdf": 42, "book-letter.pdf": 46}
# Words that belong on a screen or to the build, never on paper (issue 21).
SCREEN_WORDS = re.compile(r"\b(click|clicking|tap|tapping|button|buttons|slider|sliders|widget|"
                          r"Binder|notebook|Flesch|DISCERN|this page|scroll|drop-?down|"
                          r"web page|menu|Print my plan|Play the movement|press (?:Start|Play|Pause)|"
                          r"Handouts to print|hover|swipe|pop-?up|on screen|below the box)\b", re.I)


def course_build():
    spec = importlib.util.spec_from_file_location("course_build", REPO / "_ext/course_build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(*cmd: str) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def flat(text: str) -> str:
    """Lower case, one space between words: line breaks and case styles don't matter."""
    return " ".join(text.lower().split())


def toc_docs(sections: bool = False) -> list[str]:
    """The chapters of _toc.yml in order, each followed by its section pages if ``sections``
    (a section page prints inside its chapter, as a section)."""
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    return [doc for part in toc["parts"] for c in part["chapters"]
            for doc in [c["file"]] + ([s["file"] for s in c.get("sections", [])]
                                      if sections else [])]


def patient_docs(sections: bool = False) -> list[str]:
    """The chapters the booklet prints, in its order (each followed by its section pages if
    ``sections``): the print edition's chapters, never a learner page."""
    learner = course_build().learner_docs(str(REPO))
    assert learner, "no learner part found in _toc.yml"
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    subs = {c["file"]: [s["file"] for s in c.get("sections", [])]
            for part in toc["parts"] for c in part["chapters"]}
    assert not set(EDITION["chapters"]) & learner
    return [doc for c in EDITION["chapters"] for doc in [c] + (subs[c] if sections else [])]


def letters(text: str) -> str:
    """Letters and digits only, lower case: line breaks, hyphenation and spacing don't matter."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def page_title(site: Path, doc: str) -> str:
    soup = BeautifulSoup((site / f"{doc}.html").read_text(encoding="utf-8"), "html.parser")
    h1 = soup.select_one("article h1") or soup.find("h1")
    for junk in h1.select("a.headerlink, span.section-number"):
        junk.decompose()
    return " ".join(h1.get_text(" ").split())


@pytest.fixture(scope="module")
def latex_dir(build_dir: Path) -> Path:
    if not (build_dir / "latex" / "book.pdf").exists():
        pytest.fail(f"no PDF book in {build_dir / 'latex'}: run `make book` first")
    return build_dir / "latex"


@pytest.fixture(scope="module")
def pages(latex_dir: Path) -> list[str]:
    return run("pdftotext", "-layout", str(latex_dir / "book.pdf"), "-").split("\f")


@pytest.fixture(scope="module")
def text(pages) -> str:
    return flat(" ".join(pages))


@pytest.fixture(scope="module")
def raw_text(latex_dir: Path) -> str:
    """The text in the order it was typeset: each table cell's lines stay together."""
    return run("pdftotext", "-raw", str(latex_dir / "book.pdf"), "-")


@pytest.fixture(scope="module")
def tex(latex_dir: Path) -> str:
    return (latex_dir / "book.tex").read_text(encoding="utf-8")


def test_title_page_has_the_course_facts(pages):
    first = flat(pages[0])
    for fact in (CONFIG["title"], CONFIG["author"], f"version {FACTS['course_version']}",
                 f"{FACTS['last_checked_words']}: {FACTS['last_checked']}"):
        assert flat(fact) in first, f"{fact!r} not on the title page"
    # No clinician has reviewed the course (about page): the booklet never says "reviewed".
    assert "last reviewed" not in first


def test_every_patient_chapter_is_printed_in_order(site_dir, tex, text):
    titles = [page_title(site_dir, doc) for doc in patient_docs()]
    for title in titles:
        assert flat(title) in text, f"chapter {title!r} missing from the PDF"
    chapters = [" ".join(c.replace("\\sphinxhyphen{}", "-").split())
                for c in re.findall(r"\\chapter\{(.*?)\}\n", tex)]
    assert chapters == titles + ["Check yourself"], \
        "the PDF's chapters differ from the print edition's list and its quiz chapter"
    assert tex.rindex("\\chapter{") < tex.index("\\courseunnumbered{Main sources}")


def test_booklet_is_short_on_a4_and_letter(latex_dir):
    """About 40 pages or fewer, on A4 (595 x 842 pt) and on US Letter (612 x 792 pt)."""
    for name, size in (("book.pdf", "595.28 x 841.89"), ("book-letter.pdf", "612 x 792")):
        info = run("pdfinfo", str(latex_dir / name))
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        assert pages <= MAX_PAGES[name], f"{name} has {pages} pages"
        assert size in info, f"{name} is not {size} pt: {info}"


NUMBERS = yaml.safe_load((REPO / "tests/data/emergency_numbers.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(NUMBERS))
def test_each_booklet_names_its_countrys_numbers(latex_dir, name):
    """The A4 booklet is the UK edition (999, NHS 111, A&E); the US Letter booklet names 911
    and the emergency room and never a UK number, like the Letter sheets (issue 21)."""
    text = flat(run("pdftotext", "-layout", str(latex_dir / name), "-"))
    for words in NUMBERS[name]["must_say"]:
        assert flat(words) in text, f"{name} does not say {words!r}"
    wrong = [w for w in NUMBERS[name]["must_not_say"]
             if re.search(rf"(?<![\w]){re.escape(flat(w))}(?![\w])", text)]
    assert not wrong, f"{name} says {wrong}"


def test_the_letter_booklet_is_in_us_words_and_the_a4_one_keeps_the_uk_ones(latex_dir):
    """The US Letter booklet holds none of the UK spellings of tests/data/us_spellings.yaml
    (written from Merriam-Webster, as for the Letter sheets in tests/test_us_spellings.py); the
    A4 booklet still says "labour" and "tummy" where the Letter one says "labor" and "belly"."""
    letter = flat(run("pdftotext", "-layout", str(latex_dir / "book-letter.pdf"), "-"))
    a4 = flat(run("pdftotext", "-layout", str(latex_dir / "book.pdf"), "-"))
    assert not uk_words_in(letter), f"book-letter.pdf says {uk_words_in(letter)}"
    for uk, us in (("labour", "labor"), ("tummy", "belly")):
        assert re.search(rf"\b{uk}\b", a4), f"book.pdf no longer says {uk!r}"
        assert re.search(rf"\b{us}\b", letter), f"book-letter.pdf does not say {us!r}"


def pdf_pages(latex_dir: Path, name: str) -> list[str]:
    pages = run("pdftotext", "-layout", str(latex_dir / name), "-").split("\f")
    return [p for p in pages if p.strip()]  # pdftotext ends with an empty "page"


@pytest.mark.parametrize("name", sorted(NUMBERS))
def test_each_exercise_is_whole_on_one_page(latex_dir, name):
    """A clinician copies a page for a patient: an exercise's heading, steps, dose and stop rule
    are on the same page (the last booklet began shoulder rolls' stop rule on the next one)."""
    from widgets import exercises

    catalogue = exercises.load_catalogue()
    pages = [flat(p.replace("’", "'")) for p in pdf_pages(latex_dir, name)]
    for ex in catalogue.exercises:
        heading = re.compile(rf"\b\d+\.\d+\.\d+ {re.escape(flat(ex.name))}")
        found = [(n, m.end()) for n, page in enumerate(pages) for m in heading.finditer(page)]
        assert len(found) == 1, f"{name}: {ex.name!r} heading found {len(found)} times"
        (n, end), = found
        rest = pages[n][end:]
        assert ex.steps and flat(ex.steps[-1][:40]) in rest, f"{name} p{n + 1}: {ex.name} steps"
        stop = flat(f"Stop if {catalogue.stop_short[ex.region]}")
        assert stop[:60] in rest, f"{name} p{n + 1}: {ex.name}'s stop rule is not on its page"


@pytest.mark.parametrize("name", sorted(NUMBERS))
def test_emergency_panel_is_the_outside_back_cover_and_says_what_the_sheets_say(latex_dir, name):
    """Printed on both sides, the last page is the outside back cover only when the page count
    is even; the panel there and at the front names the urgent route and a line for a reader
    abroad (tests/data/emergency_numbers.yaml), and has no bracket inside a bracket."""
    from widgets.causes import load_catalogue

    first_sign = flat(load_catalogue().signs("emergency")[0].label)
    pages = pdf_pages(latex_dir, name)
    assert len(pages) % 2 == 0, f"{name} has {len(pages)} pages: the back page is not the cover"
    panels = [n for n, p in enumerate(pages) if first_sign in flat(p)]
    assert panels and panels[-1] == len(pages) - 1, f"{name}: the panel is not on the last page"
    for n in (panels[0], panels[-1]):
        page = flat(pages[n])
        for words in NUMBERS[name]["panel_says"]:
            assert flat(words) in page, f"{name} page {n + 1}: the panel lacks {words!r}"
        assert not re.search(r"\([^()]*\(", page), f"{name} page {n + 1}: nested brackets"


def test_my_plan_page_and_the_boxes_that_point_to_it(pages, tex):
    """A print-only "My plan" page near the end: a week tick chart of the first-days exercises
    (the catalogue's "early" stage, named as the exercise sheets name them), the people to call,
    and lines for the flare-up and return-to-work plans; each box that asks for a written plan
    (print_edition's plan_boxes) names that page's number."""
    from widgets import exercises, programme

    pages = [p for p in pages if p.strip()]
    plan = next((n for n, p in enumerate(pages, 1) if re.search(r"^\s*My plan\s*$", p, re.M)),
                None)
    assert plan and plan >= len(pages) - 3, "no My plan page near the end"
    text = flat(pages[plan - 1])
    for ex_id in programme.stage("early").exercises:
        ex = exercises.exercise(ex_id)
        assert flat(f"{ex.name} ({ex.sets_per_day} a day)") in text, ex.name
    for words in ("mon", "sun", "week starting", "nhs 111", "maternity unit", "flare-up plan",
                  "return to work"):
        assert words in text, f"My plan lacks {words!r}"
    pointer = f"write it on the my plan page (page {plan - 1})"  # printed number: page - 1
    assert flat(" ".join(pages)).count(pointer) == len(EDITION["plan_boxes"]), pointer


@pytest.mark.parametrize("name", ["book.pdf", "book-letter.pdf"])
def test_my_plan_tracks_the_later_exercises_and_names_the_emergency_number(latex_dir, name):
    """Chapter 3 asks the reader to add the kneeling exercises and the bridge as moving gets
    easier, so the tracker has rows for them (the catalogue's "later" stage, under its name);
    "Who to call" starts with the edition's emergency number and the page of the front panel;
    the page stays one page on A4 and on Letter."""
    from widgets import exercises, programme
    from widgets.editions import edition

    pages = [p for p in run("pdftotext", "-layout", str(latex_dir / name), "-").split("\f")
             if p.strip()]
    feet = [flat(p.strip().splitlines()[-1]) for p in pages]
    plan = [n for n, foot in enumerate(feet) if foot.startswith("my plan")]
    assert len(plan) == 1, f"{name}: My plan is {len(plan)} pages"
    text = flat(pages[plan[0]])
    later = programme.stage("later")
    assert flat(later.name) in text
    for ex_id in set(later.exercises) - set(programme.stage("early").exercises):
        ex = exercises.exercise(ex_id)
        assert flat(f"{ex.name} ({ex.sets_per_day} a day)") in text, ex.name
    front = next(n for n, p in enumerate(pages) if flat("Do it now:") in flat(p))  # the panel
    ed = edition("uk" if name == "book.pdf" else "us")
    words = f"emergency: {ed.emergency} or {ed.emergency_place}. the signs are on page {front}."
    assert flat(words) in text, f"{name}: My plan lacks {words!r}"


@pytest.mark.parametrize("name", ["book.pdf", "book-letter.pdf"])
def test_emergency_panels_group_the_signs_under_headings(latex_dir, name):
    """The reviewer could not find one symptom in a list of 13 (PEMAT-P item 8): the front and
    back panels group the emergency signs under the same headings as the level's own panel
    (widgets.causes.signs_by_region), each heading before its own signs and after the ones
    before it, in reading order, in the booklet's edition's words (US words on Letter)."""
    from widgets.causes import signs_by_region
    from widgets.editions import edition

    words = edition("uk" if name == "book.pdf" else "us").words

    count = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(latex_dir / name))).group(1))
    groups = signs_by_region("emergency")
    assert len(groups) >= 3
    read = [flat(run("pdftotext", "-raw", "-f", str(n), "-l", str(n), str(latex_dir / name),
                     "-")) for n in range(1, count + 1)]
    panels = [n for n, page in enumerate(read) if flat("Do it now:") in page]
    assert panels[0] <= 2 and panels[-1] == count - 1, f"{name}: panels on pages {panels}"
    for n in (panels[0], panels[-1]):
        page, at = read[n], 0
        for title, signs in groups:
            head = page.find(flat(words(title + ":")), at)
            assert head >= at, f"{name} page {n}: no {title!r} heading in order"
            ends = [page.find(flat(words(s.label)), head) for s in signs]
            assert min(ends) > head, f"{name} page {n}: a sign of {title!r} is before its heading"
            at = max(ends)


def test_words_used_in_the_booklet_are_listed_and_links_are_not_blue(site_dir, pages, tex):
    """On paper a link does nothing: every glossary word a printed page links to on the web (not
    in a block the booklet leaves out) is defined in the booklet's "Words used in this booklet"
    list, no glossary link is left in the text, and no link prints blue."""
    from widgets.tokens import rgb

    skipped = ", ".join(f".{c}" for c in course_build().WEB_ONLY_CLASSES)
    linked = set()
    for doc in ["book/index"] + patient_docs(sections=True):
        soup = BeautifulSoup((site_dir / f"{doc}.html").read_text(encoding="utf-8"),
                             "html.parser")
        for block in soup.select(skipped):
            block.decompose()
        if doc == "book/index":  # the booklet's front: the start page up to its first heading
            for block in soup.select("article section section"):
                block.decompose()
        linked |= {a["href"].split("#")[1].lower() for a in soup.select("article a[href]")
                   if "glossary.html#term-" in a["href"]}
    assert linked, "no glossary link found on the printed chapters' web pages"
    glossary = BeautifulSoup((site_dir / "book/glossary.html").read_text(encoding="utf-8"),
                             "html.parser")
    terms = {dt["id"].lower(): " ".join(dt.get_text(" ").replace("#", "").split())
             for dt in glossary.select("dl.glossary dt[id]")}
    start = max(n for n, p in enumerate(pages) if "words used in this booklet" in flat(p))
    words = flat(" ".join(pages[start - 1:start + 2]))
    missing = sorted(terms[t] for t in linked if flat(terms[t]) not in words)
    assert not missing, f"linked words not in the printed list: {missing}"
    assert "glossary.html#term-" not in tex, "a glossary word still links to the web"
    colours = re.findall(r"(?:Inner|Outer)LinkColor=\{RGB\}\{([\d,]+)\}", tex)
    assert colours and set(colours) == {",".join(map(str, rgb("black")))}, colours


def test_print_tables_have_no_empty_column_and_evidence_labels_are_quiet(text, tex):
    """A verdict table never has a column saying "None of these" (it reads as "nothing helps");
    each tip's evidence label prints small and grey, not in bold."""
    assert "none of these" not in text
    assert "\\DUrole{courseevidence}{" in tex
    assert not re.search(r"\\sphinxstylestrong\{(Evidence:|Good evidence|Some evidence|"
                         r"Little evidence|Not recommended)\}", tex)


def test_no_screen_or_build_words_on_paper(pages):
    """Paper cannot be clicked or tapped, and build notes are for the team."""
    found = {n: sorted({m.group(0) for m in SCREEN_WORDS.finditer(" ".join(p.split()))})
             for n, p in enumerate(pages, 1) if SCREEN_WORDS.search(" ".join(p.split()))}
    assert not found, f"screen or build words (page: words): {found}"


def test_emergency_panel_front_and_back_and_a_pointer_in_each_chapter(pages, tex):
    """The full panel is printed twice: near the front (before the first chapter) and as the
    last page; every chapter has the one-line pointer instead of the compact box, and that
    pointer names the page of the front panel."""
    from widgets.causes import load_catalogue

    first_sign = flat(load_catalogue().signs("emergency")[0].label)
    pages = [p for p in pages if p.strip()]  # pdftotext ends with an empty "page"
    with_panel = [n for n, p in enumerate(pages, 1) if first_sign in flat(p)]
    assert with_panel and with_panel[-1] == len(pages), "the emergency panel is not on the back"
    assert "red-flag-compact" not in tex
    chapters = re.split(r"\\chapter\{", tex)[1:len(EDITION["chapters"]) + 1]
    for chapter in chapters:
        assert "\\pageref{course-emergency-panel}" in chapter, chapter[:60]
    front = next(n for n, p in enumerate(pages, 1) if "emergency? the signs" in flat(p))
    assert with_panel[0] < front, "the front panel does not come before the chapters"


def test_learner_part_and_software_words_are_not_printed(site_dir, tex, text):
    for doc in course_build().learner_docs(str(REPO)):
        assert f"\\label{{\\detokenize{{{doc}::doc}}}}" not in tex, f"{doc} is printed"
    leaked = [word for word in LEARNER_WORDS if flat(word) in text]
    assert not leaked, f"learner or software wording in the patient PDF: {leaked}"


def test_evidence_layer_is_not_printed(site_dir, text):
    """No deeper-dive block: none of their titles from the web pages is in the PDF."""
    titles = set()
    for doc in patient_docs(sections=True):
        soup = BeautifulSoup((site_dir / f"{doc}.html").read_text(encoding="utf-8"), "html.parser")
        titles |= {flat(t.get_text(" ")) for t in soup.select(".deeper-dive .admonition-title")}
    assert titles, "no deeper-dive block found on the web pages"
    printed = [t for t in titles if t in text]
    assert not printed, f"evidence-layer blocks printed: {printed}"


def test_every_warning_sign_is_printed(raw_text):
    """Every warning sign, at every level, is on paper (the causes' table stays on the web)."""
    from widgets.causes import load_catalogue

    cat = load_catalogue()
    book = letters(raw_text)
    labels = [s.label for s in cat.warning_signs]
    missing = [label for label in labels if letters(label) not in book]
    assert not missing, f"catalogue labels missing from the PDF: {missing}"


def included_figures(latex_dir: Path, tex: str) -> list[Path]:
    names = re.findall(r"\\sphinxincludegraphics(?:\[[^\]]*\])?\{\{?([^}]+?)\}?\}", tex)
    return [next(latex_dir.glob(name + "*")) if not (latex_dir / name).exists()
            else latex_dir / name for name in names]


def test_each_chart_is_printed_once(latex_dir, tex):
    """No two pictures have the same bytes, and no two charts the same title (the first line of
    their text), so a chart never prints twice, even at another setting."""
    figures = included_figures(latex_dir, tex)
    assert len(figures) >= 3
    hashes = Counter(hashlib.sha256(f.read_bytes()).hexdigest() for f in figures)
    assert max(hashes.values()) == 1, "the same picture is printed twice"
    titles = Counter()
    for fig in figures:
        if fig.suffix == ".pdf":
            words = run("pdftotext", "-layout", str(fig), "-").split("\n")
            titles[next((w.strip() for w in words if w.strip()), fig.name)] += 1
    assert all(n == 1 for n in titles.values()), f"charts printed more than once: {titles}"


def test_main_sources_are_short_with_the_full_list_online(latex_dir, pages, tex, text):
    """No citation numbers in the text; a Main sources list of print_edition's keys and no
    more, the full list's address in one piece and its QR code; no footnote addresses."""
    assert not re.search(r"\[\d+(, \d+)*\]", text), "citation numbers printed"
    start = next(n for n, p in enumerate(pages) if re.search(r"^\s*Main sources\s*$", p, re.M))
    # the list is short: it ends on its first page or the next, at the QR code's caption
    listing = "\n".join(pages[start:start + 2])
    listing = listing[listing.index("Main sources"):listing.index("Point a phone camera")]
    items = len(re.findall(r"^\s*• ", listing, re.M))
    assert items == len(EDITION["main_sources"]), f"{items} main sources printed"
    url = FACTS["course_url"] + "book/references.html"
    assert url in listing.replace(" ", ""), "the full list's address"
    assert "https: //" not in text and "sources-qr.png" in tex
    assert (latex_dir / "sources-qr.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "\\sphinxfootnotemark" not in tex, "a web address printed as a footnote"


def test_web_page_links_the_patient_pdf(build_dir, site_dir):
    """The site offers the patient PDF: handouts.html links course.pdf, a copy of book.pdf."""
    soup = BeautifulSoup((site_dir / "book/handouts.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert soup.select_one('a[href="../course.pdf"]'), "no link to the course PDF"
    assert (site_dir / "course.pdf").read_bytes() == (build_dir / "latex/book.pdf").read_bytes()


def test_no_web_junk_or_widget_repr(text):
    leaked = [junk for junk in WEB_JUNK if flat(junk) in text]
    assert not leaked, f"web-only text printed: {leaked}"


def code_lines() -> list[str]:
    """Source lines of every code cell in the book (long enough to be unmistakable)."""
    lines = []
    for doc in toc_docs(sections=True):
        src = (REPO / f"{doc}.md").read_text(encoding="utf-8")
        for cell in re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", src, re.S):
            lines += [ln.strip() for ln in cell.splitlines()
                      if len(ln.strip()) >= 15 and not ln.lstrip().startswith((":", "#"))]
    return lines


def test_no_code_cell_source_is_printed(text):
    assert "import " not in text
    printed = [ln for ln in code_lines() if flat(ln) in text]
    assert not printed, f"code printed in the PDF: {printed[:5]}"


def test_raster_images_are_sharp(latex_dir):
    rows = run("pdfimages", "-list", str(latex_dir / "book.pdf")).splitlines()[2:]
    blurry = [r for r in rows if min(int(r.split()[12]), int(r.split()[13])) < MIN_PPI]
    assert not blurry, f"images below {MIN_PPI} ppi when printed: {blurry}"


def test_fonts_embedded_and_no_missing_glyphs(latex_dir):
    rows = run("pdffonts", str(latex_dir / "book.pdf")).splitlines()[2:]
    assert rows, "no fonts listed"
    # Columns from the right: emb sub uni object-number generation.
    not_embedded = [r for r in rows if r.split()[-5] != "yes"]
    assert not not_embedded, f"fonts not embedded: {not_embedded}"
    log = (latex_dir / "book.log").read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log, re.findall(r"Missing character.*", log)[:5]


def test_a_page_renders(latex_dir, tmp_path):
    run("pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", "-singlefile",
        str(latex_dir / "book.pdf"), str(tmp_path / "page"))
    png = (tmp_path / "page.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 2000


def test_every_red_flag_box_prints_in_red(tex):
    """The front and back emergency panels are wrapped in the red (emergency) print style."""
    red_box = course_build().panel_start("emergency").strip()
    assert tex.count(red_box) >= 2


def test_every_picture_has_a_caption(tex):
    """Every picture in the booklet sits in a figure with a caption (issue 21)."""
    figures = re.findall(r"\\begin\{figure\}.*?\\end\{figure\}", tex, re.S)
    captioned = sum(f.count("includegraphics") for f in figures if "\\caption{" in f)
    captioned += len(re.findall(r"\\includegraphics(?:\[[^\]]*\])?\{[^}]*\}\s*\\coursecaption\{",
                                tex))
    pictures = len(re.findall(r"\\(?:sphinx)?includegraphics\b", tex))
    assert pictures >= 5
    assert captioned == pictures, f"{pictures - captioned} pictures without a caption"
