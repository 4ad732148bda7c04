"""The widgets in a real Jupyter kernel: what the kernel sends to a front end, and what it does
when the front end changes a synced value (the same comm messages JupyterLab sends)."""
import json
import math

import pytest
from jupyter_client.manager import start_new_kernel

from widgets import CauseChecklist, PostureSlider, assess
from widgets.causes import front_end_catalogue
from widgets.posture import front_end_model, habit_message, load_text

VIEW = "application/vnd.jupyter.widget-view+json"
FORBIDDEN = ("AnyWidget", "VBox(", "Slider(", "<IPython", "widget-view")


@pytest.fixture(scope="module")
def kernel():
    km, kc = start_new_kernel(kernel_name="python3")
    yield kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def run(kc, code):
    """Execute code; return (display bundles, comm_open messages, stdout, error)."""
    msg_id = kc.execute(code)
    bundles, opens, out, error = [], [], "", None
    while True:
        msg = kc.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind in ("display_data", "execute_result"):
            bundles.append(content["data"])
        elif kind == "comm_open":
            opens.append(content)
        elif kind == "stream":
            out += content["text"]
        elif kind == "error":
            error = content["ename"] + ": " + content["evalue"]
        elif kind == "status" and content["execution_state"] == "idle":
            return bundles, opens, out, error


def send_update(kc, comm_id, state):
    """What a front end sends when the reader moves a control."""
    kc.session.send(kc.shell_channel.socket, kc.session.msg(
        "comm_msg", {"comm_id": comm_id,
                     "data": {"method": "update", "state": state, "buffer_paths": []}}))


def widget_comm(opens, trait):
    return next(o for o in opens if trait in o["data"]["state"])


def test_posture_slider_in_a_kernel(kernel):
    bundles, opens, _, error = run(kernel, "from widgets import PostureSlider\nw = PostureSlider()\nw")
    assert error is None
    bundle = bundles[-1]
    # the print form is a table (text/markdown), not a second chart (print helper's choice)
    assert VIEW in bundle and "text/markdown" in bundle and "image/png" not in bundle
    assert not any(f in bundle["text/plain"] + bundle["text/markdown"] for f in FORBIDDEN)
    comm = widget_comm(opens, "angle")
    assert comm["data"]["state"]["model"]["table"] == front_end_model()["table"]
    for angle, hours in [(0, 1.0), (22, 0.5), (55, 6.5)]:
        send_update(kernel, comm["comm_id"], {"angle": angle, "hours": hours})
        _, _, out, error = run(kernel, "print(w.load_text); print(w.message)")
        assert error is None
        assert out.splitlines() == [load_text(angle), habit_message(angle, hours)]


def test_checklist_in_a_kernel(kernel):
    bundles, opens, _, error = run(kernel, "from widgets import CauseChecklist\nc = CauseChecklist()\nc")
    assert error is None and VIEW in bundles[-1] and "text/markdown" in bundles[-1]
    comm = widget_comm(opens, "selected")
    assert comm["data"]["state"]["catalogue"] == json.loads(json.dumps(front_end_catalogue()))
    send_update(kernel, comm["comm_id"], {"selected": ["stress", "fever"]})
    _, _, out, error = run(kernel, "r = c.result\nprint(r.alert, [f.id for f in r.factors])")
    expected = assess(["stress", "fever"])
    assert error is None
    assert out.strip() == f"{expected.alert} {[f.id for f in expected.factors]}"
    # an urgent sign from the front end: the kernel's plan has no "wait a few weeks" line
    _, _, out, error = run(kernel, "print(c.result.follow_up)")
    assert error is None and out.strip() == "None" and expected.follow_up is None
    # one sign of each level ticked in the front end: each in its own group, in the kernel's
    # answer and in the print form it sends (issue 19)
    send_update(kernel, comm["comm_id"], {"selected": ["not-easing", "fever", "saddle-numbness"]})
    _, _, out, error = run(kernel, "print([(g.level, [s.id for s in g.signs]) "
                                   "for g in c.result.sign_groups])")
    assert error is None and out.strip() == str([
        ("emergency", ["saddle-numbness"]), ("urgent", ["fever"]), ("see-a-doctor", ["not-easing"])])


def test_bad_values_from_python_are_refused():
    slider = PostureSlider()
    for bad in (61, -1, math.nan, "30"):
        with pytest.raises(ValueError, match="angle"):
            slider.angle = bad
    with pytest.raises(ValueError, match="hours"):
        slider.hours = 13
    with pytest.raises(ValueError, match="'not-a-cause'"):
        CauseChecklist().selected = ["stress", "not-a-cause"]
    with pytest.raises(ValueError, match="angle"):
        PostureSlider(angle=math.inf)


def test_synced_values_drive_the_model_in_process():
    slider = PostureSlider(angle=15, hours=3)
    assert slider.load_kg == pytest.approx(12.2) and slider.load_lb == pytest.approx(27)
    slider.set_state({"angle": 45})  # the path a front-end update takes
    assert slider.load_text == load_text(45) and slider.message == habit_message(45, 3)
    checklist = CauseChecklist()
    checklist.set_state({"selected": ["bladder-bowel", "poor-posture"]})
    assert checklist.result == assess(["poor-posture", "bladder-bowel"])
    assert checklist.result.alert == "emergency"


def test_the_checklists_print_form_puts_each_ticked_sign_under_its_own_level():
    """The Markdown the PDF book prints for a checklist with ticks: each ticked warning sign
    right under its own level's title (levels from their sources, see test_causes_model)."""
    from widgets.causes import SIGN_LEVELS, load_catalogue

    from test_causes_model import ONE_SIGN_PER_LEVEL

    labels = {s.id: s.label for s in load_catalogue().warning_signs}
    titles = {lvl.id: lvl.title for lvl in SIGN_LEVELS}
    md = CauseChecklist(selected=list(ONE_SIGN_PER_LEVEL))._print_markdown()
    ticked = md[:md.index("Tick each box")]
    for sign, level in ONE_SIGN_PER_LEVEL.items():
        heading = ticked.index(f"**{titles[level]}.**")
        following = [ticked.find(f"**{t}.**", heading + 1) for t in titles.values()]
        end = min([f for f in following if f > heading] or [len(ticked)])
        assert f"- {labels[sign]}" in ticked[heading:end], (sign, level)
    assert "What I ticked" not in CauseChecklist()._print_markdown()  # a blank form stays blank
