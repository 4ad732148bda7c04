"""Project Sphinx extension: catalogue facts in the text, typed once in the catalogues.

A chapter names a catalogue entry and this extension writes the fact, so a label, a verdict or a
dose can only be changed in its data file and every page shows the same words:

- ``{evidence}`heat``` - the treatment's label on the course's evidence scale (bold), read from
  widgets/data/causes.json;
- ``{verdicts}`heat``` - what NICE and ACP say about it ("NICE: No advice. ACP: Recommended.");
- ``{dose}`chin-tuck``` - an exercise's hold, repeats and sets from widgets/data/exercises.json;
- ``{exercise}`chin-tuck``` - an exercise's name, as the heading over it in its chapter;
- ``{sign}`tummy-pain``` - a warning sign's words from widgets/data/causes.json;
- ``{red-flags}`` - the emergency panel: every emergency sign in full (the start page); with
  ``:compact:`` each sign's short form on a few lines and a link to the full
  list, so a chapter does not open with a phone screen of red (every sign still one tap away);
- ``{do-this-now} stay-active heat nsaids`` - a numbered "Do this now" box: each treatment's
  name, advice, label, sources and caution, in the order given (self-care's first steps);
- ``{cause-table} back`` (back, neck or both) and ``{treatment-table} self-care`` (self-care,
  physiotherapy or medicine) - the catalogue as one card per entry on screen and as a table
  that can break across pages in print (each form in an ``only`` block; a chapter puts the
  directive inside its closed evidence dropdown for the web and again in an ``only latex``
  block outside it, since print drops the dropdowns);
- ``{sign-panel} urgent`` - one level's warning-sign panel (when-to-get-help);
  ``{group-signs} pregnancy`` - the signs only for one special group, each led by its level;
- ``{treatment-evidence} heat`` - a treatment's name, label and sources on one line (myths);
- ``{exercise-steps} chin-tuck`` - an exercise's steps, dose, feel, stop line and cautions;
  ``{exercise-evidence}`` - every exercise's label and sources as a table;
- ``{course-glossary}`` - the glossary page: every word of widgets/data/glossary.json, as
  Sphinx's own ``{glossary}`` directive makes it (sorted; each term's ``term-...`` anchor, so
  ``{term}`` links and the booklet's word list work as with a typed glossary);
- ``{spasm-diary}`` - the ruled grid to fill in by hand at the end of the cause checklist's
  print form (LaTeX only: the web shows the live checklist).

Each fact becomes a ``fact`` node that keeps the entry's id: the web page gets a span with a class
(``evidence-label``, ``guideline-verdicts``, ``exercise-dose``) and ``data-treatment`` or
``data-exercise`` naming the entry, so a test can tie every label on the site to its catalogue
entry; print and the other builders show the words alone. An unknown id (or a referral, which
has no grade), region, setting, level or group is an error at its line, naming the value, and
the strict build fails on it. The models only return data; the words around it (MyST from
course_fact_words.py, parsed here like the chapter's own text, so citations resolve) and the
nodes are made here.
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
    BLOCKS, DO_THIS_NOW_TITLE, FACTS, exercise_evidence_markdown,
    first_steps_markdown, glossary_markdown, red_flags_markdown, sign_panel_markdown)


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


def _parse(directive: SphinxDirective, text: str, into: nodes.Element) -> None:
    """Parse MyST from course_fact_words into `into`, as if the chapter had it at this line."""
    directive.state.nested_parse(StringList(text.splitlines(), directive.get_source_info()[0]),
                                 directive.content_offset, into)


def _box(directive: SphinxDirective, title: str, classes: list[str], body: str) -> list:
    box = nodes.admonition(classes=classes)
    box += nodes.title(title, title)
    _parse(directive, body, box)
    return [box]


def _words(directive: SphinxDirective, make, *args):
    """make(*args), or the directive's error at its line naming the bad value."""
    try:
        return make(*args)
    except ValueError as err:
        raise directive.error(f"{directive.name}: {err}") from err


class CatalogueBlock(SphinxDirective):
    """A directive of BLOCKS: its one argument names a region, setting, group or entry."""
    required_arguments = 1

    def run(self):
        holder = nodes.Element()
        _parse(self, _words(self, BLOCKS[self.name], self.arguments[0]), holder)
        return holder.children


class SignPanel(SphinxDirective):
    required_arguments = 1

    def run(self):
        return _box(self, *_words(self, sign_panel_markdown, self.arguments[0]))


class ExerciseEvidence(SphinxDirective):
    def run(self):
        holder = nodes.Element()
        _parse(self, exercise_evidence_markdown(), holder)
        return holder.children


class CourseGlossary(SphinxDirective):
    def run(self):
        holder = nodes.Element()
        _parse(self, f"```{{glossary}}\n{_words(self, glossary_markdown)}\n```", holder)
        return holder.children


# The cause checklist's spasm diary: column heads with their share of the line, and rows to fill.
DIARY_COLUMNS = (("Date", 0.13), ("Pain (0-10)", 0.11), ("What I was doing", 0.25),
                 ("What I tried", 0.25), ("Did it help?", 0.1))
DIARY_ROWS = 8


def diary_latex() -> str:
    """The spasm diary for paper: tall ruled rows to write in by hand, the columns adding up to
    the text width."""
    cols = "|".join(f"p{{{share}\\linewidth}}" for _, share in DIARY_COLUMNS)
    head = " & ".join(f"\\textbf{{{name}}}" for name, _ in DIARY_COLUMNS)
    blank = "\\rule{0pt}{10mm}" + " &" * (len(DIARY_COLUMNS) - 1) + " \\\\\\hline\n"
    return (f"\\par\\noindent\\begin{{tabular}}{{|{cols}|}}\\hline\n{head}\\\\\\hline\n"
            + blank * DIARY_ROWS + "\\end{tabular}\\par")


class SpasmDiary(SphinxDirective):
    def run(self):
        return [nodes.raw("", diary_latex(), format="latex")]


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
    for name in BLOCKS:
        app.add_directive(name, CatalogueBlock)
    app.add_directive("sign-panel", SignPanel)
    app.add_directive("exercise-evidence", ExerciseEvidence)
    app.add_directive("course-glossary", CourseGlossary)
    app.add_directive("spasm-diary", SpasmDiary)
    plain = (_words_only, _words_only)
    app.add_node(fact, html=(visit_fact_html, depart_fact_html), latex=plain, text=plain,
                 man=plain, texinfo=plain)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
