"""The words of the course's catalogue facts, for every reader of the content: the Sphinx
extension (course_facts.py) and the learner-notebook builder (tools/learner_notebooks.py), which
runs on Binder where Sphinx is not installed. Plain functions over the catalogues; no docutils.

The models (widgets/) return data; the MyST here is the one place their tables, cards and panels
get words and layout. It is MyST, not docutils nodes, so the citations, roles and cross-references
in it go through the same parser as the chapter around them (sphinxcontrib-bibtex numbers them,
{evidence} tags them) and the learner notebooks can convert the same text.
"""
from __future__ import annotations

from widgets import exercises
from widgets.causes import (
    cause_table, group_signs, load_catalogue, sign_level, signs_by_region, treatment_table,
)
from widgets.editions import edition
from widgets.evidence import guideline_verdicts, level
from widgets.exercises import dose_text, exercise
from widgets.glossary import load_glossary


def _action(action_id: str):
    action = load_catalogue().action(action_id)
    if action.kind == "referral":
        raise ValueError(f"action {action_id!r} is a referral: it has no evidence label or "
                         "guideline verdicts")
    return action


def evidence_text(action_id: str) -> str:
    """'Good evidence' for "heat"; ValueError names an unknown id or a referral."""
    return _action(action_id).level_label


def verdicts_text(action_id: str) -> str:
    """'NICE: No advice. ACP: Recommended.' for "heat"; ValueError as evidence_text."""
    return " ".join(f"{name}: {label}." for name, label in
                    guideline_verdicts(_action(action_id).guidelines))


def dose_words(exercise_id: str) -> str:
    """'Hold for 5 seconds. Do it 5 times. Do this 3 times a day.' for "chin-tuck"."""
    return dose_text(exercise(exercise_id))


def exercise_name(exercise_id: str) -> str:
    """'Bottom to heels (child's pose)' for "bottom-to-heels": a chapter's heading over the
    exercise, named as the routine, the booklet and the sheets name it."""
    return exercise(exercise_id).name


def sign_words(sign_id: str) -> str:
    """'A high temperature (fever)' for "fever"; ValueError names an unknown id."""
    return load_catalogue().sign(sign_id).label


# Edition words a chapter may name: the site is the "uk" edition; the US Letter booklet swaps each
# for the "us" edition's words (_ext/course_build.py: edition_words).
EDITION_FIELDS = ("crisis_line", "maternity")


def edition_field_words(field: str) -> str:
    """The site edition's words for one field of widgets/data/editions.json, e.g. "crisis_line";
    ValueError names a field a chapter may not use."""
    if field not in EDITION_FIELDS:
        raise ValueError(f"unknown edition field {field!r}: use one of {EDITION_FIELDS}")
    return getattr(edition("uk"), field)


# role name -> (words for an id, the HTML class, the attribute naming the entry, bold?)
FACTS = {
    "evidence": (evidence_text, "evidence-label", "data-treatment", True),
    "verdicts": (verdicts_text, "guideline-verdicts", "data-treatment", False),
    "dose": (dose_words, "exercise-dose", "data-exercise", False),
    "exercise": (exercise_name, "exercise-name", "data-exercise", False),
    "sign": (sign_words, "warning-sign", "data-sign", False),
    "help": (edition_field_words, "edition-words", "data-edition-field", False),
}


DO_THIS_NOW_TITLE = "Do this now"


def first_steps_markdown(action_ids: list[str]) -> str:
    """The "Do this now" list as MyST: one numbered step per treatment, its words from the
    catalogue and its label as an {evidence} role (so the page tags it like every other label).
    The learner-notebook builder renders the same text. ValueError names a bad id."""
    if not action_ids:
        raise ValueError("do-this-now needs at least one treatment id")
    steps = []
    for number, action_id in enumerate(action_ids, 1):
        action = _action(action_id)
        caution = f" **Take care:** {action.caution}" if action.caution else ""
        steps.append(f"{number}. **{action.name}** ({{evidence}}`{action.id}` "
                     f"{{cite:p}}`{','.join(action.cite)}`). {action.advice}{caution}")
    return "\n".join(steps)


def red_flags_markdown(compact: bool = False) -> tuple[str, list[str], str]:
    """The emergency panel as (title, CSS classes, MyST body), read from the catalogue; the
    learner-notebook builder renders the same panel. In full, the signs are grouped under the
    same headings as the level's own panel (signs_by_region); compact, they are one short list
    for the top of a chapter."""
    emergency, urgent = sign_level("emergency"), sign_level("urgent")
    classes = ["danger", "red-flag-box", "sign-panel", f"sign-panel-{emergency.id}"]
    if compact:
        items = "\n".join(f"- {s.short}" for s in load_catalogue().signs(emergency.id))
        body = (f"Back or neck pain with any of these:\n\n{items}\n\n"
                f"{{ref}}`Every warning sign, in full <emergency-signs>`")
        return emergency.title, [*classes, "red-flag-compact"], body
    # Grouped as the level's own panel groups them, so a reader finds one symptom fast.
    groups = "\n\n".join(f"**{title}:**\n\n" + "\n".join(f"- {s.label}." for s in found)
                           for title, found in signs_by_region(emergency.id))
    body = (f"{groups}\n\n"
            f"{urgent.title} for other warning signs, such as a fever "
            f"({{ref}}`list of all warning signs <emergency-signs>`).")
    return emergency.title, classes, body


# ----- Catalogue tables: a card per entry on screen, a real table in print ---------------------

def _cite(keys) -> str:
    return f"{{cite:p}}`{','.join(keys)}`"


def _cell(text: str) -> str:
    """One list-table cell: continuation lines indented under the '  - ' marker."""
    return text.replace("\n", "\n    ")


def _print_table(header: tuple[str, ...], widths: tuple[int, ...],
                 rows: list[tuple[str, ...]]) -> str:
    """A {list-table} for LaTeX with fixed, wrapping column widths that can break across pages
    (longtable), inside an `only latex` block."""
    total = sum(widths)
    # Ragged right: justified text in narrow columns leaves wide gaps between words.
    cols = "|".join(f">{{\\raggedright\\arraybackslash}}\\X{{{w}}}{{{total}}}" for w in widths)
    body = "\n".join("* - " + "\n  - ".join(_cell(c) for c in row) for row in (header, *rows))
    return ("`````{only} latex\n"
            f"````{{tabularcolumns}} |{cols}|\n````\n\n"
            "````{list-table}\n:header-rows: 1\n:class: longtable\n"
            f":widths: {' '.join(str(w) for w in widths)}\n\n{body}\n````\n`````")


def _cards(cards: list[str]) -> str:
    """Screen form: one card per entry, stacked, so nothing scrolls sideways on a phone. One
    wrapper round them all: a closed dropdown flattens its direct children only, so the cards'
    own padding would otherwise leave a tall empty box."""
    inner = "\n\n".join(f"```{{container}} catalogue-card\n{card}\n```" for card in cards)
    return f"`````{{only}} html\n````{{container}} evidence-cards\n{inner}\n````\n`````"


def _named(action) -> str:
    """A treatment named with its own label, so a name never appears without its verdict."""
    return f"{action.name} ({action.level_label})" if action.level_label else action.name


def cause_table_markdown(region: str) -> str:
    """The cause table of one region (widgets.causes.cause_table): each cause with its own label
    on the cause scale and its sources, what it is, what may help and what is not advised; a
    serious cause points to the warning-sign list of its most urgent level. ValueError names an
    unknown region."""
    cards, rows = [], []
    for row in cause_table(region):
        c = row.cause
        label = f"**{c.level_label}** {_cite(c.cite)}"
        if row.get_help:
            helps = (f"Get help: see {{ref}}`{row.get_help.name.lower()} signs "
                     f"<{row.get_help.id}-signs>`")
        else:
            helps = "; ".join(_named(a) for a in row.helps)
        avoid = "; ".join(_named(a) for a in row.avoid)
        card = [f"**{c.name}**", "", label, "", c.factor, "", f"*What may help:* {helps}."]
        if avoid:
            card += ["", f"*Not advised:* {avoid}."]
        cards.append("\n".join(card))
        rows.append((c.name, f"{c.factor}\n\n{label}",
                     helps + (f"\n\nNot advised: {avoid}" if avoid else "")))
    return (_cards(cards) + "\n\n" +
            _print_table(("Possible cause", "What we know", "What may help"), (22, 48, 30), rows))


def _action_label(action) -> str:
    """A treatment's label (the {evidence} role, so the page tags it with the treatment's id)
    with its sources, or for a referral the plain words saying why it has none (a grade on "ask
    your doctor" would read as a reason not to go)."""
    if action.kind == "referral":
        return f"**Ask a professional** (no evidence grade) {_cite(action.cite)}"
    return f"{{evidence}}`{action.id}` {_cite(action.cite)}"


def treatment_table_markdown(setting: str) -> str:
    """The treatments of one setting (widgets.causes.treatment_table), strongest evidence first:
    each with its label and sources, its advice and caution, and the NICE and ACP verdicts.
    ValueError names an unknown setting."""
    cards, rows = [], []
    for a in treatment_table(setting):
        advice = a.advice + (f" *Take care:* {a.caution}" if a.caution else "")
        guide = f"{{verdicts}}`{a.id}`" if a.kind == "treatment" else ""
        card = [f"**{a.name}**", "", _action_label(a), "", advice]
        if guide:
            card += ["", f"*Guidelines:* {guide}"]
        cards.append("\n".join(card))
        rows.append((a.name, advice, _action_label(a) + (f"\n\n{guide}" if guide else "")))
    return (_cards(cards) + "\n\n" +
            _print_table(("Treatment", "What to know", "Evidence and guidelines"), (22, 50, 28),
                         rows))


def treatment_evidence_markdown(action_id: str) -> str:
    """'**Heat:** Evidence: **Good evidence** [sources]' for a myth's verdict line; ValueError
    names an unknown id or a referral."""
    action = _action(action_id)
    return f"**{action.name}:** Evidence: {{evidence}}`{action.id}` {_cite(action.cite)}"


# ----- Warning-sign panels and lists -----------------------------------------------------------

def sign_panel_markdown(level_id: str) -> tuple[str, list[str], str]:
    """One level's panel as (title, CSS classes, MyST body): the title says what to do; the body
    lists every sign of the level by region, then each special group's, then the level's notes
    in bold (when an urgent sign becomes an emergency), and ends with the sources on one line,
    out of the way of the signs. ValueError names an unknown level."""
    lvl = sign_level(level_id)
    parts = []
    for title, signs in signs_by_region(level_id):
        parts += [f"**{title}:**", "", *(f"- {s.label}." for s in signs), ""]
    notes = load_catalogue().sign_notes(level_id)
    parts += [f"**{n.text}**\n" for n in notes]
    keys = sorted({key for x in (*load_catalogue().signs(level_id), *notes) for key in x.cite})
    parts.append(f"Sources: {_cite(keys)}")
    return lvl.title, ["sign-panel", f"sign-panel-{lvl.id}"], "\n".join(parts)


def group_signs_markdown(group: str) -> str:
    """The signs only for one special group, each led by its level. Only an emergency shows the
    whole title ("call 999"); the others show the level's name, because the urgent title's
    "today or tomorrow" would blur the pregnancy signs' "call your maternity unit now".
    ValueError names an unknown group."""
    def lead(sign):
        lvl = sign_level(sign.level)
        return lvl.title if sign.level == "emergency" else lvl.name
    return "\n".join(f"- **{lead(s)}**: {s.label}." for s in group_signs(group))


# ----- Exercises -------------------------------------------------------------------------------

def exercise_steps_markdown(exercise_id: str) -> str:
    """An exercise's steps, dose (the {dose} role), what it should feel like, when to stop and
    its cautions. No citations: the chapter's evidence layer cites the catalogue's sources.
    ValueError names an unknown id."""
    ex = exercise(exercise_id)
    steps = "\n".join(f"{i}. {s}" for i, s in enumerate(ex.steps, 1))
    stop = exercises.load_catalogue().stop_short[ex.region]
    care = "".join(f"\n**Take care:** {text}\n" for text in exercises.cautions(ex))
    return (f"{steps}\n\n**How much:** {{dose}}`{ex.id}`\n\n**What you should feel:** {ex.feel}"
            f"\n\n**Stop if** {stop}\n{care}")


def exercise_evidence_markdown() -> str:
    """Every exercise with its label on the course's evidence scale and its sources, as a
    table."""
    rows = "\n".join(f"| {ex.name} | {level(ex.evidence).label} | {_cite(ex.cite)} |"
                     for ex in exercises.load_catalogue().exercises)
    return f"| Exercise | Evidence | Sources |\n|---|---|---|\n{rows}"


# ----- Glossary -------------------------------------------------------------------------------

def glossary_markdown() -> str:
    """The body of a sorted {glossary} block with every word of widgets/data/glossary.json: its
    meaning with its sources as a {cite:p} role before the full stop, and a link to the page
    that says more. The extension runs Sphinx's own glossary directive on it (so the page, its
    anchors and the booklet's word list are as Sphinx makes them); the learner notebooks list
    the same words."""
    entries = []
    for t in load_glossary():
        text = f"{t.text[:-1]} {_cite(t.cite)}." if t.cite else t.text
        see = f" See {{doc}}`/{t.see}`." if t.see else ""
        entries.append(f"{t.term}\n  {text}{see}")
    return ":sorted:\n\n" + "\n\n".join(entries)


# Directives with one argument (a region, a setting, a group or an entry id) -> its MyST; the
# extension and the learner-notebook builder both read this table.
BLOCKS = {
    "cause-table": cause_table_markdown,
    "treatment-table": treatment_table_markdown,
    "group-signs": group_signs_markdown,
    "treatment-evidence": treatment_evidence_markdown,
    "exercise-steps": exercise_steps_markdown,
}
