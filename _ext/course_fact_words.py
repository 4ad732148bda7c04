"""The words of the course's catalogue facts, for every reader of the content: the Sphinx
extension (course_facts.py) and the learner-notebook builder (tools/learner_notebooks.py), which
runs on Binder where Sphinx is not installed. Plain functions over the catalogues; no docutils.
"""
from __future__ import annotations

from widgets.causes import load_catalogue, sign_level
from widgets.evidence import guideline_verdicts
from widgets.exercises import dose_text, exercise


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


def sign_words(sign_id: str) -> str:
    """'A high temperature (fever)' for "fever"; ValueError names an unknown id."""
    return load_catalogue().sign(sign_id).label


# role name -> (words for an id, the HTML class, the attribute naming the entry, bold?)
FACTS = {
    "evidence": (evidence_text, "evidence-label", "data-treatment", True),
    "verdicts": (verdicts_text, "guideline-verdicts", "data-treatment", False),
    "dose": (dose_words, "exercise-dose", "data-exercise", False),
    "sign": (sign_words, "warning-sign", "data-sign", False),
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
    learner-notebook builder renders the same panel."""
    emergency, urgent = sign_level("emergency"), sign_level("urgent")
    signs = load_catalogue().signs("emergency")
    classes = ["danger", "red-flag-box", "sign-panel", f"sign-panel-{emergency.id}"]
    if compact:
        items = "\n".join(f"- {s.short}" for s in signs)
        body = (f"Back or neck pain with any of these:\n\n{items}\n\n"
                f"{{ref}}`Every warning sign, in full <emergency-signs>`")
        return emergency.title, [*classes, "red-flag-compact"], body
    items = "\n".join(f"- {s.label}." for s in signs)
    body = (f"Back or neck pain and any of these:\n\n{items}\n\n"
            f"{urgent.title} for other warning signs, such as a fever "
            f"({{ref}}`list of all warning signs <emergency-signs>`).")
    return emergency.title, classes, body
