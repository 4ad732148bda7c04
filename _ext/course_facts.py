"""Project Sphinx extension: catalogue facts in the text, typed once in the catalogues.

A chapter names a catalogue entry and this extension writes the fact, so a label, a verdict or a
dose can only be changed in its data file and every page shows the same words:

- ``{evidence}`heat``` - the treatment's label on the course's evidence scale (bold), read from
  widgets/data/causes.json;
- ``{verdicts}`heat``` - what NICE and ACP say about it ("NICE: No advice. ACP: Recommended.");
- ``{dose}`chin-tuck``` - an exercise's hold, repeats and sets from widgets/data/exercises.json;
- ``{sign}`tummy-pain``` - a warning sign's words from widgets/data/causes.json;
- ``{red-flags}`` - the emergency panel: every emergency sign in full (the start page); with
  ``:compact:`` each sign's short form on a few lines and a link to the full
  list, so a chapter does not open with a phone screen of red (every sign still one tap away);
- ``{do-this-now} stay-active heat nsaids`` - a numbered "Do this now" box: each treatment's
  name, advice, label, sources and caution, in the order given (self-care's first steps).

Each fact becomes a ``fact`` node that keeps the entry's id: the web page gets a span with a class
(``evidence-label``, ``guideline-verdicts``, ``exercise-dose``) and ``data-treatment`` or
``data-exercise`` naming the entry, so a test can tie every label on the site to its catalogue
entry; print and the other builders show the words alone. An unknown id (or a referral, which
has no grade) is an error at its line, naming the id, and the strict build fails on it.
The models only return data; the words around it and the nodes are made here.
"""
from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from docutils.parsers.rst import directives

from widgets.causes import load_catalogue, sign_level
from widgets.evidence import guideline_verdicts
from widgets.exercises import dose_text, exercise


class fact(nodes.Inline, nodes.TextElement):
    """A catalogue fact in running text; ``entry_attribute`` names the entry on the web."""


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


def fact_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    words, css_class, attribute, bold = FACTS[name]
    entry = text.strip()
    try:
        shown = words(entry)
    except ValueError as err:
        msg = inliner.reporter.error(f"{{{name}}}`{entry}`: {err}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    child = nodes.strong(shown, shown) if bold else nodes.Text(shown)
    node = fact(rawtext, "", child, classes=["course-fact", css_class])
    node["entry_attribute"], node["entry"] = attribute, entry
    return [node], []


def visit_fact_html(self, node: fact) -> None:
    self.body.append(self.starttag(node, "span", "", **{node["entry_attribute"]: node["entry"]}))


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


def _box(directive: SphinxDirective, title: str, classes: list[str], body: str) -> list:
    box = nodes.admonition(classes=classes)
    box += nodes.title(title, title)
    directive.state.nested_parse(StringList(body.splitlines(), directive.get_source_info()[0]),
                                 directive.content_offset, box)
    return [box]


class RedFlags(SphinxDirective):
    option_spec = {"compact": directives.flag}

    def run(self):
        return _box(self, *red_flags_markdown("compact" in self.options))


class DoThisNow(SphinxDirective):
    required_arguments = 1
    final_argument_whitespace = True

    def run(self):
        try:
            text = first_steps_markdown(self.arguments[0].split())
        except ValueError as err:
            raise self.error(f"do-this-now: {err}") from err
        return _box(self, DO_THIS_NOW_TITLE, ["tip", "do-this-now"], text)


def depart_fact_html(self, node: fact) -> None:
    self.body.append("</span>")


def _words_only(self, node: fact) -> None:
    """Print, text, man and texinfo show the fact's words (its children) and nothing more."""


def setup(app):
    for name in FACTS:
        app.add_role(name, fact_role)
    app.add_directive("do-this-now", DoThisNow)
    app.add_directive("red-flags", RedFlags)
    plain = (_words_only, _words_only)
    app.add_node(fact, html=(visit_fact_html, depart_fact_html), latex=plain, text=plain,
                 man=plain, texinfo=plain)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
