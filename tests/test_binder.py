"""Binder: a fresh environment with only requirements.txt runs every chapter as a notebook and
drives every widget; and every built page offers the Binder launch and download buttons.

The environment is new on every run (a temporary venv, deleted afterwards) so the test proves a
fresh install works. Binder's base image already has a Jupyter server, ipykernel and nbclient;
this test adds ipykernel and nbclient (at the versions pinned in requirements-dev.txt) to stand in
for that base image, and nothing else. Jupyter's own data, config and IPython folders point into
the temporary folder, so no kernel spec or setting from this machine can leak in.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import REPO
from test_build import toc_files

from bench.binder import fresh_install  # the bench package owns the install step

BOOK = REPO / "book"
BASE_IMAGE_PACKAGES = ("ipykernel", "nbclient")  # what Binder's base image provides
BUILD_ONLY = ("sphinx", "myst_nb", "jupyter_book")  # must not be needed on Binder
BAD_VALUE = {"PostureSlider": "75", "CauseChecklist": "no-such-id"}  # sent by DRIVE_WIDGETS
ANSI = re.compile(r"\x1b\[[0-9;]*m")  # colour codes in kernel tracebacks

# Runs in the fresh venv with cwd = book/ (where Binder's kernel starts for a chapter): converts
# each MyST chapter to a notebook with jupytext and executes it in a new kernel with nbclient.
# A last cell prints sys.prefix, proving the kernel ran in the fresh venv.
RUN_CHAPTERS = r"""
import json, sys
import jupytext, nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

report = {}
for path in sys.argv[1:]:
    nb = jupytext.read(path)
    code_cells = sum(c.cell_type == "code" for c in nb.cells)
    nb.cells.append(nbformat.v4.new_code_cell("import sys; print(sys.prefix)"))
    try:
        NotebookClient(nb, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": "."}}).execute()
    except CellExecutionError as err:
        report[path] = {"error": str(err)[-3000:]}
        continue
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    report[path] = {"prefix": nb.cells[-1].outputs[0]["text"].strip(),
                    "code_cells": code_cells, "errors": len(errors)}
print(json.dumps(report))
"""

# Runs in the fresh venv: creates every widget and drives it the way a browser does, by sending
# the comm "update" message a front end sends when the reader moves a control. Prints what the
# Python side then reports, for the test to compare with the models.
DRIVE_WIDGETS = r"""
import json, anywidget, widgets

def front_end_update(w, **state):
    w._handle_msg({"content": {"data": {"method": "update", "state": state,
                                        "buffer_paths": []}}, "buffers": []})

def refusal(w, name, value):
    # A bad value from the browser is logged and dropped (the trait keeps its value);
    # the same value set from Python raises ValueError naming it.
    before = getattr(w, name)
    front_end_update(w, **{name: value})
    kept = getattr(w, name) == before
    try:
        setattr(w, name, value)
    except ValueError as err:
        return {"kept": kept, "error": str(err)}
    return {"kept": kept, "error": None}

def view(w):
    bundle = w._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    spec = data["application/vnd.jupyter.widget-view+json"]
    return {"same_model": spec["model_id"] == w.model_id, "mimes": sorted(data),
            "esm_chars": len(w._esm), "state_json_chars": len(json.dumps(w.get_state()))}

out = {"classes": sorted(n for n, v in vars(widgets).items()
                         if isinstance(v, type) and issubclass(v, anywidget.AnyWidget))}
slider = widgets.PostureSlider()
out["PostureSlider"] = {"view": view(slider), "table": slider.get_state()["model"]["table"],
                        "steps": [], "bad": refusal(slider, "angle", 75)}
for angle, hours in [(0, 1), (20, 3), (45, 8), (60, 0.5)]:
    front_end_update(slider, angle=angle, hours=hours)
    out["PostureSlider"]["steps"].append(
        [angle, hours, slider.angle, slider.hours, slider.load_kg, slider.message])
checklist = widgets.CauseChecklist()
out["CauseChecklist"] = {"view": view(checklist), "steps": [],
                         "bad": refusal(checklist, "selected", ["no-such-id"])}
for ticks in [[], ["poor-posture"], ["poor-posture", "both-legs"], ["long-sitting", "fever"]]:
    front_end_update(checklist, selected=ticks)
    r = checklist.result
    out["CauseChecklist"]["steps"].append(
        [ticks, checklist.selected, r.alert, [c.id for c in r.factors], [a.id for a in r.actions]])
print(json.dumps(out))
"""


def _base_image_pins() -> list[str]:
    """The requirements-dev.txt pins of the packages Binder's base image provides."""
    text = (REPO / "requirements-dev.txt").read_text()
    pins = []
    for name in BASE_IMAGE_PACKAGES:
        match = re.search(rf"^{name}==\S+$", text, re.M | re.I)
        assert match, f"requirements-dev.txt has no {name}== pin"
        pins.append(match.group(0))
    return pins


@pytest.fixture(scope="module")
def binder_env():
    """(python, env vars) of a brand-new venv holding requirements.txt + the base-image kernel."""
    with tempfile.TemporaryDirectory(prefix="binder-") as tmp:
        python, _, _ = fresh_install(Path(tmp) / "env", tuple(_base_image_pins()))
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("JUPYTER", "PYTHON", "VIRTUAL_ENV", "MPL"))}
        env.update(JUPYTER_DATA_DIR=f"{tmp}/data", JUPYTER_CONFIG_DIR=f"{tmp}/config",
                   IPYTHONDIR=f"{tmp}/ipython", MPLCONFIGDIR=f"{tmp}/mpl", JUPYTER_PATH="")
        yield python, env


def _run(binder_env, code: str, *args: str) -> subprocess.CompletedProcess:
    python, env = binder_env
    return subprocess.run([str(python), "-c", code, *args], cwd=BOOK, env=env,
                          capture_output=True, text=True, timeout=900)


def test_fresh_env_is_the_lean_runtime(binder_env):
    """The chapters must not lean on build tools that Binder does not install."""
    result = _run(binder_env, "import importlib.util as u, sys; "
                  "print([m for m in sys.argv[1:] if u.find_spec(m)])", *BUILD_ONLY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", f"build-only packages installed: {result.stdout}"


def test_every_chapter_executes_as_a_notebook(binder_env):
    chapters = [str(REPO / f"{doc}.md") for doc in toc_files()]
    result = _run(binder_env, RUN_CHAPTERS, *chapters)
    assert result.returncode == 0, result.stderr[-4000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert sorted(report) == sorted(chapters)
    failed = {Path(p).name: ANSI.sub("", r["error"]) for p, r in report.items() if "error" in r}
    assert not failed, "chapters failed on a fresh Binder-like install:\n" + "\n\n".join(
        f"--- {name}\n{err}" for name, err in failed.items())
    venv_prefix = str(binder_env[0].parent.parent)
    for path, r in report.items():
        assert r["prefix"] == venv_prefix, f"{path} ran in {r['prefix']}, not the fresh venv"
        assert r["errors"] == 0, f"{path} has error outputs"
    assert report[str(BOOK / "explore-the-models.md")]["code_cells"] >= 5


def test_every_widget_can_be_created_and_driven(binder_env):
    import widgets  # the same source, from the dev venv, gives the expected answers

    result = _run(binder_env, DRIVE_WIDGETS)
    assert result.returncode == 0, ANSI.sub("", result.stderr[-4000:])
    out = json.loads(result.stdout.strip().splitlines()[-1])
    # Every widget class the package exports is driven below; a new one must be added here.
    assert out["classes"] == ["CauseChecklist", "PostureSlider"]
    for name in out["classes"]:
        view = out[name]["view"]
        assert view["same_model"], f"{name}: view points at another model"
        assert view["esm_chars"] > 200, f"{name}: front-end module missing"
        assert {"application/vnd.jupyter.widget-view+json", "text/markdown"} <= set(view["mimes"])
        bad = out[name]["bad"]
        assert bad["kept"], f"{name}: a bad value from the browser replaced a good one"
        assert BAD_VALUE[name] in (bad["error"] or ""), f"{name}: bad value not named: {bad}"

    slider = out["PostureSlider"]
    assert slider["table"] == [p._asdict() for p in widgets.HANSRAJ_TABLE]
    for angle, hours, got_angle, got_hours, load_kg, message in slider["steps"]:
        assert (got_angle, got_hours) == (angle, hours), "front-end update did not reach Python"
        assert load_kg == pytest.approx(widgets.neck_load_kg(angle))
        assert message == widgets.habit_message(angle, hours)

    for ticks, got, alert, factors, actions in out["CauseChecklist"]["steps"]:
        expected = widgets.assess(ticks)
        assert got == ticks, "front-end update did not reach Python"
        assert alert == expected.alert
        assert factors == [c.id for c in expected.factors]
        assert actions == [a.id for a in expected.actions]
    alerts = [step[2] for step in out["CauseChecklist"]["steps"]]
    assert alerts == [None, None, "emergency", "urgent"]


# --- Launch and download buttons in the built site -------------------------------------------

def _config() -> dict:
    return yaml.safe_load((REPO / "_config.yml").read_text())


@pytest.mark.parametrize("doc", toc_files())
def test_page_has_binder_and_download_buttons(site_dir, doc):
    soup = BeautifulSoup((site_dir / f"{doc}.html").read_text(encoding="utf-8"), "html.parser")
    repo = _config()["repository"]
    owner_repo = urlparse(repo["url"]).path.strip("/")

    binder = [a["href"] for a in soup.select("a[href]") if "/v2/gh/" in a["href"]]
    assert len(binder) == 1, f"{doc}: expected one Binder link, found {binder}"
    url = urlparse(binder[0])
    assert url.path == f"/v2/gh/{owner_repo}/{repo['branch']}", binder[0]
    # JupyterLab, opening this chapter's MyST file (jupytext shows it as a notebook).
    assert parse_qs(url.query)["urlpath"] == [f"lab/tree/{doc}.md"], binder[0]

    menu = soup.select(".dropdown-download-buttons a[href]")
    downloads = {a.get_text(strip=True): a["href"] for a in menu}
    assert set(downloads) == {".ipynb", ".md"}, f"{doc}: download links {downloads}"
    for suffix, href in downloads.items():
        target = (site_dir / doc).parent / href
        assert target.resolve().is_file(), f"{doc}: {suffix} download {href} is missing"
        assert target.name == f"{Path(doc).name}{suffix}"
    notebook = json.loads(((site_dir / doc).parent / downloads[".ipynb"]).read_text())
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    pdf = soup.select(".dropdown-download-buttons button[onclick='window.print()']")
    assert pdf, f"{doc}: no print-to-PDF button"
