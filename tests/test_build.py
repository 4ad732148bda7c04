"""The build itself: every page in the table of contents became an HTML page, and the strict
settings really fail a build on a broken cross-reference or a failing code cell."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO

JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")
NOTEBOOK_HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


def toc_files() -> list[str]:
    """Every document named in _toc.yml, in order."""
    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(entries):
        for entry in entries:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections", []))

    for part in toc.get("parts", []):
        walk(part.get("chapters", []))
    walk(toc.get("chapters", []))
    return files


def strict_flags() -> list[str]:
    """The strict flags as the Makefile passes them (one source of truth)."""
    match = re.search(r"^STRICT := (.+)$", (REPO / "Makefile").read_text(), re.M)
    assert match, "Makefile has no STRICT := line"
    return match.group(1).split()


@pytest.mark.parametrize("doc", toc_files())
def test_every_toc_page_is_built(site_dir, doc):
    page = site_dir / f"{doc}.html"
    assert page.is_file(), f"{doc} is in _toc.yml but {page} was not built"
    assert "<h1>" in page.read_text(encoding="utf-8"), f"{page} has no page title"


def test_strict_flags_are_strict():
    assert {"-n", "-W", "--keep-going"} <= set(strict_flags())


@pytest.fixture(scope="module")
def tiny_book(tmp_path_factory):
    """A two-page copy of the project's configuration, so the test proves *our* settings."""
    root = tmp_path_factory.mktemp("tinybook")
    for name in ("_config.yml", "_ext", "_static", "_templates"):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy(src, root / name)
    (root / "book").mkdir()
    shutil.copy(REPO / "book" / "references.bib", root / "book" / "references.bib")
    (root / "_toc.yml").write_text("format: jb-book\nroot: book/index\nchapters:\n  - file: book/page\n")
    (root / "book" / "index.md").write_text(NOTEBOOK_HEADER + "# Tiny\n\n(start)=\n## Start\n\nHello.\n")
    return root


def build_tiny(root: Path, page_body: str) -> subprocess.CompletedProcess:
    (root / "book" / "page.md").write_text(NOTEBOOK_HEADER + "# Page\n\n" + page_body)
    shutil.rmtree(root / "_build", ignore_errors=True)
    return subprocess.run(
        [str(JUPYTER_BOOK), "build", str(root), "--builder", "html", *strict_flags()],
        capture_output=True, text=True, timeout=600,
    )


def test_tiny_book_builds_when_correct(tiny_book):
    result = build_tiny(tiny_book, "See {ref}`start`.\n\n```{code-cell} ipython3\n1 + 1\n```\n")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_broken_cross_reference_fails_build_and_names_file(tiny_book):
    result = build_tiny(tiny_book, "See {ref}`no-such-label`.\n")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "page.md" in output and "no-such-label" in output


def test_failing_code_cell_fails_build_and_names_file(tiny_book):
    result = build_tiny(tiny_book, "```{code-cell} ipython3\nraise RuntimeError('boom')\n```\n")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "book/page" in output and "RuntimeError" in output
