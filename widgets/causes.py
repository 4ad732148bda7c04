"""The cause and treatment catalogue (data/causes.json), the warning-sign levels and the checklist
rules.

One data file feeds the cause checklist widget, the cause and treatment cards and tables, the
warning-sign panels on when-to-get-help, the red-flag box and the handouts, so a label, a level or
a citation can only be changed in one place.

Warning signs use exactly three levels, SIGN_LEVELS (most serious first); every page, widget and
handout takes the words for a level from there. Each sign has an id, a level, a region ("back",
"neck" or "both": a sign for "both" belongs on the back and the neck lists) and a label.

Causes in the group "serious" (cauda equina, meningitis, tumour...) have no checklist label: a
reader cannot tick "I have a tumour", but can tick the warning signs that point to one. Ticking
such a sign lists the serious cause among the factors.
"""
from __future__ import annotations

import functools
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import editions
from .evidence import (
    EVIDENCE_SCALE, GUIDELINES, cause_level, level, verdict,
)

DATA_FILE = Path(__file__).with_name("data") / "causes.json"
REGIONS = ("back", "neck", "both")
SETTINGS = ("self-care", "physiotherapy", "medicine")
ACTION_KINDS = ("treatment", "referral")  # a referral ("ask your doctor") has no evidence grade
SERIOUS_GROUP = "serious"
_RANK = {lvl.id: i for i, lvl in enumerate(EVIDENCE_SCALE)}


@dataclass(frozen=True)
class SignLevel:
    """One urgency level: id, short name, the panel title (what to do) and the detail under it."""
    id: str
    name: str
    title: str
    message: str


def sign_levels(edition_id: str = "uk") -> tuple[SignLevel, ...]:
    """The three levels in the words of one edition (data/editions.json): the levels are the
    same everywhere, the numbers and places to go are the edition's. ValueError names an
    unknown edition."""
    ed = editions.edition(edition_id)
    return (
        SignLevel("emergency", "Emergency",
                  f"Emergency: call {ed.emergency} or go to {ed.emergency_place}",
                  f"Do it now: do not wait to see if it gets better. {ed.elsewhere}"),
        SignLevel("urgent", "Urgent", "Urgent: see a doctor today or tomorrow",
                  f"Call {ed.doctor}. If you cannot get an appointment, {ed.urgent_help}."),
        SignLevel("see-a-doctor", "See a doctor", "See a doctor within a few weeks",
                  f"Book a normal visit with {ed.doctor}."),
    )


SIGN_LEVELS: tuple[SignLevel, ...] = sign_levels()  # the site's edition
LEVEL_IDS = tuple(lvl.id for lvl in SIGN_LEVELS)


def sign_level(level_id: str, edition_id: str = "uk") -> SignLevel:
    """The warning-sign level with this id, in one edition's words; ValueError names an unknown
    id."""
    return _lookup(sign_levels(edition_id), level_id, "warning-sign level")


@dataclass(frozen=True)
class Cause:
    id: str
    group: str
    region: str
    name: str
    label: str | None
    factor: str
    evidence: str  # an id from CAUSE_SCALE
    cite: tuple[str, ...]
    actions: tuple[str, ...]

    @property
    def level_label(self) -> str:
        return cause_level(self.evidence).label


@dataclass(frozen=True)
class Action:
    id: str
    setting: str
    kind: str
    name: str
    advice: str
    evidence: str | None  # an id from EVIDENCE_SCALE; None for a referral
    cite: tuple[str, ...]
    guidelines: dict = field(default_factory=dict)  # guideline id -> verdict id
    caution: str = ""

    @property
    def level_label(self) -> str | None:
        return level(self.evidence).label if self.evidence else None


# Special groups a warning sign can be only for (pregnancy, children and teenagers, older
# adults), so a page or sheet for that group can pick them out. Most signs are for everyone ("").
SIGN_GROUPS = ("pregnancy", "children", "older")
# Where a panel lists a group's signs apart from everyone's, under these words.
SIGN_GROUP_TITLES = {"pregnancy": "If you are pregnant", "children": "Children and teenagers",
                     "older": "Older adults"}
SHORT_MAX_WORDS = 6  # an emergency sign's short form must fit one line of a compact panel


@dataclass(frozen=True)
class WarningSign:
    """A warning sign. `group` names the special group it is only for ("" for everyone);
    `short` is the few-word form of an emergency sign for compact panels ("" for other levels,
    which no compact panel lists)."""
    id: str
    level: str
    region: str
    label: str
    causes: tuple[str, ...]
    cite: tuple[str, ...]
    group: str = ""
    short: str = ""


@dataclass(frozen=True)
class SignNote:
    """A rule printed inside one level's panel, under its signs (e.g. when an urgent sign
    becomes an emergency), for one region or "both"."""
    id: str
    level: str
    region: str
    text: str
    cite: tuple[str, ...]


@dataclass(frozen=True)
class Catalogue:
    groups: tuple[dict, ...]
    causes: tuple[Cause, ...]
    actions: tuple[Action, ...]
    warning_signs: tuple[WarningSign, ...]
    messages: dict
    raw: dict = field(repr=False)
    notes: tuple[SignNote, ...] = ()

    def action(self, action_id: str) -> Action:
        return _lookup(self.actions, action_id, "action")

    def cause(self, cause_id: str) -> Cause:
        return _lookup(self.causes, cause_id, "cause")

    def sign(self, sign_id: str) -> WarningSign:
        return _lookup(self.warning_signs, sign_id, "warning sign")

    def signs(self, level_id: str, region: str | None = None) -> tuple[WarningSign, ...]:
        """The signs of one level, in catalogue order: all of them, or those for one region
        ("back" or "neck", each including the signs marked "both")."""
        return _of_level(self.warning_signs, level_id, region)

    def sign_notes(self, level_id: str, region: str | None = None) -> tuple[SignNote, ...]:
        """The notes of one level's panel: all of them, or those for one region (as signs())."""
        return _of_level(self.notes, level_id, region)

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
    guideline_ids = {g for g, _ in GUIDELINES}
    for c in cat.causes:
        cause_level(c.evidence)
        if c.group not in groups or c.region not in REGIONS:
            raise ValueError(f"cause {c.id!r}: bad group {c.group!r} or region {c.region!r}")
        if (c.label is None) != (c.group == SERIOUS_GROUP):
            raise ValueError(f"cause {c.id!r}: only serious causes lack a checklist label")
        for a in c.actions:
            if a not in action_ids:
                raise ValueError(f"cause {c.id!r} names unknown action {a!r}")
    for a in cat.actions:
        if a.setting not in SETTINGS or a.kind not in ACTION_KINDS:
            raise ValueError(f"action {a.id!r}: bad setting {a.setting!r} or kind {a.kind!r}")
        if a.kind == "referral":
            if a.evidence is not None or a.guidelines:
                raise ValueError(f"referral {a.id!r} must have no evidence grade or verdicts")
            continue
        level(a.evidence)
        if set(a.guidelines) != guideline_ids:
            raise ValueError(f"action {a.id!r}: verdicts needed for exactly {sorted(guideline_ids)}")
        for v in a.guidelines.values():
            verdict(v)
    for n in cat.notes:
        sign_level(n.level)
        if n.region not in REGIONS:
            raise ValueError(f"sign note {n.id!r}: region {n.region!r} is not one of {REGIONS}")
        if not n.text or not n.cite:
            raise ValueError(f"sign note {n.id!r}: needs text and cite")
    for s in cat.warning_signs:
        sign_level(s.level)
        if s.region not in REGIONS:
            raise ValueError(f"warning sign {s.id!r}: bad region {s.region!r}")
        if s.group not in ("", *SIGN_GROUPS):
            raise ValueError(f"warning sign {s.id!r}: bad group {s.group!r}; expected one of "
                             f"{SIGN_GROUPS} or none")
        _check_short(s)
        for c in s.causes:
            if c not in cause_ids:
                raise ValueError(f"warning sign {s.id!r} names unknown cause {c!r}")


def _check_short(sign: WarningSign) -> None:
    """Every emergency sign has a short form of at most SHORT_MAX_WORDS words; no other sign has
    one (a demoted sign keeping its short form would still read as an emergency somewhere)."""
    if sign.level != "emergency":
        if sign.short:
            raise ValueError(f"warning sign {sign.id!r}: short form {sign.short!r} is only for "
                             f"emergency signs, not {sign.level!r}")
        return
    words = len(sign.short.split())
    if not 0 < words <= SHORT_MAX_WORDS:
        raise ValueError(f"emergency sign {sign.id!r}: short form {sign.short!r} must have 1 to "
                         f"{SHORT_MAX_WORDS} words, has {words}")


def _of_level(entries, level_id: str, region: str | None):
    """The entries (signs or sign notes) of one level, for every region (None) or one region
    with the entries marked "both"; ValueError names an unknown level or region."""
    sign_level(level_id)
    if region is not None and region not in REGIONS:
        raise ValueError(f"region must be one of {REGIONS}, got {region!r}")
    return tuple(e for e in entries if e.level == level_id
                 and (region in (None, "both") or e.region in (region, "both")))


def _in_edition(entry: dict, key: str, ed: editions.Edition) -> dict:
    """The entry with its text's {fields} (who to call: {maternity}, {emergency}) filled in from
    the edition; KeyError names an unknown field."""
    return {**entry, key: entry[key].format_map(asdict(ed))}


@functools.lru_cache(maxsize=None)
def load_catalogue(edition_id: str = "uk") -> Catalogue:
    """Read and check data/causes.json (once per process and edition), in the words of one
    edition (data/editions.json): the site is "uk". ValueError names an unknown edition."""
    ed = editions.edition(edition_id)
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    cat = Catalogue(
        groups=tuple(raw["groups"]),
        causes=tuple(Cause(**_tupled(c, "cite", "actions")) for c in raw["causes"]),
        actions=tuple(Action(**_tupled(a, "cite")) for a in raw["actions"]),
        warning_signs=tuple(WarningSign(**_tupled(_in_edition(s, "label", ed), "cite", "causes"))
                            for s in raw["warning_signs"]),
        messages=raw["messages"],
        raw=raw,
        notes=tuple(SignNote(**_tupled(_in_edition(n, "text", ed), "cite"))
                    for n in raw["sign_notes"]),
    )
    _check(cat)
    return cat


@dataclass(frozen=True)
class SignGroup:
    """The ticked warning signs of one level, under that level's own title and message."""
    level: str  # a SIGN_LEVELS id
    title: str
    message: str
    signs: tuple[WarningSign, ...]


@dataclass(frozen=True)
class Assessment:
    """What the checklist shows: the ticked warning signs grouped by level, most serious first
    (each sign under its own level, never under a more serious one), likely contributing factors,
    actions to try (graded ones strongest first, then referrals), actions the evidence advises
    against, and the follow-up line ("see a doctor if not easing after a few weeks"), which is
    None whenever an emergency or urgent sign is ticked: waiting weeks is then the wrong advice."""
    sign_groups: tuple[SignGroup, ...]
    factors: tuple[Cause, ...]
    actions: tuple[Action, ...]
    avoid: tuple[Action, ...]
    follow_up: str | None

    @property
    def alert(self) -> str | None:
        """The most serious level ticked, or None."""
        return self.sign_groups[0].level if self.sign_groups else None

    @property
    def alert_message(self) -> str | None:
        top = self.sign_groups[0] if self.sign_groups else None
        return f"{top.title}. {top.message}" if top else None


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


def _action_rank(action: Action) -> int:
    return _RANK[action.evidence] if action.evidence else len(_RANK)


# Once a sign at one of these levels is ticked, "see a doctor after a few weeks" is wrong advice.
_NO_WAITING_LEVELS = ("emergency", "urgent")


@dataclass(frozen=True)
class Tick:
    """What ticking one checklist id adds to a plan. The checklist rules live here and nowhere
    else: a plan is the union of its ticks' factors and actions, shown in the catalogue's order
    (factors) and ranked order (actions), with the follow-up line only if every tick allows it.
    assess() and the browser (static/cause_checklist.js) both only combine these."""
    level: str | None  # the warning-sign level, None for a cause
    factors: tuple[str, ...]  # the cause itself, or the serious causes a sign points to
    actions: tuple[str, ...]
    follow_up: bool


@functools.lru_cache(maxsize=1)
def checklist_ticks() -> dict[str, Tick]:
    """Every tickable id (causes with a label, then warning signs) and what ticking it adds."""
    cat = load_catalogue()

    def tick(level_id, cause_ids):
        actions = tuple(dict.fromkeys(a for c in cause_ids for a in cat.cause(c).actions))
        return Tick(level_id, tuple(cause_ids), actions, level_id not in _NO_WAITING_LEVELS)

    return ({c.id: tick(None, (c.id,)) for c in cat.causes if c.label}
            | {s.id: tick(s.level, s.causes) for s in cat.warning_signs})


def ranked_actions() -> tuple[Action, ...]:
    """Every action in the order a plan lists them: strongest evidence first, referrals last,
    catalogue order within a level (sorted is stable)."""
    return tuple(sorted(load_catalogue().actions, key=_action_rank))


def assess(selected_ids) -> Assessment:
    """Apply the checklist rules to the ticked ids (order does not matter)."""
    cat = load_catalogue()
    chosen = validate_selection(selected_ids)
    ticks = [checklist_ticks()[i] for i in chosen]
    factor_ids = {f for t in ticks for f in t.factors}
    action_ids = {a for t in ticks for a in t.actions}
    groups = ((lvl, tuple(s for s in cat.warning_signs if s.id in chosen and s.level == lvl.id))
              for lvl in SIGN_LEVELS)
    ranked = [a for a in ranked_actions() if a.id in action_ids]
    return Assessment(
        sign_groups=tuple(SignGroup(lvl.id, lvl.title, lvl.message, signs)
                          for lvl, signs in groups if signs),
        factors=tuple(c for c in cat.causes if c.id in factor_ids),
        actions=tuple(a for a in ranked if a.evidence != "not-recommended"),
        avoid=tuple(a for a in ranked if a.evidence == "not-recommended"),
        follow_up=cat.messages["follow_up"] if all(t.follow_up for t in ticks) else None,
    )


# ----- Tables and panels for the book, as data (the Sphinx extension in _ext/ writes them) -----

def _serious_levels() -> dict[str, str]:
    """Each serious cause's most urgent warning-sign level (the list its card links to)."""
    levels: dict[str, str] = {}
    for sign in load_catalogue().warning_signs:
        for cause_id in sign.causes:
            levels[cause_id] = min(levels.get(cause_id, sign.level), sign.level,
                                   key=LEVEL_IDS.index)
    return levels


@dataclass(frozen=True)
class CauseRow:
    """One cause in a cause table. A serious cause names the warning-sign level whose list to
    go to (`get_help`) and no actions; any other cause lists the actions that may help and,
    apart, those the evidence advises against (each shown with its own label, so a name never
    appears without its verdict)."""
    cause: Cause
    helps: tuple[Action, ...]
    avoid: tuple[Action, ...]
    get_help: SignLevel | None


def cause_table(region: str) -> tuple[CauseRow, ...]:
    """The causes for "back" or "neck" (each includes causes marked "both"), or every cause for
    "both", in catalogue order; ValueError names an unknown region."""
    if region not in REGIONS:
        raise ValueError(f"region must be one of {REGIONS}, got {region!r}")
    cat = load_catalogue()
    levels = _serious_levels()
    rows = []
    for c in cat.causes:
        if region != "both" and c.region not in (region, "both"):
            continue
        if c.group == SERIOUS_GROUP:
            rows.append(CauseRow(c, (), (), sign_level(levels.get(c.id, "urgent"))))
            continue
        acts = [cat.action(a) for a in c.actions]
        rows.append(CauseRow(c, tuple(a for a in acts if a.evidence != "not-recommended"),
                             tuple(a for a in acts if a.evidence == "not-recommended"), None))
    return tuple(rows)


def treatment_table(setting: str) -> tuple[Action, ...]:
    """The actions in one setting, strongest evidence first, referrals last; ValueError names
    an unknown setting."""
    if setting not in SETTINGS:
        raise ValueError(f"setting must be one of {SETTINGS}, got {setting!r}")
    return tuple(sorted((a for a in load_catalogue().actions if a.setting == setting),
                        key=_action_rank))


# A level's panel lists everyone's signs by region, under these words, then each special group's.
REGION_TITLES = {"both": "With back or neck pain", "back": "With back pain",
                 "neck": "With neck pain"}


def signs_by_region(level_id: str) -> tuple[tuple[str, tuple[WarningSign, ...]], ...]:
    """Every sign of one level as (heading, signs) groups: everyone's signs by region
    (REGION_TITLES), then the signs only for a special group under its name
    (SIGN_GROUP_TITLES); empty groups left out. ValueError names an unknown level, or a level
    with no signs."""
    signs = load_catalogue().signs(level_id)
    if not signs:
        raise ValueError(f"no {level_id!r} warning signs in the catalogue")
    groups = [(title, tuple(s for s in signs if s.region == region and not s.group))
              for region, title in REGION_TITLES.items()]
    groups += [(title, tuple(s for s in signs if s.group == group))
               for group, title in SIGN_GROUP_TITLES.items()]
    return tuple((title, found) for title, found in groups if found)


def group_signs(group: str) -> tuple[WarningSign, ...]:
    """The signs only for one special group (SIGN_GROUPS), in catalogue order; ValueError names
    an unknown group."""
    if group not in SIGN_GROUPS:
        raise ValueError(f"special group must be one of {SIGN_GROUPS}, got {group!r}")
    return tuple(s for s in load_catalogue().warning_signs if s.group == group)


# The printed plan ends with every sign that needs help today or sooner, ticked or not.
PRINTED_SIGN_LEVELS = ("emergency", "urgent")


def front_end_catalogue() -> dict:
    """What the checklist's browser code draws, all worked out here so that the browser only
    looks things up and draws (it holds no level, ranking or follow-up rule): the tick groups
    (warning signs grouped by level, most serious first, with each level's title and message),
    each id's Tick, factors in catalogue order and actions in ranked order with their labels,
    the messages, and the levels the printed plan lists in full."""
    cat = load_catalogue()
    groups = [{"name": g["name"], "level": None,
               "items": [{"id": c.id, "label": c.label} for c in cat.causes
                         if c.group == g["id"] and c.label]} for g in cat.groups]
    groups = [g for g in groups if g["items"]] + [
        {"name": f"Warning signs. {lvl.title}", "level": lvl.id, "title": lvl.title,
         "message": lvl.message, "items": [{"id": s.id, "label": s.label}
                                           for s in cat.signs(lvl.id)]}
        for lvl in SIGN_LEVELS]
    return {
        "groups": groups,
        "ticks": {i: asdict(t) for i, t in checklist_ticks().items()},
        "factors": [{"id": c.id, "name": c.name, "label": c.level_label, "text": c.factor}
                    for c in cat.causes],
        "actions": [{"id": a.id, "name": a.name, "label": a.level_label or "ask a professional",
                     "advice": a.advice, "caution": a.caution,
                     "avoid": a.evidence == "not-recommended"} for a in ranked_actions()],
        "messages": cat.messages,
        "printed_sign_levels": list(PRINTED_SIGN_LEVELS),
    }
