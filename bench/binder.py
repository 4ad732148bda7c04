"""Binder's base, rebuilt here: the versions Binder's image holds, a venv with them plus this
repository installed the way repo2docker does it, and JupyterLab started the way Binder starts it.

mybinder.org builds with repo2docker. For this repository (pyproject.toml, requirements.txt,
runtime.txt `python-3.11`, no binder/ folder) repo2docker picks its conda-based Python buildpack,
whose base environment is a conda lock that ships inside the `jupyter-repo2docker` package.
`binder_lock()` reads that lock, so the test and bench follow Binder's base when the pinned
repo2docker release moves. `binder_install` then repeats repo2docker's steps in a venv:
the lock's Jupyter packages, `pip install -r requirements.txt`, `pip install .`, `postBuild`.
tests/test_binder.py and `make bench` share these helpers, so they measure the same install.
"""
from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The Jupyter side of Binder's base that a learner's browser meets, by their conda names.
BASE_PACKAGES = ("jupyterlab", "notebook", "jupyter_server", "ipykernel", "ipython",
                 "ipywidgets", "jupyterlab_widgets", "widgetsnbextension")
# What repo2docker copies into the image and a learner's HOME holds: the repository, less what
# git ignores here (build output, the dev venv) and git's own folder.
NOT_COPIED = (".git", ".venv", "_build", "notebooks", "node_modules", ".pytest_cache",
              "__pycache__", "*.egg-info", "build")


def python_version() -> str:
    """The Python version runtime.txt asks Binder for, e.g. "3.11"."""
    text = (REPO / "runtime.txt").read_text().strip()
    match = re.fullmatch(r"python-(\d+\.\d+)", text)
    if not match:
        raise ValueError(f"runtime.txt must say python-X.Y, got {text!r}")
    return match.group(1)


def lock_text() -> str:
    """repo2docker's conda lock for runtime.txt's Python on linux-64 (Binder's servers)."""
    name = f"environment.py-{python_version()}-linux-64.lock"
    # Found without importing repo2docker, whose import warns about its logging dependency.
    path = Path(importlib.util.find_spec("repo2docker").origin).parent / "buildpacks/conda" / name
    if not path.is_file():
        raise ValueError(f"jupyter-repo2docker has no {name}: Binder no longer offers Python "
                         f"{python_version()} (runtime.txt)")
    return path.read_text()


def binder_lock() -> dict[str, str]:
    """{conda package name: version} of every package in Binder's base environment."""
    pins = {}
    for match in re.finditer(r"^https://\S+/(?:noarch|linux-64)/(.+)-([^-]+)-[^-]+\.(?:conda|tar\.bz2)#",
                             lock_text(), re.M):
        pins[match.group(1)] = match.group(2)
    return pins


def normalise(name: str) -> str:
    """Package names as pip compares them (PEP 503): jupyter_server == jupyter-server."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_pins(path: Path = REPO / "requirements.txt") -> dict[str, str]:
    """{normalised name: version} of the `name==version` lines of a requirements file."""
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if match := re.fullmatch(r"([A-Za-z0-9_.-]+)==(\S+)", line):
            pins[normalise(match.group(1))] = match.group(2)
    return pins


def base_requirements() -> list[str]:
    lock = binder_lock()
    missing = [name for name in BASE_PACKAGES if name not in lock]
    if missing:
        raise ValueError(f"Binder's lock no longer has {missing}")
    return [f"{name}=={lock[name]}" for name in BASE_PACKAGES]


def _pip(python: Path, *args: str, cwd: Path | None = None) -> None:
    result = subprocess.run([str(python), "-m", "pip", "install", "--quiet",
                             "--disable-pip-version-check", *args],
                            cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"pip install {' '.join(args)} failed:\n{result.stderr[-4000:]}")


def base_env(env_dir: Path) -> Path:
    """A venv at `env_dir` with Binder's base Jupyter packages and requirements.txt (the slow,
    rarely changing part); returns its python."""
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = Path(env_dir) / "bin" / "python"
    _pip(python, *base_requirements())
    _pip(python, "-r", str(REPO / "requirements.txt"))
    return python


def cached_base_env(cache: Path = REPO / "_build" / "binder-env") -> Path:
    """`base_env` kept under _build/, keyed by requirements.txt and Binder's lock, so test
    reruns skip the install; a change to either makes a new one."""
    key = hashlib.sha256(((REPO / "requirements.txt").read_text() + lock_text()).encode())
    env_dir = cache / key.hexdigest()[:16]
    python = env_dir / "bin" / "python"
    if not (env_dir / ".complete").is_file():
        shutil.rmtree(cache, ignore_errors=True)  # older keys are of no further use
        base_env(env_dir)
        (env_dir / ".complete").touch()
    return python


def learner_home(python: Path, home: Path, isolated: bool = True) -> Path:
    """repo2docker's remaining steps: copy the repository to `home` (the learner's HOME),
    `pip install .` there, run `postBuild`. Returns `home`.

    isolated=False builds the package with the base env's own setuptools instead of a fresh
    build environment: the same install, half a minute sooner on a busy 2-core machine."""
    shutil.copytree(REPO, home, ignore=shutil.ignore_patterns(*NOT_COPIED))
    if not isolated:
        _pip(python, "setuptools>=68")
    _pip(python, ".", *([] if isolated else ["--no-build-isolation"]), cwd=home)
    result = subprocess.run(["./postBuild"], cwd=home, env=learner_env(python, home),
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"postBuild failed:\n{result.stdout[-2000:]}{result.stderr[-4000:]}")
    return home


def learner_env(python: Path, home: Path) -> dict[str, str]:
    """The environment of Binder's server: HOME is the repository, the venv comes first on the
    PATH, and nothing of this machine's Jupyter or Python settings leaks in."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("JUPYTER", "PYTHON", "VIRTUAL_ENV", "MPL", "IPYTHON"))}
    env.update(HOME=str(home), PATH=f"{python.parent}:{env.get('PATH', '/usr/bin:/bin')}")
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def jupyterlab(python: Path, home: Path, timeout: float = 120):
    """JupyterLab as Binder starts it (in HOME, no token, here on localhost and a free port);
    yields (base URL, seconds until the server answered)."""
    port = free_port()
    start = time.perf_counter()
    log = open(home.parent / "jupyterlab.log", "w")
    server = subprocess.Popen(
        [str(python.parent / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1",
         f"--port={port}", "--IdentityProvider.token=", f"--ServerApp.root_dir={home}",
         # Binder runs as an ordinary user; CI machines may run as root.
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        cwd=home, env=learner_env(python, home), stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status", timeout=2) as response:
                    json.load(response)
                break
            except OSError:
                if server.poll() is not None or time.perf_counter() - start > timeout:
                    log.flush()
                    raise RuntimeError("JupyterLab did not start:\n"
                                       + (home.parent / "jupyterlab.log").read_text()[-4000:])
                time.sleep(0.2)
        yield url, time.perf_counter() - start
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def close_notebooks(page, url: str) -> None:
    """Leave JupyterLab, stop every kernel and forget the open tabs, so the next URL opens alone
    (as in a learner's new Binder session). Uses the page's own cookies, XSRF one included."""
    page.goto("about:blank")
    xsrf = {c["name"]: c["value"] for c in page.context.cookies(url)}.get("_xsrf", "")
    api = page.context.request
    headers = {"X-XSRFToken": xsrf}
    for session in api.get(f"{url}/api/sessions").json():
        api.delete(f"{url}/api/sessions/{session['id']}", headers=headers)
    for workspace in api.get(f"{url}/lab/api/workspaces").json()["workspaces"]["ids"]:
        api.delete(f"{url}/lab/api/workspaces/{workspace}", headers=headers)


def slider_usable(page, url: str, timeout_ms: float = 120_000) -> None:
    """Open `url` (a notebook with a posture slider), run all cells, and wait until the slider's
    input answers a key press."""
    page.goto(url)
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=timeout_ms)
    run_all(page, timeout_ms)
    angle = page.locator(".ps-root input[type=range]").first
    angle.wait_for(timeout=timeout_ms)
    before = angle.input_value()
    angle.focus()
    page.keyboard.press("End")
    page.wait_for_function("([el, v]) => el.value !== v", arg=[angle.element_handle(), before],
                           timeout=timeout_ms)


def wait_kernel_idle(page, timeout_ms: float) -> None:
    """Wait until the notebook's kernel is connected and idle (the status bar says so)."""
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first.wait_for(
        state="attached", timeout=timeout_ms)
    page.get_by_text(re.compile(r"Python 3 \(ipykernel\) \| Idle")).first.wait_for(
        timeout=timeout_ms)


class RunStalled(RuntimeError):
    """Run All started but did not finish in time; the message says what JupyterLab showed."""


def run_all(page, timeout_ms: float) -> None:
    """Run > Run All Cells, then wait until every scheduled cell has run and the kernel idles
    (the toolbar's execution indicator at 100 %, no cell marked [*])."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    wait_kernel_idle(page, timeout_ms)
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    try:
        page.wait_for_function(
            """() => {
              const indicator = document.querySelector(
                '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator');
              const progress = indicator && indicator.querySelector('[aria-valuenow]');
              const running = [...document.querySelectorAll('.jp-InputPrompt')]
                .some(p => p.textContent.includes('[*]'));
              return indicator && indicator.dataset.status === 'idle' && progress
                && progress.getAttribute('aria-valuenow') === '100' && !running;
            }""", timeout=timeout_ms)
    except PlaywrightTimeoutError as error:
        raise RunStalled(f"Run All did not finish in {timeout_ms / 1000:.0f} s; JupyterLab "
                           f"showed {notebook_state(page)}") from error


def notebook_state(page) -> dict:
    """What JupyterLab shows of the open notebook's run: the execution indicator, each code
    cell's prompt, the kernel status and any open dialog (for a failure message)."""
    return page.evaluate("""() => {
      const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
      const indicator = panel && panel.querySelector('.jp-Notebook-ExecutionIndicator');
      const progress = indicator && indicator.querySelector('[aria-valuenow]');
      const text = selector => [...document.querySelectorAll(selector)]
        .map(e => e.textContent.trim()).filter(Boolean);
      return {
        indicator: indicator && indicator.dataset.status,
        progress: progress && progress.getAttribute('aria-valuenow'),
        prompts: panel ? [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
          .map(p => p.textContent.trim()) : [],
        kernel: text('.jp-StatusBar-TextItem').filter(t => t.includes('|')),
        dialogs: text('.jp-Dialog'),
      };
    }""")


def rows() -> list[tuple[str, str, str]]:
    from playwright.sync_api import sync_playwright

    from bench.site import launch

    with tempfile.TemporaryDirectory(prefix="binder-bench-") as tmp:
        start = time.perf_counter()
        python = base_env(Path(tmp) / "env")
        home = learner_home(python, Path(tmp) / "home")
        install = time.perf_counter() - start
        with jupyterlab(python, home) as (url, server_s), sync_playwright() as pw:
            browser = launch(pw)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            start = time.perf_counter()
            slider_usable(page, f"{url}/lab/tree/notebooks/book/causes-neck.md")
            usable = time.perf_counter() - start
            browser.close()
    return [
        ("Binder: install on Binder's base (lock's Jupyter + requirements.txt + . + postBuild)",
         f"{install:.1f} s", "- (once per image)"),
        ("Binder: JupyterLab start to answering", f"{server_s:.1f} s", "-"),
        ("Binder: open causes-neck, Run All, slider answers a key", f"{usable:.1f} s", "<= 30 s"),
    ]
