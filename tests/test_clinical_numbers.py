"""The posture model's bands and every clinical number the chapters state, held to
tests/data/clinical_numbers.yaml: expectations typed from the cited sources, not read from the
model or the chapters under test. Each check is a function returning its findings, so the
mutation tests (here and in test_catalogue_mutations.py) can prove it fails on a bad copy."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml

from textcheck import full_text
from widgets import posture

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "_ext"))
from course_fact_words import glossary_markdown  # noqa: E402

EXPECTED = yaml.safe_load((REPO / "tests/data/clinical_numbers.yaml").read_text("utf-8"))
POSTURE = EXPECTED["posture"]
BIB_KEYS = set(re.findall(r"^@\w+\{([^,\s]+),", (REPO / "book/references.bib").read_text("utf-8"),
                          re.M))

# A clinical number in a chapter: a ratio, a share, a time span or an age threshold.
NUMBER = re.compile(
    r"\b\d[\d,.]*%"
    r"|\b\d+ (?:in|out of) \d+\b"
    r"|\b\d+(?: to \d+)? (?:weeks?|days?|months?|hours?|minutes?)\b"
    r"|\bage \d+\b")
CODE_CELL = re.compile(r"^```+\{code-cell\}.*?^```+\s*$", re.M | re.S)
SECTION = re.compile(r"^#{1,6} ", re.M)
CITE_ROLE = re.compile(r"\{cite:[pt]\}`([^`]+)`")
GLOSSARY_DIRECTIVE = "```{course-glossary}\n```"


# ----- Posture model ---------------------------------------------------------------------------

def _load_at(table: dict, angle: float) -> float:
    """The paper's kg at `angle`, linearly between its points (the expectation's own table)."""
    points = sorted(table.items())
    for (a0, (_, k0)), (a1, (_, k1)) in zip(points, points[1:]):
        if a0 <= angle <= a1:
            return k0 + (k1 - k0) * (angle - a0) / (a1 - a0)
    raise ValueError(f"angle {angle!r} is outside the paper's table {[a for a, _ in points]}")


def posture_problems(model: dict, expected: dict = POSTURE) -> list[str]:
    """Every way a posture model (widgets.posture.front_end_model()'s form) differs from the
    paper and the cited band rules; empty when it agrees."""
    problems = []
    table = {p["angle"]: [p["lb"], p["kg"]] for p in model["table"]}
    if table != expected["table"]:
        problems.append(f"table {table} is not Hansraj 2014's {expected['table']}")
    low, high = expected["upright_lb_range"]
    if not low <= table.get(0, [None])[0] <= high:
        problems.append(f"upright load {table.get(0)} is outside the paper's {low}-{high} lb")
    if list(model["angle_range"]) != expected["angle_range"]:
        problems.append(f"angle range {model['angle_range']} is not the paper's "
                        f"{expected['angle_range']}")
    bands, rules = model["angle_bands"], expected["angle_bands"]
    if len(bands) != len(rules):
        problems.append(f"{len(bands)} angle bands, the expectations have {len(rules)}")
    upright_kg = expected["table"][0][1]
    for (upper, words), rule in zip(bands, rules):
        if upper != rule["upper"] or rule["words"] not in words:
            problems.append(f"band {upper} {words!r} is not {rule['upper']} {rule['words']!r}")
        if "max_load_ratio" in rule and _load_at(expected["table"], upper) / upright_kg > \
                rule["max_load_ratio"]:
            problems.append(f"band {words!r} up to {upper} degrees carries more than "
                            f"{rule['max_load_ratio']} times the upright load")
        if "below_point" in rule and not upper < rule["below_point"]:
            problems.append(f"band {words!r} reaches the {rule['below_point']}-degree point")
        if "at_point" in rule and upper != rule["at_point"]:
            problems.append(f"band {words!r} does not end at {rule['at_point']} degrees")
    if model["upright_max"] != rules[0]["upper"]:
        problems.append(f"upright_max {model['upright_max']} is not {rules[0]['upper']}")
    hours = [bound for bound, _ in model["hours_bands"]]
    if hours != sorted(hours) or hours[-1] != expected["hours_range"][1] or \
            list(model["hours_range"]) != expected["hours_range"]:
        problems.append(f"hours bands {hours} do not cover {expected['hours_range']} in order")
    problems += [f"caveat does not say {phrase!r}" for phrase in expected["caveat_must_say"]
                 if phrase not in model["caveat"]]
    return problems


def test_posture_expectations_are_cited():
    keys = [POSTURE["source"], POSTURE["hours_bands_source"], *POSTURE["caveat_sources"]]
    assert set(keys) <= BIB_KEYS, set(keys) - BIB_KEYS
    assert len(POSTURE["table"]) == 5 and len(POSTURE["angle_bands"]) == 4


def test_posture_model_matches_the_paper_and_the_band_rules():
    assert posture_problems(posture.front_end_model()) == []


@pytest.mark.parametrize("angle", [0, 5, 7.5, 15, 22.5, 30, 44, 45, 59.9, 60])
def test_model_load_is_the_papers(angle):
    assert posture.neck_load_kg(angle) == pytest.approx(_load_at(POSTURE["table"], angle))


@pytest.mark.parametrize("angle", [0, 5, 6, 25, 26, 45, 46, 60])
def test_each_message_names_the_band_of_its_angle(angle):
    """The words shown for an angle come from the expectation's band for it, and only an upright
    head is told it carries no extra load."""
    rule = next(r for r in POSTURE["angle_bands"] if angle <= r["upper"])
    message = posture.habit_message(angle, 1)
    assert rule["words"] in message.lower()
    assert ("times the load" in message) == (angle > POSTURE["angle_bands"][0]["upper"])


# ----- Clinical numbers in the chapters --------------------------------------------------------

def _markdown(path: Path) -> str:
    """A chapter's Markdown; the glossary page's words are the catalogue's, as the book's
    {course-glossary} directive writes them (one paragraph per word, with its citation)."""
    return path.read_text("utf-8").replace(GLOSSARY_DIRECTIVE, glossary_markdown())


def chapter_sources() -> dict[str, list[str]]:
    """Each chapter's Markdown as paragraphs (split at blank lines, so a citation belongs to the
    paragraph it ends), without code cells or bold marks and with each paragraph's lines joined
    (a phrase may break across source lines); keyed by doc path ("book/sciatica")."""
    return {f"book/{p.stem}": [" ".join(par.replace("**", "").split()) for par in
                               re.split(r"\n\s*\n", CODE_CELL.sub("", _markdown(p)))
                               if par.strip()]
            for p in sorted((REPO / "book").glob("*.md"))}


def _cited(paragraph: str) -> set[str]:
    return {k.strip() for keys in CITE_ROLE.findall(paragraph) for k in keys.split(",")}


def number_problems(sources: dict[str, list[str]], expected: dict = EXPECTED) -> list[str]:
    """Every clinical number a chapter states without a cited expectation, every expectation
    whose words are gone from its chapter, and every expected number whose paragraph (or, for
    a restatement, whose chapter) does not cite its source; empty when they agree."""
    problems = []
    for entry in expected["numbers"]:
        paragraphs = sources.get(entry["page"], [])
        saying = [par for par in paragraphs if entry["says"] in par]
        where = paragraphs if entry.get("restates") else saying
        if not saying:
            problems.append(f"{entry['page']}: no longer says {entry['says']!r}")
        elif not any(entry["cite"] in _cited(par) for par in where):
            problems.append(f"{entry['page']}: {entry['says']!r} is not in a paragraph citing "
                            f"{entry['cite']}")
    for entry in expected["not_clinical"]:
        if not any(entry["says"] in par for par in sources.get(entry["page"], [])):
            problems.append(f"{entry['page']}: not_clinical {entry['says']!r} is not there")
    known = [*expected["numbers"], *expected["not_clinical"]]
    for page, paragraphs in sources.items():
        for par in paragraphs:
            covered = [range(m.start(), m.end()) for e in known if e["page"] == page
                       for m in re.finditer(re.escape(e["says"]), par)]
            problems += [f"{page}: states {m.group()!r} ({par[max(0, m.start() - 40):m.end()]!r})"
                         " with no cited expectation" for m in NUMBER.finditer(par)
                         if not any(m.start() in r and m.end() - 1 in r for r in covered)]
    return problems


def test_the_number_expectations_are_complete_and_cited():
    for entry in EXPECTED["numbers"]:
        assert entry["cite"] in BIB_KEYS, entry
        assert len(entry["source"]) > 5, entry
    for entry in EXPECTED["not_clinical"]:
        assert len(entry["why"]) > 5, entry


def test_every_number_in_the_chapters_has_a_cited_expectation():
    assert number_problems(chapter_sources()) == []


@pytest.mark.parametrize("old, new, flagged", [
    ("about 1 in 3 people had", "about 1 in 2 people had", "'1 in 2'"),
    ("4 to 6 weeks.", "2 to 3 weeks.", "'2 to 3 weeks'"),
    ("69% had", "59% had", "'59%'")])
def test_a_changed_number_fails_the_check(old, new, flagged):
    """Changing a stated number in memory: the cited statement is gone (or left uncited) and the
    new number has no cited expectation, so the check names both."""
    sources = chapter_sources()
    page = next(p for p, pars in sources.items() if any(old in par for par in pars))
    changed = {**sources, page: [par.replace(old, new, 1) for par in sources[page]]}
    found = number_problems(changed)
    assert any(("no longer says" in p or "not in a paragraph citing" in p) for p in found), found
    assert any(f"states {flagged}" in p for p in found), found


def test_an_uncited_number_fails_the_check():
    sources = chapter_sources()
    cut = {**sources, "book/sciatica": [par.replace("{cite:p}`nhs2023sciatica`", "")
                                        for par in sources["book/sciatica"]]}
    assert any("'4 to 6 weeks' is not in a paragraph citing nhs2023sciatica" in p
               for p in number_problems(cut))


def test_the_built_pages_state_the_expected_numbers(build_dir: Path):
    """The built page a reader gets says each expected number (a chapter that rendered a
    different figure, or dropped one, fails)."""
    pages: dict[str, str] = {}
    missing = []
    for entry in EXPECTED["numbers"]:
        if entry["page"] not in pages:
            html = (build_dir / "html" / f"{entry['page']}.html").read_text("utf-8")
            pages[entry["page"]] = " ".join(full_text(html).split())
        if entry["says"] not in pages[entry["page"]]:
            missing.append((entry["page"], entry["says"]))
    assert len(pages) >= 8
    assert not missing, missing
