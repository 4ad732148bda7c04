"""The course's evidence scale, defined once as data.

Every evidence label in the book, the tables and the widgets comes from EVIDENCE_SCALE, so a label
cannot drift between chapters. Levels are ordered from strongest support to advice against.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass


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

_BY_ID = {lvl.id: lvl for lvl in EVIDENCE_SCALE}


def level(level_id: str) -> EvidenceLevel:
    """The evidence level with this id; ValueError names an unknown id."""
    if not isinstance(level_id, str) or level_id not in _BY_ID:
        raise ValueError(f"unknown evidence id {level_id!r}; expected one of {sorted(_BY_ID)}")
    return _BY_ID[level_id]


def scale_as_dicts() -> list[dict]:
    """The scale as plain dicts, for JSON (widget front ends)."""
    return [asdict(lvl) for lvl in EVIDENCE_SCALE]
