"""Own words only: no run of 10+ words in any built page may also appear in a seed article."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEEDS
from textcheck import full_text, load_seeds, shared_runs

RUN = 10  # words; the project's rule for "copied"


@pytest.fixture(scope="module")
def seeds() -> dict[str, str]:
    return load_seeds(SEEDS)


def built_pages(site: Path) -> list[Path]:
    """Every book page (the site root is only a redirect; genindex and search are Sphinx's)."""
    return sorted((site / "book").glob("*.html"))


def test_no_page_shares_a_run_with_a_seed(build_dir: Path, seeds):
    pages = built_pages(build_dir / "html")
    assert len(pages) > 5, f"too few built pages in {build_dir}"
    copied = {}
    for page in pages:
        runs = shared_runs(full_text(page.read_text(encoding="utf-8")), seeds, n=RUN)
        if runs:
            copied[page.name] = [f"{r.seed}: {r.text!r}" for r in runs]
    assert not copied, f"text shared with a seed article (rewrite it in your own words): {copied}"


def _first_long_sentence(text: str, min_words: int) -> str:
    for line in text.splitlines():
        for sentence in line.split(". "):
            if len(sentence.split()) >= min_words:
                return sentence
    raise AssertionError("no long sentence in the seed")


def test_checker_catches_a_planted_copy(seeds):
    """A sentence lifted from a seed, with its case and punctuation changed and wrapped in page
    HTML (inside a deeper dive and a table cell), is still found; our own text is not."""
    name, seed = next(iter(seeds.items()))
    copied = _first_long_sentence(seed, RUN + 2)
    disguised = copied.upper().replace(",", "").replace(" ", " , ", 1)
    own = "Warm the sore spot, keep moving gently and see how you feel tomorrow."
    html = ("<html><body><article class='bd-article'><p>{own}</p>"
            "<div class='admonition deeper-dive'><p>{dd}</p></div>"
            "<table><tr><td>{cell}</td></tr></table></article></body></html>")

    clean = shared_runs(full_text(html.format(own=own, dd=own, cell=own)), seeds, n=RUN)
    assert clean == []
    for where in ("dd", "cell"):
        parts = {"own": own, "dd": own, "cell": own, where: disguised}
        runs = shared_runs(full_text(html.format(**parts)), seeds, n=RUN)
        assert runs, f"planted copy in {where} was missed"
        assert runs[0].seed == name and runs[0].length >= RUN


def test_run_length_boundary():
    seed = {"s": "one two three four five six seven eight nine ten eleven"}
    assert shared_runs("x one two three four five six seven eight nine y", seed, n=RUN) == []
    runs = shared_runs("x One, two three four five six seven eight nine ten! y", seed, n=RUN)
    assert [r.text for r in runs] == ["one two three four five six seven eight nine ten"]


@pytest.mark.parametrize("bad", [0, -3, 2.5, True])
def test_bad_run_length_is_rejected(bad):
    with pytest.raises(ValueError, match=str(bad)):
        shared_runs("some text", {"s": "some text"}, n=bad)


def test_missing_seed_folder_is_rejected(tmp_path):
    with pytest.raises(ValueError, match=str(tmp_path)):
        load_seeds(tmp_path)
