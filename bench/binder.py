"""Binder figures: time to install requirements.txt into a fresh virtual environment, and how
many packages that pulls in (each one slows Binder's image build).

`fresh_install` is also what tests/test_binder.py uses, so the benchmark and the test measure
the same install. pip runs with this machine's own configuration (its indexes and its wheel
cache); the environment itself is always new, so nothing installed earlier is reused.
pip runs in a copy of the files Binder needs (as repo2docker copies the repository into the
image), because building `.` writes build/ and *.egg-info/ into the source folder.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# What `pip install -r requirements.txt` reads from the repository: the file and package `.`.
INSTALL_SOURCES = ("requirements.txt", "pyproject.toml", "widgets")


def venv_python(env_dir: Path) -> Path:
    return Path(env_dir) / "bin" / "python"


def installed(python: Path) -> set[str]:
    """Distribution names installed in the environment of `python`."""
    out = subprocess.run([str(python), "-m", "pip", "list", "--format=json"],
                         check=True, capture_output=True, text=True).stdout
    return {p["name"].lower() for p in json.loads(out)}


def fresh_install(env_dir: Path, extra: tuple[str, ...] = ()) -> tuple[Path, float, int]:
    """Create a new venv in `env_dir` and install requirements.txt (plus `extra` requirement
    strings) as Binder would; `.` in it is the widgets package.

    Returns (python, seconds for venv creation + install, packages added beyond the venv's
    own pip/setuptools).
    """
    env_dir = Path(env_dir)
    if env_dir.exists() and any(env_dir.iterdir()):
        raise ValueError(f"env_dir must be new or empty, got {env_dir}")
    start = time.perf_counter()
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = venv_python(env_dir)
    seed = installed(python)
    with tempfile.TemporaryDirectory(prefix="binder-src-") as src:
        for name in INSTALL_SOURCES:
            if (REPO / name).is_dir():
                shutil.copytree(REPO / name, Path(src) / name,
                                ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy(REPO / name, src)
        result = subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             "-r", "requirements.txt", *extra],
            cwd=src, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"pip install -r requirements.txt failed:\n{result.stderr[-4000:]}")
    return python, seconds, len(installed(python) - seed)


def rows() -> list[tuple[str, str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        _, seconds, count = fresh_install(Path(tmp) / "env")
    return [
        ("Binder: install requirements.txt into a fresh venv", f"{seconds:.1f} s", "<= 60 s"),
        ("Binder: packages requirements.txt pulls in", f"{count}", "lean: <= 60"),
    ]

