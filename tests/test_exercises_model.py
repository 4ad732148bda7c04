"""The pose model and renderer, the exercise catalogue, the routine planner and the exercise
sheets: pure Python, no built book needed."""
from __future__ import annotations

import base64
import dataclasses
import json
import math
import re
import subprocess

import pytest

from conftest import REPO
from handouts import exercise_sheet
from widgets import editions, exercises, poses
from widgets.exercises import dose_text, load_catalogue, routine

CAT = load_catalogue()
LYING = {"base": "lying", "angles": {"hip": 50, "knee": 100}}


def test_catalogue_covers_back_and_neck_and_the_positions():
    regions = [e.region for e in CAT.exercises]
    assert regions.count("back") >= 6 and regions.count("neck") >= 6
    assert {"knee-to-chest", "knee-rolls", "pelvic-tilt", "cat-cow", "bridge", "chin-tuck",
            "neck-turns", "neck-side-bends", "upper-shoulder-stretch", "shoulder-rolls",
            "shoulder-blade-squeeze"} <= {e.id for e in CAT.exercises}
    # The desk set-up is drawn once, as the labelled diagram (widgets.diagrams.desk_set_up).
    assert set(exercises.position_ids()) == {"rest-on-back", "sleep-on-side", "safe-lifting"}
    for ex in CAT.exercises:
        assert len(ex.steps) >= 3 and ex.feel and ex.repeats >= 3
        assert ex.start["alt"].startswith("Start:") and ex.end["alt"].startswith("End:")
        assert ex.middle is None or ex.middle["alt"].startswith("Then:")


def test_every_citation_is_in_the_bibliography():
    bib = (REPO / "book" / "references.bib").read_text(encoding="utf-8")
    keys = set(re.findall(r"^@\w+\{([^,]+),", bib, re.M))
    cited = {k for x in (*CAT.exercises, *CAT.positions) for k in x.cite}
    assert cited and cited <= keys, cited - keys


@pytest.mark.parametrize("pose, match", [
    ({"view": "top", "base": "lying"}, "'top'"),
    ({"base": "floating"}, "'floating'"),
    ({"base": "lying", "angles": {"elbowz": 3}}, "'elbowz'"),
    ({"base": "lying", "angles": {"hip_far": 30}}, "'hip_far'"),
    ({"base": "lying", "angles": {"knee": 170}}, "'knee'.*170"),
    ({"base": "lying", "angles": {"hip_r": -90}}, "'hip_r'.*-90"),
    ({"base": "lying", "angles": {"tilt_r": 10}}, "'tilt_r'"),
    ({"base": "lying", "angles": {"knee": math.nan}}, "'knee'"),
    ({"base": "lying", "angles": {"knee": True}}, "'knee'"),
    ({"base": "lying", "angles": {"knee": "90"}}, "'knee'"),
    ({"base": "lying", "reach": {"r": "moon"}}, "'moon'"),
    ({"base": "lying", "reach": {"left": "knee_r"}}, "'left'"),
    ({"base": "lying", "reach": {"r": {"floor": "far"}}}, "'far'"),
    ({"base": "lying", "contacts": ["elbow"]}, "'elbow'"),
    ({"base": "lying", "anchor": "nose"}, "'nose'"),
    ({"base": "lying", "legs": 3}, "legs"),
    ("lying", "'lying'"),
])
def test_bad_poses_are_refused_naming_the_value(pose, match):
    with pytest.raises(ValueError, match=match):
        poses.Pose.from_dict(pose)


@pytest.mark.parametrize("spec, match", [
    ({"pose": LYING, "alt": "lying"}, "'lying'"),
    ({"pose": LYING, "alt": "A person lies on a mat.", "props": ["trampoline"]}, "'trampoline'"),
    ({"pose": LYING, "alt": "A person lies on a mat.", "stretch": "neck_left"}, "'neck_left'"),
    ({"pose": LYING, "alt": "A person lies on a mat.", "arrow": {"part": "tail", "move": [1, 1]}},
     "'tail'"),
    ({"pose": LYING, "alt": "A person lies on a mat.", "arrow": {"part": "knee_r"}},
     "last frame"),
    ({"pose": LYING}, "'alt'"),
])
def test_bad_pictures_are_refused(spec, match):
    with pytest.raises(ValueError, match=match):
        poses.picture(spec)


def test_joints_follow_the_angles():
    """World units, y up, the person facing +x; +z is the person's right."""
    stand = poses.side_joints(poses.Pose("side", "standing"))
    assert stand["head"][1] > stand["neck"][1] > stand["pelvis"][1] > stand["knee_r"][1] \
        > stand["ankle_r"][1]
    assert stand["hip_r"][2] > 0 > stand["hip_l"][2]
    sit = poses.side_joints(poses.Pose("side", "sitting"))
    assert sit["knee_r"][0] > sit["pelvis"][0] + 30  # thigh forward
    assert abs(sit["ankle_r"][0] - sit["knee_r"][0]) < 1  # shin straight down
    lying = poses.side_joints(poses.Pose("side", "lying"))
    assert abs(lying["neck"][1] - lying["pelvis"][1]) < 1 and lying["neck"][0] < -40
    # a hand told to hold the shin reaches it (two-segment inverse kinematics)
    hug = poses.side_joints(poses.Pose("side", "lying", {"hip": 125, "knee": 125},
                                       {"r": "shin_r"}))
    target = poses.lerp(hug["knee_r"], hug["ankle_r"], 0.35)
    assert math.dist(hug["hand_r"], target) < 1
    assert math.dist(hug["elbow_r"], hug["shoulder_r"]) == pytest.approx(poses.SEG["upper_arm"])
    tipped = poses.side_joints(poses.Pose("front", "sitting", {"tilt": 30}))
    assert tipped["crown"][2] > 5  # the right ear goes toward the right shoulder
    turned = poses.side_joints(poses.Pose("front", "sitting", {"turn": 60}))
    assert turned["nose"][2] > 10  # the face turns to the right
    rolled = poses.side_joints(poses.Pose("side", "lying", {"hip": 45, "knee": 108,
                                                            "leg_roll": 40}))
    assert rolled["knee_r"][2] > poses.SEG["hip_half"] + 15  # the knees go over to the right
    over = poses.side_joints(poses.Pose("side", "lying", {"hip": 45, "knee": 108,
                                                          "knees_over": 60}))
    assert over["knee_l"][2] > poses.SEG["hip_half"]  # both knees, the left one too
    assert over["knee_r"][1] < rolled["knee_r"][1] + 1  # and down, nearer the floor


def test_svg_is_accessible_and_the_png_is_sharp():
    alt = 'Start: a person lies on their back, knees bent, "relaxed" & calm.'
    pic = poses.picture({"pose": LYING, "alt": alt, "props": ["mat"], "stretch": "low_back",
                         "arrow": {"part": "pelvis", "move": [0, -12]}})
    svg = poses.to_svg(pic)
    escaped = alt.replace("&", "&amp;").replace('"', "&quot;")
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert f'aria-label="{escaped}"' in svg and f"<title>{escaped}</title>" in svg
    assert poses.STYLE["stretch"] in svg and poses.STYLE["arrow"] in svg
    assert " id=" not in svg  # many pictures share a page
    png = poses.to_png(pic, width_in=2, dpi=300)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert width == 600


def test_frames_differ_and_share_one_crop():
    for ex in CAT.exercises:
        frames = exercises.exercise_pictures(ex)
        assert len(frames) == len(ex.frames) in (2, 3)
        assert len({(f.width, f.height, f.top, f.left) for f in frames}) == 1
        svgs = [poses.to_svg(f) for f in frames]
        assert len(set(svgs)) == len(svgs)


def test_dose_text_is_made_of_the_catalogue_numbers():
    ex = exercises.exercise("knee-to-chest")
    assert dose_text(ex) == (f"Hold for {ex.hold_seconds} seconds. Do it {ex.repeats} times on "
                             f"each side. Do this {ex.sets_per_day} times a day.")
    rolls = exercises.exercise("shoulder-rolls")
    assert "Hold" not in dose_text(rolls) and str(rolls.repeats) in dose_text(rolls)
    # a clinician may set one or two repeats: "Do it once", never "Do it 1 times"
    assert dose_text(dataclasses.replace(rolls, repeats=1)).startswith("Do it once.")
    assert "Do it twice on each side." in dose_text(dataclasses.replace(ex, repeats=2))
    with pytest.raises(ValueError, match="'hamstring'"):
        exercises.exercise("hamstring")
    with pytest.raises(ValueError, match="'bed-jump'"):
        exercises.position_figure("bed-jump")


@pytest.mark.parametrize("region", exercises.REGIONS)
@pytest.mark.parametrize("minutes", CAT.plan["minutes"])
def test_routine_fits_the_time_and_keeps_the_catalogue_dose(region, minutes):
    steps = routine(region, minutes)
    assert 0 < sum(s.seconds for s in steps) <= minutes * 60
    for ex in exercises.routine_exercises(region, minutes):
        assert region in ("both", ex.region)
        own = [s for s in steps if s.exercise == ex.id]
        holds = [s for s in own if s.phase == "hold"]
        assert all(s.seconds == ex.hold_seconds for s in holds)
        assert len(holds) == (ex.repeats * (2 if ex.each_side else 1) if ex.hold_seconds else 0)
        assert max(s.repeat for s in own) == ex.repeats


def test_more_time_never_gives_fewer_exercises_and_bad_choices_are_refused():
    for region in exercises.REGIONS:
        counts = [len(exercises.routine_exercises(region, m)) for m in CAT.plan["minutes"]]
        assert counts == sorted(counts)
    assert len(exercises.routine_exercises("both", 20)) == len(CAT.exercises)
    for bad, match in [(("legs", 10), "'legs'"), (("back", 7), "7"), (("back", True), "True")]:
        with pytest.raises(ValueError, match=match):
            routine(*bad)


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    return exercise_sheet.build_exercise_sheets(tmp_path_factory.mktemp("sheets"))


def _run(*cmd) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def test_sheets_are_two_sides_with_one_drawing_per_exercise(sheets):
    assert sorted(p.name for p in sheets) == [
        "back-exercises-a4.pdf", "back-exercises-letter.pdf", "neck-exercises-a4.pdf",
        "neck-exercises-letter.pdf"]
    for path in sheets:
        region = path.name.split("-")[0]
        # Two sides; a third only for the region's full warning-sign list (issue 21).
        assert re.search(r"^Pages:\s+[23]$", _run("pdfinfo", str(path)), re.M)
        images = _run("pdfimages", "-list", str(path)).splitlines()[2:]
        assert len(images) == len(exercises.exercises_for(region))
        assert all(int(line.split()[12]) >= 200 for line in images)  # x-ppi: sharp on paper


def test_sheet_text_equals_the_catalogue(sheets):
    for path in sheets:
        region = path.name.split("-")[0]
        text = " ".join(_run("pdftotext", str(path), "-").split())
        for ex in exercises.exercises_for(region):
            assert ex.name in text and dose_text(ex) in text
            assert f"{ex.name} ({ex.sets_per_day} a day)" in text  # the tick chart row
        for sign in exercises.stop_signs(exercises.exercises_for(region)[0]):
            assert sign in text
        assert "Changes from your clinician" in text and "Mon" in text and "Sun" in text
    with pytest.raises(ValueError, match="'knee'"):
        exercise_sheet.render("knee", "a4")
    with pytest.raises(ValueError, match="'a5'"):
        exercise_sheet.render("back", "a5")


def test_routine_widget_in_a_kernel():
    """What JupyterLab gets: the view, a print form, the catalogue and plans as synced data;
    a front-end update of the synced values drives the model."""
    import json

    from jupyter_client.manager import start_new_kernel

    from test_widgets_kernel import VIEW, run, send_update, widget_comm
    from widgets.exercise_routine import front_end_data

    km, kc = start_new_kernel(kernel_name="python3")
    try:
        bundles, opens, _, error = run(kc, "from widgets import ExerciseRoutine\n"
                                           "w = ExerciseRoutine()\nw")
        assert error is None
        bundle = bundles[-1]
        assert VIEW in bundle and "image/png" in bundle and "text/markdown" in bundle
        assert "AnyWidget" not in bundle["text/plain"]
        comm = widget_comm(opens, "region")
        assert comm["data"]["state"]["data"] == json.loads(json.dumps(front_end_data()))
        send_update(kc, comm["comm_id"], {"region": "neck", "minutes": 5, "step": 3})
        _, _, out, error = run(kc, "print(w.current)")
        assert error is None and out.strip() == str(routine("neck", 5)[3])
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_routine_widget_refuses_bad_values():
    from widgets import ExerciseRoutine

    w = ExerciseRoutine(region="back", minutes=5)
    for name, bad in [("region", "legs"), ("minutes", 7), ("step", -1), ("step", 1.5)]:
        with pytest.raises(ValueError, match=name):
            setattr(w, name, bad)
    md = w._print_markdown()
    for i, ex in enumerate(exercises.routine_exercises("back", 5), 1):
        assert f"{i}. **{ex.name}.** {dose_text(ex)}" in md


def test_every_exercise_has_a_label_and_sources_for_the_evidence_table():
    from widgets.evidence import EVIDENCE_SCALE

    bib = (REPO / "book" / "references.bib").read_text(encoding="utf-8")
    keys = set(re.findall(r"^@\w+\{([^,\s]+),", bib, re.M))
    for ex in load_catalogue().exercises:
        assert ex.evidence in {lvl.id for lvl in EVIDENCE_SCALE} and ex.cite, ex.id
        assert set(ex.cite) <= keys, ex.id
    # the exercises chapter says no single exercise has more than "some" evidence: keep that true
    assert {ex.evidence for ex in load_catalogue().exercises} <= {"some", "little"}

# ----- the dose words, stop signs, cautions and routine steps (gaps found by make mutate) ------

RAW = json.loads(exercises.DATA_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("sets, words", [(1, "once"), (2, "twice"), (3, "3 times"),
                                         (6, "6 times")])
def test_sets_a_day_in_words(sets, words):
    ex = dataclasses.replace(exercises.exercise("knee-to-chest"), sets_per_day=sets)
    assert exercises.dose_parts(ex)["sets_per_day"] == f"Do this {words} a day."


def test_dose_parts_are_keyed_by_the_field_each_one_says():
    fields = {f.name for f in dataclasses.fields(exercises.Exercise)}
    for ex in CAT.exercises:
        parts = exercises.dose_parts(ex)
        assert set(parts) == {"hold_seconds", "repeats", "sets_per_day"} <= fields
        assert str(ex.repeats) in parts["repeats"]
        assert (parts["hold_seconds"] == "") == (ex.hold_seconds == 0)
        assert parts["repeats"].endswith(" on each side.") == ex.each_side
    one_sided = next(e for e in CAT.exercises if not e.each_side and not e.hold_seconds)
    assert dose_text(one_sided) == (f"Do it {one_sided.repeats} times. "
                                    f"Do this {one_sided.sets_per_day} times a day.")


@pytest.mark.parametrize("region", ["back", "neck"])
def test_neck_exercises_add_the_neck_stop_signs(region):
    extra = RAW["stop_neck"] if region == "neck" else []
    for ex in exercises.exercises_for(region):
        assert list(exercises.stop_signs(ex)) == RAW["stop_all"] + extra, ex.id


@pytest.mark.parametrize("edition_id", ["uk", "us"])
def test_cautions_reach_the_exercises_they_name_and_those_from_their_start_position(edition_id):
    """In the edition's words ({physio}, {midwife}); the site's edition when none is named."""
    words = dataclasses.asdict(editions.edition(edition_id))
    notes = {note["id"]: note for note in RAW["cautions"]}
    by_name = next(n for n in notes.values() if "exercises" in n)
    by_start = next(n for n in notes.values() if "start_base" in n)
    for ex in CAT.exercises:
        expected = [n["text"].format_map(words) for n in RAW["cautions"]
                    if n is by_name and ex.id in n["exercises"]
                    or n is by_start and ex.start["pose"]["base"] == n["start_base"]]
        assert list(exercises.cautions(ex, edition_id)) == expected, ex.id
        assert not any("{" in text for text in expected)
    assert exercises.cautions(ex) == exercises.cautions(ex, "uk")
    with pytest.raises(ValueError, match=r"^unknown edition 'fr'"):
        exercises.cautions(ex, "fr")
    # each kind of note reaches at least one exercise the other kind does not
    named_only = [e for e in CAT.exercises if e.id in by_name["exercises"]
                  and e.start["pose"]["base"] != by_start["start_base"]]
    start_only = [e for e in CAT.exercises if e.id not in by_name["exercises"]
                  and e.start["pose"]["base"] == by_start["start_base"]]
    assert named_only and start_only


@pytest.mark.parametrize("ex", CAT.exercises, ids=[e.id for e in CAT.exercises])
def test_routine_steps_go_side_by_side_and_rep_by_rep(ex):
    """Step's own contract: phases "move", "hold", "rest" (no hold and no rest for an exercise
    with no hold), sides "left" then "right" for a one-side-at-a-time exercise, else ""."""
    steps = exercises._exercise_steps(ex)
    phases = ["move", "hold", "rest"] if ex.hold_seconds else ["move"]
    sides = ["left", "right"] if ex.each_side else [""]
    assert [(s.side, s.repeat, s.phase) for s in steps] == [
        (side, rep, phase) for side in sides for rep in range(1, ex.repeats + 1)
        for phase in phases]
    assert {(s.exercise, s.repeats) for s in steps} == {(ex.id, ex.repeats)}
    assert [s.seconds for s in steps if s.phase == "hold"] == [ex.hold_seconds] * (
        ex.repeats * len(sides) if ex.hold_seconds else 0)


def test_an_exercise_that_exactly_fills_the_time_is_kept(monkeypatch):
    """A one-minute plan and an exercise of exactly 60 seconds: it fits."""
    plan = {**CAT.plan, "minutes": [1]}
    per_rep = plan["move_seconds"] + plan["rest_seconds"]
    ex = dataclasses.replace(CAT.exercises[0], each_side=False, repeats=4,
                             hold_seconds=60 // 4 - per_rep)
    fake = dataclasses.replace(CAT, exercises=(ex,), plan=plan)
    monkeypatch.setattr(exercises, "load_catalogue", lambda *args: fake)
    steps = routine(ex.region, 1)
    assert sum(s.seconds for s in steps) == 60 and {s.exercise for s in steps} == {ex.id}


def test_position_figures_label_their_steps_only_when_there_are_several():
    for position in CAT.positions:
        figure = exercises.position_figure(position.id)
        assert len(figure.pictures) == len(position.pictures)
        assert figure.labels == (("Step 1", "Step 2") if len(position.pictures) == 2 else ())
    assert any(len(p.pictures) == 2 for p in CAT.positions)
    with pytest.raises(ValueError, match=r"^unknown position 'bed-jump'; known: \['"):
        exercises.position_figure("bed-jump")



# ----- the figures: labels, the web cells and the print strip ---------------------------------

CELL = re.compile(r'<div class="cw-pose-cell" style="flex:1 1 (\d+)px;max-width:(?:24rem|\d+px)">'
                  r'(?:<p [^>]*aria-hidden="true">([^<]*)</p>)?<svg [^>]*style="width:100%;'
                  r'height:auto"')


@pytest.mark.parametrize("ex", CAT.exercises, ids=[e.id for e in CAT.exercises])
def test_an_exercise_figure_labels_each_frame_as_its_alt_text_does(ex):
    """The word over each frame is the one its alt text starts with (Start, Then, End), so
    sighted and screen-reader readers hear the same order."""
    figure = exercises.exercise_figure(ex.id)
    assert figure.labels == tuple(frame["alt"].split(":")[0] for frame in ex.frames)
    cells = CELL.findall(figure._html())
    assert [label for _, label in cells] == list(figure.labels)
    assert _plays(figure)
    bundle = figure._repr_mimebundle_()
    assert set(bundle) == {"text/html", "image/png", "text/plain"}
    assert bundle["text/plain"] == figure.alt == " ".join(f["alt"] for f in ex.frames)
    assert bundle["text/html"] == figure._html()


def test_each_web_frame_is_at_least_its_minimum_height_and_width():
    """A frame's flex basis is the width at which it is FRAME_MIN_PX tall, never below
    FRAME_MIN_WIDE_PX wide, and never below FLOOR_MIN_PX for a frame wider than tall (rounded
    to whole pixels)."""
    figures = [exercises.exercise_figure(e.id) for e in CAT.exercises] + [
        exercises.position_figure(p) for p in exercises.position_ids()]
    limited_by = {"narrow": 0, "wide": 0, "floor": 0}
    for figure in figures:
        bases = [int(b) for b, _ in CELL.findall(figure._html())]
        widest = re.findall(r'class="cw-pose-cell" style="[^"]*max-width:([^"]+)"', figure._html())
        assert len(bases) == len(figure.pictures) == len(widest)
        for basis, pic, most in zip(bases, figure.pictures, widest):
            height = basis * pic.height / pic.width
            assert basis >= exercises.FRAME_MIN_WIDE_PX
            assert height >= exercises.FRAME_MIN_PX - 1
            on_floor = pic.width >= exercises.FLOOR_ASPECT * pic.height
            in_sequence = on_floor and len(figure.pictures) > 1
            if in_sequence:  # at its widest, a lying figure is about 100 to 200 px tall
                most_px = int(most.removesuffix("px"))
                assert most_px <= exercises.FLOOR_MAX_PX
                assert 100 <= most_px * pic.height / pic.width <= exercises.FLOOR_MAX_TALL_PX + 1
                assert most_px == exercises.FLOOR_MAX_PX or \
                    most_px * pic.height / pic.width >= exercises.FLOOR_MAX_TALL_PX - 1
            else:
                assert most == "24rem"
            if on_floor:
                assert basis >= exercises.FLOOR_MIN_PX
            if basis == exercises.FRAME_MIN_WIDE_PX:
                limited_by["wide"] += 1
            elif on_floor and basis == exercises.FLOOR_MIN_PX:
                limited_by["floor"] += 1
            else:
                assert height <= exercises.FRAME_MIN_PX + 1
                limited_by["narrow"] += 1
    assert all(limited_by.values()), limited_by  # every rule is tried


ROW = re.compile(r'<div class="cw-pose-row"( data-play="")? style="[^"]*">')


def _plays(figure) -> bool:
    """Whether the figure's row asks for the play button; its cells sit side by side in it."""
    html = figure._html()
    row = ROW.match(html)
    assert row and html.endswith("</div></div>"), html[:120]
    assert html.count('</div><div class="cw-pose-cell"') == len(figure.pictures) - 1
    return bool(row.group(1))


def test_a_figure_plays_only_with_several_frames_and_needs_one():
    pictures = exercises.exercise_pictures(CAT.exercises[0])
    assert _plays(exercises.exercise_figure(CAT.exercises[0].id))
    assert not _plays(exercises.Figure(pictures[:1], play=True))
    assert not _plays(exercises.Figure(pictures))  # not unless asked
    unlabelled = exercises.Figure(pictures)._html()
    assert "<p " not in unlabelled and len(CELL.findall(unlabelled)) == len(pictures)
    for position in exercises.position_ids():
        figure = exercises.position_figure(position)
        assert not _plays(figure)
        strip, width_in = figure.print_strip()  # one row, also for a single frame
        assert strip.height == figure.pictures[0].height and width_in <= exercises.PRINT_MAX_IN
    with pytest.raises(ValueError, match="^a figure needs at least one picture$"):
        exercises.Figure([])


@pytest.mark.parametrize("ex", CAT.exercises, ids=[e.id for e in CAT.exercises])
def test_the_print_strip_puts_as_many_frames_in_a_row_as_the_page_takes(ex):
    """One row if every frame fits in it at PRINT_FRAME_MM, else rows of the most that fit; the
    PNG is drawn at the strip's width (test_pictures.py checks the 45 mm)."""
    figure = exercises.exercise_figure(ex.id)
    strip, width_in = figure.print_strip()
    frame = figure.pictures[0]
    rows = round((strip.height + 14) / (frame.height + 14))  # poses.strip's 14-unit row gap

    def inches(per_row):
        return poses.strip(figure.pictures, per_row=per_row).width / frame.width \
            * exercises.PRINT_FRAME_MM / 25.4

    per_row = math.ceil(len(figure.pictures) / rows)
    assert width_in == pytest.approx(inches(per_row)) and width_in <= exercises.PRINT_MAX_IN
    if per_row < len(figure.pictures):
        assert inches(per_row + 1) > exercises.PRINT_MAX_IN
    png = base64.b64decode(figure._repr_mimebundle_()["image/png"])
    assert abs(int.from_bytes(png[16:20], "big") - width_in * 300) <= 1


@pytest.mark.parametrize("exercise_id", ["upper-shoulder-stretch", "knee-to-chest"])
def test_a_strip_too_wide_for_the_page_wraps_onto_more_rows(exercise_id):
    """Every catalogue strip fits one row at 45 mm a frame; a longer one (here four frames) must
    wrap rather than shrink its frames below 45 mm, at the most frames a row that fit: two of the
    wide frames of the shoulder stretch, three of the narrower knee to chest ones."""
    frames = exercises.exercise_pictures(exercises.exercise(exercise_id))
    four = [*frames, *frames][:4]
    pic, width_in = exercises.Figure(four, exercises.frame_labels(4)).print_strip()
    assert pic.height > 1.5 * max(f.height for f in four)
    assert width_in <= exercises.PRINT_MAX_IN
    fits = [k for k in range(1, 5) if _strip_inches(four, k) <= exercises.PRINT_MAX_IN]
    assert 1 < max(fits) < 4  # so the four frames could wrap at several counts a row
    best = poses.strip(four, per_row=max(fits))
    assert (pic.width, pic.height) == (best.width, best.height)


def _strip_inches(frames, per_row) -> float:
    """The print width of a strip of these frames, as Figure.print_strip works it out."""
    return (poses.strip(frames, per_row=per_row).width / min(f.width for f in frames)
            * exercises.PRINT_FRAME_MM / 25.4)


def test_a_strip_exactly_as_wide_as_the_page_stays_in_one_row(monkeypatch):
    frames = exercises.exercise_pictures(exercises.exercise("knee-to-chest"))
    exact = _strip_inches(frames, len(frames))
    monkeypatch.setattr(exercises, "PRINT_MAX_IN", exact)
    pic, width_in = exercises.Figure(frames).print_strip()
    assert pic.height == max(f.height for f in frames) and width_in == exact


def test_a_frame_exactly_floor_aspect_wide_gets_the_floor_width():
    """FLOOR_ASPECT is the least width-to-height ratio that counts as a figure on the floor."""
    frame = exercises.exercise_pictures(CAT.exercises[0])[0]
    height = 20
    floor = dataclasses.replace(frame, width=exercises.FLOOR_ASPECT * height, height=height)
    [(basis, _)] = CELL.findall(exercises.Figure([floor])._html())
    assert int(basis) == exercises.FLOOR_MIN_PX
