"""The programme model (widgets/programme.py), its fpdf2 sheet (handouts/programme_sheet.py), the
builder widget's checks and the browser's QR encoder (widgets/static/qr.js, run in Node and
compared with segno, which the handouts use)."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import segno

from handouts.programme_sheet import make_programme, render
from widgets import causes, editions, exercises, programme
from widgets.programme_builder import ProgrammeBuilder
from test_us_spellings import uk_words_in

STATIC = Path(programme.__file__).with_name("static")
# Clinical expectations from the sources, not from the catalogue under test:
# NHS inform, exercises for back problems (nhsinform2024backex): start with 5 repetitions, 3
# times a day, add 1 or 2 every few days; its key movements hold for 2 seconds.
# Versus Arthritis, exercises for the back (versusarthritis2024back): holds of 5 to 10 seconds.
NHS_START_REPEATS, NHS_TIMES_A_DAY, NHS_HOLD = 5, 3, 2
VA_HOLDS = (5, 10)
# The issue (23): a clinician hands out "the three or four exercises that suit them".
CLINIC_EXERCISES = 4


def test_the_ranges_hold_what_the_sources_advise():
    limits = programme.rules().limits
    low, high = limits["repeats"]
    assert low <= NHS_START_REPEATS < high  # room to add 1 or 2 every few days
    assert limits["sets_per_day"][1] == NHS_TIMES_A_DAY  # never more often than the sources
    assert limits["hold_seconds"][0] <= NHS_HOLD and limits["hold_seconds"][1] >= max(VA_HOLDS)
    assert programme.rules().max_exercises >= CLINIC_EXERCISES
    assert set(programme.rules().cite) >= {"nhsinform2024backex", "versusarthritis2024back"}


def test_every_catalogue_dose_is_allowed_and_a_movement_keeps_no_hold():
    for ex in exercises.load_catalogue().exercises:
        options = programme.dose_options(ex)
        assert all(getattr(ex, f) in options[f] for f in programme.FIELDS), ex.id
        if ex.hold_seconds == 0:
            assert options["hold_seconds"] == [0], ex.id


def test_the_first_days_leave_out_kneeling_and_bridging():
    early, later = programme.stage("early"), programme.stage("later")
    assert set(early.exercises) < set(later.exercises)
    assert {"cat-cow", "bottom-to-heels", "bridge"}.isdisjoint(early.exercises)
    with pytest.raises(ValueError, match="'acute'"):
        programme.stage("acute")


@pytest.mark.parametrize("args, named", [
    (("knee-rolls", 5, 11, 2), "11"), (("knee-rolls", 5, 5, 4), "4"), (("knee-rolls", 1, 5, 2), "1"),
    (("shoulder-rolls", 5, 10, 3), "5"), (("knee-rolls", 5, True, 2), "True"),
    (("no-such-move",), "no-such-move"),
])
def test_a_dose_out_of_range_or_an_unknown_exercise_is_refused_by_name(args, named):
    with pytest.raises(ValueError, match=named):
        programme.item(*args)


@pytest.mark.parametrize("kwargs, named", [
    ({"items": ["chin-tuck", "chin-tuck"]}, "chin-tuck"),
    ({"items": ["chin-tuck", "knee-rolls", "bridge", "cat-cow", "neck-turns"]}, "at most"),
    ({"date": "21/11/2026"}, "21/11/2026"),
    ({"name": "x" * (programme.MAX_NAME + 1)}, "name"),
    ({"items": [42]}, "42"),
])
def test_a_bad_programme_is_refused_by_name(kwargs, named):
    with pytest.raises(ValueError, match=named):
        programme.make(**kwargs)


PROG = programme.make([("knee-rolls", 5, 8, 2), "chin-tuck", ("shoulder-rolls", 0, 7, 1)],
                      name="Zoë O'Neil (Jr)", date="2026-11-21", note="Walk each day.")


def test_the_link_carries_exercises_and_doses_and_the_name_only_if_asked():
    bare = programme.to_fragment(PROG)
    assert bare == "programme=knee-rolls.5.8.2,chin-tuck.5.5.3,shoulder-rolls.0.7.1"
    assert "Zo" not in bare and "2026" not in bare and "Walk" not in bare
    back = programme.from_fragment("#" + bare)
    assert back.items == PROG.items and back.name == ""
    named = programme.from_fragment(programme.to_fragment(PROG, include_name=True))
    assert named.items == PROG.items and named.name == PROG.name
    assert named.date == "" and named.note == ""  # never in a link


@pytest.mark.parametrize("fragment, kind", [
    ("programme=knee-rolls.5.5.2,nope.5.5.2", "unknown"),
    ("programme=knee-rolls.5.50.2", "dose"),
    ("programme=shoulder-rolls.5.5.2", "dose"),
    ("programme=knee-rolls.5.5", "garbage"),
    ("programme=knee-rolls.five.5.2", "garbage"),
    ("%%%", "garbage"),
    ("programme=knee-rolls.5.5.2&who=me", "garbage"),
    ("programme=chin-tuck.5.5.3,chin-tuck.5.5.3", "repeated"),
    ("programme=" + ",".join(f"{e.id}.{e.hold_seconds}.5.2" for e in
                             exercises.load_catalogue().exercises[:5]), "too_many"),
])
def test_a_bad_link_names_what_is_wrong(fragment, kind):
    with pytest.raises(programme.LinkError) as found:
        programme.from_fragment(fragment)
    assert found.value.kind == kind
    assert found.value.value in str(found.value) and "builder is empty" in str(found.value)


def test_the_sheet_carries_the_doses_the_region_signs_and_the_papers_numbers():
    for paper in editions.PAPERS:
        ed = editions.for_paper(paper)
        sheet = programme.sheet(PROG, paper, "https://example.org/#x")
        text = " ".join(programme.sheet_text(sheet))
        assert "Do it 8 times on each side. Do this twice a day." in text
        assert "Do it 7 times. Do this once a day." in text  # no hold: no hold sentence
        assert sheet.tracker == (("Knee rolls (2 a day)", 2), ("Chin tuck (3 a day)", 3),
                                 ("Shoulder rolls (1 a day)", 1))
        assert f"call {ed.emergency}" in sheet.panel.heading
        both = causes.load_catalogue().signs("emergency", "both")
        assert len(sheet.panel.items) == len(both)  # back and neck exercises: every sign
    back_only = programme.sheet(programme.make(["bridge"]), "a4", "x")
    assert programme.stop_list("back") == back_only.stop
    assert "You feel dizzy or sick." not in back_only.stop  # a neck stop sign
    neck_signs = causes.load_catalogue().signs("emergency", "neck")
    assert len(programme.sheet(programme.make(["chin-tuck"]), "a4", "x").panel.items) == \
        len(neck_signs)
    with pytest.raises(ValueError, match="at least one"):
        programme.sheet(programme.make([]), "a4", "x")


def _pdf_text(path: Path) -> str:
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())


def _pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(next(ln.split()[-1] for ln in info.stdout.splitlines() if ln.startswith("Pages")))


@pytest.mark.parametrize("paper", editions.PAPERS)
def test_the_python_sheet_prints_the_programme_on_two_pages_at_most(tmp_path, paper):
    pdf = tmp_path / "p.pdf"
    prog = make_programme([("knee-rolls", 5, 8, 2), "chin-tuck"], name="Ann Example",
                          note="Walk each day.", paper=paper, pdf=pdf)
    text = _pdf_text(pdf)
    for ex in programme.sheet(prog, paper, "x").exercises:
        assert ex.name in text and ex.dose in text and ex.stop in text
    assert "Ann Example" in text and "Walk each day." in text
    assert f"call {editions.for_paper(paper).emergency}" in text
    # The longest programme: four of the wordiest exercises, both regions, the longest note.
    wordy = sorted(exercises.load_catalogue().exercises, key=lambda e: -len(" ".join(e.steps)))
    ids = [e.id for e in wordy if e.region == "back"][:2] + \
        [e.id for e in wordy if e.region == "neck"][:2]
    longest = tmp_path / "longest.pdf"
    longest.write_bytes(render(programme.make(ids, name="N" * programme.MAX_NAME,
                                              date="2026-11-21", note="Words " * 83), paper))
    assert 1 <= _pages(longest) <= 2


def without_link(text: str, link: str) -> str:
    """The text without the link, which pdftotext gives in pieces where it wraps; AssertionError
    if the link is not printed whole."""
    words = text.split()
    for start in (i for i, w in enumerate(words) if link.startswith(w)):
        joined = ""
        for end in range(start, len(words)):
            joined += words[end]
            if joined == link:
                return " ".join(words[:start] + words[end + 1:])
            if not link.startswith(joined):
                break
    raise AssertionError(f"{link!r} is not printed whole")


def test_the_letter_programme_sheet_is_in_us_words_but_a_name_and_note_stay_as_typed(tmp_path):
    """Pelvic tilt's steps say "tummy muscles"; the patient's name and the clinician's note are
    printed as typed, and the link (whose key is "programme") still opens the programme."""
    assert any("tummy" in s for s in exercises.exercise("pelvic-tilt").steps)
    prog = programme.make(["pelvic-tilt", "chin-tuck"], name="Jo Grey",
                          note="Keep the colour chart by the bed.")
    link = "https://example.org/make-a-programme.html#" + programme.to_fragment(prog)
    texts = {}
    for paper in editions.PAPERS:
        pdf = tmp_path / f"{paper}.pdf"
        pdf.write_bytes(render(prog, paper, link))
        texts[paper] = _pdf_text(pdf)
    letter = without_link(texts["letter"], link)  # the link, whole, as it was given
    assert not uk_words_in(letter.replace("Jo Grey", "").replace("colour chart", "")), letter
    assert "My exercise program" in letter and "stomach muscles" in letter
    assert "Jo Grey" in letter and "Keep the colour chart by the bed." in letter
    assert "My exercise programme" in texts["a4"] and "tummy muscles" in texts["a4"]
    words = " ".join(programme.sheet_text(programme.sheet(prog, "letter", link)))
    assert "stomach muscles" in words and "Jo Grey" in words


def test_the_builder_widget_checks_what_python_sets():
    w = ProgrammeBuilder(print_url="https://example.org/p.html", items=[["knee-rolls", 5, 8, 2]])
    assert w.programme.items == (programme.item("knee-rolls", 5, 8, 2),)
    for trait, bad in [("items", [["knee-rolls", 5, 80, 2]]), ("paper", "a3"),
                       ("date", "tomorrow"), ("include_name", "yes")]:
        with pytest.raises(ValueError, match=str(bad[0][2] if trait == "items" else bad)):
            setattr(w, trait, bad)
    data = w.data
    assert data["print_url"] == "https://example.org/p.html"
    # The browser gets every allowed value and its words, and no rule to apply.
    ex = exercises.exercise("knee-rolls")
    assert data["texts"]["uk"]["exercises"]["knee-rolls"]["dose_parts"]["repeats"]["8"] == \
        exercises.dose_parts(programme.item("knee-rolls", repeats=8).dosed)["repeats"]
    assert data["exercises"]["knee-rolls"]["options"] == programme.dose_options(ex)
    # What each paper prints (tests/test_front_end_data.py checks every text of both).
    assert [(p["id"], p["edition"]) for p in data["papers"]] == [("a4", "uk"), ("letter", "us")]
    assert data["screen"] == "uk"


def test_each_papers_sheet_words_are_its_editions():
    """The fixed words and the stop heading (who to ask) in the paper's edition: a Letter sheet
    says "program" and sends a reader to a physical therapist, never to a GP surgery."""
    for paper in editions.PAPERS:
        ed = editions.for_paper(paper)
        said = programme.sheet_words(ed.id)
        assert said["stop_heading"] == ed.words(ed.stop_heading)
        assert said["title"] == ed.words("My exercise programme")
        text = programme.sheet_text(programme.sheet(PROG, paper, "https://example.org/#x"))
        assert said["stop_heading"] in text and said["link_heading"] in text
    us = programme.sheet_words("us")
    assert us["title"] == "My exercise program" and "program " in us["link_heading"]
    assert "physical therapist" in us["stop_heading"] and "GP" not in us["stop_heading"]
    assert "GP surgery" in programme.sheet_words("uk")["stop_heading"]
    assert not uk_words_in(" ".join(us.values()))
    with pytest.raises(ValueError, match="'fr'"):
        programme.sheet_words("fr")


def test_the_browser_code_holds_no_number_to_call_and_no_sign():
    js = (STATIC / "programme_builder.js").read_text(encoding="utf-8")
    for ed in editions.editions():
        assert ed.emergency not in js
    assert not any(s.label in js for s in causes.load_catalogue().warning_signs)


def _js_qr(text: str) -> dict:
    source = (STATIC / "qr.js").read_text(encoding="utf-8")
    script = source + ("\nconst m = qrMatrix(process.argv[1]);"
                       "console.log(JSON.stringify({version: m.version, mask: m.mask, dark: m.dark}));")
    out = subprocess.run(["node", "-e", script, text], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.mark.parametrize("text", [
    "hi",
    "https://spasm-course.github.io/back-neck-spasm-course/book/make-a-programme.html#"
    + programme.to_fragment(PROG, include_name=True),
    "https://spasm-course.github.io/back-neck-spasm-course/book/make-a-programme.html#"
    + programme.to_fragment(programme.make(["knee-to-chest", "cat-cow", "neck-side-bends",
                                            "upper-shoulder-stretch"]), include_name=True),
    "é" * 200,
])
def test_the_browsers_qr_code_is_segnos_module_for_module(text):
    """Same version as segno picks; with the mask the browser picked (any of the eight reads;
    the two score a few small symbols differently), every module the same."""
    mine = _js_qr(text)
    kw = {"error": "m", "mode": "byte", "micro": False, "boost_error": False,
          "encoding": "utf-8"}
    assert mine["version"] == segno.make(text, **kw).version
    ref = segno.make(text, mask=mine["mask"], **kw)
    assert mine["dark"] == [[bool(c) for c in row] for row in ref.matrix_iter(scale=1, border=0)]
