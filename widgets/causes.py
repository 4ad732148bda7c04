"""The cause and treatment catalogue (data/causes.json) and the checklist rules.

One data file feeds the cause checklist widget, the cause and treatment tables in the book and
the evidence figure, so a label or citation can only be changed in one place.

Causes in the group "serious" (cauda equina, infection, tumour...) have no checklist label: a
reader cannot tick "I have a tumour", but can tick the warning signs that point to one. Ticking
such a sign lists the serious cause among the factors.
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

from .evidence import EVIDENCE_SCALE, level, scale_as_dicts

DATA_FILE = Path(__file__).with_name("data") / "causes.json"
REGIONS = ("back", "neck", "both")
SETTINGS = ("self-care", "physiotherapy", "medicine")
ALERT_LEVELS = ("emergency", "urgent")  # most serious first
SERIOUS_GROUP = "serious"
_RANK = {lvl.id: i for i, lvl in enumerate(EVIDENCE_SCALE)}


@dataclass(frozen=True)
class Cause:
    id: str
    group: str
    region: str
    name: str
    label: str | None
    factor: str
    evidence: str
    cite: tuple[str, ...]
    actions: tuple[str, ...]


@dataclass(frozen=True)
class Action:
    id: str
    setting: str
    name: str
    advice: str
    evidence: str
    cite: tuple[str, ...]


@dataclass(frozen=True)
class WarningSign:
    id: str
    level: str
    region: str
    label: str
    causes: tuple[str, ...]
    cite: tuple[str, ...]


@dataclass(frozen=True)
class Catalogue:
    groups: tuple[dict, ...]
    causes: tuple[Cause, ...]
    actions: tuple[Action, ...]
    warning_signs: tuple[WarningSign, ...]
    messages: dict
    raw: dict = field(repr=False)

    def action(self, action_id: str) -> Action:
        return _lookup(self.actions, action_id, "action")

    @property
    def checklist_ids(self) -> tuple[str, ...]:
        """Every id a reader can tick: causes with a label, then warning signs."""
        return tuple(c.id for c in self.causes if c.label) + tuple(s.id for s in self.warning_signs)


def _lookup(items, item_id, kind):
    for item in items:
        if item.id == item_id:
            return item
    raise ValueError(f"unknown {kind} id {item_id!r}")


def _tupled(entry: dict, *keys) -> dict:
    return {k: tuple(v) if k in keys else v for k, v in entry.items()}


def _check(cat: Catalogue) -> None:
    """Structural integrity; raises ValueError naming the first bad value."""
    ids = [x.id for x in (*cat.causes, *cat.actions, *cat.warning_signs)]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise ValueError(f"duplicate ids in {DATA_FILE.name}: {sorted(dupes)}")
    groups = {g["id"] for g in cat.groups}
    action_ids = {a.id for a in cat.actions}
    cause_ids = {c.id for c in cat.causes}
    for c in cat.causes:
        level(c.evidence)
        if c.group not in groups or c.region not in REGIONS:
            raise ValueError(f"cause {c.id!r}: bad group {c.group!r} or region {c.region!r}")
        if (c.label is None) != (c.group == SERIOUS_GROUP):
            raise ValueError(f"cause {c.id!r}: only serious causes lack a checklist label")
        for a in c.actions:
            if a not in action_ids:
                raise ValueError(f"cause {c.id!r} names unknown action {a!r}")
    for a in cat.actions:
        level(a.evidence)
        if a.setting not in SETTINGS:
            raise ValueError(f"action {a.id!r}: bad setting {a.setting!r}")
    for s in cat.warning_signs:
        if s.level not in ALERT_LEVELS or s.region not in REGIONS:
            raise ValueError(f"warning sign {s.id!r}: bad level {s.level!r} or region {s.region!r}")
        for c in s.causes:
            if c not in cause_ids:
                raise ValueError(f"warning sign {s.id!r} names unknown cause {c!r}")


@functools.lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    """Read and check data/causes.json (once per process)."""
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    cat = Catalogue(
        groups=tuple(raw["groups"]),
        causes=tuple(Cause(**_tupled(c, "cite", "actions")) for c in raw["causes"]),
        actions=tuple(Action(**_tupled(a, "cite")) for a in raw["actions"]),
        warning_signs=tuple(WarningSign(**_tupled(s, "cite", "causes"))
                            for s in raw["warning_signs"]),
        messages=raw["messages"],
        raw=raw,
    )
    _check(cat)
    return cat


@dataclass(frozen=True)
class Assessment:
    """What the checklist shows: an alert (None, "urgent" or "emergency") and its message, the
    ticked warning signs, likely contributing factors, actions to try (strongest evidence first)
    and actions the evidence advises against."""
    alert: str | None
    alert_message: str | None
    signs: tuple[WarningSign, ...]
    factors: tuple[Cause, ...]
    actions: tuple[Action, ...]
    avoid: tuple[Action, ...]


def validate_selection(selected_ids) -> frozenset[str]:
    """The ticked ids as a set; a bare string, non-strings and unknown ids raise ValueError."""
    if isinstance(selected_ids, (str, bytes)) or not isinstance(
            selected_ids, (list, tuple, set, frozenset)):
        raise ValueError(f"selected ids must be a list of ids, got {selected_ids!r}")
    known = set(load_catalogue().checklist_ids)
    for sid in selected_ids:
        if not isinstance(sid, str) or sid not in known:
            raise ValueError(f"unknown checklist id {sid!r}")
    return frozenset(selected_ids)


def assess(selected_ids) -> Assessment:
    """Apply the checklist rules to the ticked ids (order does not matter)."""
    cat = load_catalogue()
    chosen = validate_selection(selected_ids)
    signs = tuple(s for s in cat.warning_signs if s.id in chosen)
    alert = next((lvl for lvl in ALERT_LEVELS if any(s.level == lvl for s in signs)), None)
    serious = {c for s in signs for c in s.causes}
    factors = tuple(c for c in cat.causes if c.id in chosen or c.id in serious)
    wanted = {a for c in factors for a in c.actions}
    ranked = sorted((a for a in cat.actions if a.id in wanted), key=lambda a: _RANK[a.evidence])
    return Assessment(
        alert=alert,
        alert_message=cat.messages[alert] if alert else None,
        signs=signs,
        factors=factors,
        actions=tuple(a for a in ranked if a.evidence != "not-recommended"),
        avoid=tuple(a for a in ranked if a.evidence == "not-recommended"),
    )


def evidence_markdown(evidence_id: str, cite: tuple[str, ...]) -> str:
    """The course's prose form of an evidence label: bold label, then the citation."""
    return f"**{level(evidence_id).label}** {{cite:p}}`{','.join(cite)}`"


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def cause_table_markdown(region: str) -> str:
    """A MyST table of the causes for "back" or "neck" (each includes causes marked "both"), or
    every cause for "both". Serious causes point to the warning-signs section."""
    if region not in REGIONS:
        raise ValueError(f"region must be one of {REGIONS}, got {region!r}")
    cat = load_catalogue()
    names = {a.id: a.name for a in cat.actions}
    # A serious cause points to the most urgent list among the warning signs that name it.
    levels: dict[str, str] = {}
    for sign in cat.warning_signs:
        for cause_id in sign.causes:
            levels[cause_id] = min(levels.get(cause_id, sign.level), sign.level,
                                   key=ALERT_LEVELS.index)
    rows = []
    for c in cat.causes:
        if region != "both" and c.region not in (region, "both"):
            continue
        helps = ("Get help: see {ref}`warning signs <" + levels.get(c.id, "urgent") + "-signs>`"
                 if c.group == SERIOUS_GROUP else "; ".join(names[a] for a in c.actions))
        rows.append((c.name, c.factor, evidence_markdown(c.evidence, c.cite), helps))
    return _table(("Possible cause", "What we know", "Evidence it is a cause", "What may help"),
                  rows)


def treatment_table_markdown(setting: str) -> str:
    """A MyST table of the treatments in one setting, strongest evidence first."""
    if setting not in SETTINGS:
        raise ValueError(f"setting must be one of {SETTINGS}, got {setting!r}")
    actions = sorted((a for a in load_catalogue().actions if a.setting == setting),
                     key=lambda a: _RANK[a.evidence])
    return _table(("Treatment", "What to know", "Evidence"),
                  [(a.name, a.advice, evidence_markdown(a.evidence, a.cite)) for a in actions])


def front_end_catalogue() -> dict:
    """What the checklist's browser code needs: the catalogue and the evidence scale."""
    raw = load_catalogue().raw
    return {k: v for k, v in raw.items() if k != "about"} | {
        "evidence_scale": scale_as_dicts(), "alert_levels": list(ALERT_LEVELS)}
