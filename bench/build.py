"""Build figures: clean HTML build, no-change rebuild, one-chapter rebuild, PDF build.

Builds a copy of the book in a temporary folder so the benchmark never touches _build/.
Cheap steps are repeated and the median is reported; the clean builds run once each
(a clean build includes executing every notebook, which is what a reader of the numbers wants).
"""
from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
JB = Path(sys.executable).with_name("jupyter-book")
COPY = ["_config.yml", "_toc.yml", "book", "_ext", "_static", "_templates", "widgets"]
REPEATS = 3


def _copy_book(dest: Path) -> None:
    for name in COPY:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy(src, dest / name)


def _timed(cmd: list[str], cwd: Path = REPO) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return time.perf_counter() - start


def _build(root: Path, builder: str) -> float:
    return _timed([str(JB), "build", str(root), "--builder", builder, "-n", "-W", "--keep-going"])


def _median(fn) -> float:
    return statistics.median(fn() for _ in range(REPEATS))


def rows() -> list[tuple[str, str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _copy_book(root)
        # The handouts page links the handout PDFs, so they exist before the book is built.
        _timed([sys.executable, "-m", "handouts", str(root / "_build" / "handouts")])
        clean_html = _build(root, "html")
        unchanged = _median(lambda: _build(root, "html"))
        chapter = root / "book" / "self-care.md"

        def edit_and_build() -> float:
            chapter.write_text(chapter.read_text() + "\nOne more line.\n")
            return _build(root, "html")

        one_chapter = _median(edit_and_build)
        pdf = _build(root, "pdflatex") if shutil.which("xelatex") else float("nan")
    _timed(["make", "book"])  # bring the real build up to date, then time a no-change run
    make_noop = _median(lambda: _timed(["make", "book"]))
    return [
        ("clean HTML build (incl. notebook execution)", f"{clean_html:.1f} s", "<= 60 s"),
        (f"`make book`, nothing changed (median of {REPEATS})", f"{make_noop:.2f} s", "seconds"),
        (f"jupyter-book HTML rebuild, nothing changed (median of {REPEATS})", f"{unchanged:.1f} s", "-"),
        (f"HTML rebuild after editing one chapter (median of {REPEATS})", f"{one_chapter:.1f} s", "<= 10 s"),
        ("PDF build (notebooks cached)", f"{pdf:.1f} s", "<= 120 s"),
    ]
