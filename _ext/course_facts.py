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

import sys
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from docutils.parsers.rst import directives

# The words themselves come from a module with no Sphinx in it, so Binder (no Sphinx) can write
# the same words into the learner notebooks.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from course_fact_words import (  # noqa: E402
    DO_THIS_NOW_TITLE, FACTS, first_steps_markdown, red_flags_markdown)


class fact(nodes.Inline, nodes.TextElement):
    """A catalogue fact in running text; ``entry_attribute`` names the entry on the web."""


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
