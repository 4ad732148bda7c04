"""The course's label scales, defined once as data.

Two scales, kept apart on purpose: EVIDENCE_SCALE says how well a treatment works, CAUSE_SCALE
says how sure we are that something causes back or neck pain. A cause labelled "Good evidence"
would read as a recommendation, so causes never use the treatment words (and the reverse).
GUIDELINES and GUIDELINE_VERDICTS hold what NICE NG59 and ACP 2017 each say about a treatment,
so a table can show both where they disagree. Levels run from strongest to weakest.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EvidenceLevel:
    id: str
    label: str
    meaning: str


EVIDENCE_SCALE: tuple[EvidenceLevel, ...] = (
    EvidenceLevel("good", "Good evidence", "A guideline recommends it and trials agree."),
    EvidenceLevel("some", "Some evidence",
                  "A small or short-lived benefit, or weaker guideline advice."),
    EvidenceLevel("little", "Little evidence", "Too few or too weak studies to say."),
    EvidenceLevel("not-recommended", "Not recommended",
                  "Guidelines advise against it, or trials show no benefit."),
)

CAUSE_SCALE: tuple[EvidenceLevel, ...] = (
    EvidenceLevel("known", "Known cause",
                  "Guidelines or good studies show it can cause back or neck pain or spasm."),
    EvidenceLevel("possible", "Possible cause",
                  "It can set off or add to pain in some people, but studies have not shown "
                  "how often."),
    EvidenceLevel("unproven", "Unproven cause",
                  "Often blamed, but studies have not shown that it causes pain: there is no "
                  "clear link, only a link that may not be cause and effect, or too few tests."),
)

# The two guidelines the course weighs treatments against, in the order tables show them.
GUIDELINES: tuple[tuple[str, str], ...] = (("nice", "NICE"), ("acp", "ACP"))

GUIDELINE_VERDICTS: tuple[EvidenceLevel, ...] = (
    EvidenceLevel("recommended", "Recommended", "NICE: offer. ACP: strong recommendation."),
    EvidenceLevel("consider", "Suggested", "NICE: consider. ACP: weak recommendation."),
    EvidenceLevel("with-exercise", "Only with exercise",
                  "NICE: consider, but only alongside exercise."),
    EvidenceLevel("against", "Advises against", "NICE: do not offer."),
    EvidenceLevel("none", "No advice", "The guideline makes no recommendation on it."),
)


def _index(scale):
    return {lvl.id: lvl for lvl in scale}


_SCALES = {"evidence": _index(EVIDENCE_SCALE), "cause": _index(CAUSE_SCALE),
           "guideline verdict": _index(GUIDELINE_VERDICTS)}


def _get(kind: str, level_id: str) -> EvidenceLevel:
    known = _SCALES[kind]
    if not isinstance(level_id, str) or level_id not in known:
        raise ValueError(f"unknown {kind} id {level_id!r}; expected one of {sorted(known)}")
    return known[level_id]


def level(level_id: str) -> EvidenceLevel:
    """The treatment evidence level with this id; ValueError names an unknown id."""
    return _get("evidence", level_id)


def cause_level(level_id: str) -> EvidenceLevel:
    """The cause level with this id; ValueError names an unknown id."""
    return _get("cause", level_id)


def verdict(verdict_id: str) -> EvidenceLevel:
    """A guideline verdict with this id; ValueError names an unknown id."""
    return _get("guideline verdict", verdict_id)


def guideline_verdicts(guidelines: dict) -> tuple[tuple[str, str], ...]:
    """A treatment's verdicts as (guideline name, verdict label) pairs in GUIDELINES order,
    e.g. (("NICE", "No advice"), ("ACP", "Recommended")); a missing guideline or an unknown
    verdict id raises ValueError naming it."""
    missing = [g for g, _ in GUIDELINES if g not in guidelines]
    if missing:
        raise ValueError(f"no verdict for guideline(s) {missing} in {guidelines!r}")
    return tuple((name, verdict(guidelines[g]).label) for g, name in GUIDELINES)

