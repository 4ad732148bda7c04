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
