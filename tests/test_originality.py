"""Own words only: no run of 10+ words in any built page may also appear in a seed article."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEEDS
from textcheck import (fingerprint, full_text, load_seed_fingerprints, load_seeds,
                       shared_runs)

RUN = 10  # words; the project's rule for "copied"


@pytest.fixture(scope="module")
def seeds() -> dict[str, frozenset[str]]:
    return load_seed_fingerprints(n=RUN)


def built_pages(site: Path) -> list[Path]:
    """Every book page (the site root is only a redirect; genindex and search are Sphinx's)."""
    return sorted((site / "book").rglob("*.html"))  # the learner series is in book/learn/


def test_no_page_shares_a_run_with_a_seed(build_dir: Path, seeds):
    pages = built_pages(build_dir / "html")
    assert len(pages) > 5, f"too few built pages in {build_dir}"
    copied = {}
    for page in pages:
        runs = shared_runs(full_text(page.read_text(encoding="utf-8")), seeds, n=RUN)
        if runs:
            copied[page.name] = [f"{r.seed}: {r.text!r}" for r in runs]
    assert not copied, f"text shared with a seed article (rewrite it in your own words): {copied}"


def test_stored_fingerprints_match_the_seed_articles(seeds):
    """The stored fingerprint (what the page check above uses, so it runs wherever the tests
    run) covers five articles, each with hundreds of 10-word windows; where the seed articles
    are at hand (beside the repository, on the team's machines) it must equal theirs:
    regenerate it with textcheck.write_seed_fingerprints(SEEDS). A clone without them (CI's
    may have none) still checks every page against the stored fingerprint."""
    assert len(seeds) == 5 and all(len(windows) > 300 for windows in seeds.values()), \
        {name: len(windows) for name, windows in seeds.items()}
    if SEEDS.is_dir():
        assert seeds == {name: fingerprint(text, RUN) for name, text in load_seeds(SEEDS).items()}


def test_checker_catches_a_planted_copy():
    """A sentence lifted from a (made-up) seed, with its case and punctuation changed and wrapped
    in page HTML (inside a deeper dive and a table cell), is still found through the seed's
    fingerprint; our own text is not."""
    copied = ("Spasms of the back and neck are said to come from many small things that "
              "happen over a working day")
    name, seeds = "made-up.txt", {"made-up.txt": fingerprint("Intro. " + copied + ". End.", RUN)}
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
