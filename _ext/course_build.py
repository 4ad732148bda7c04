"""Project Sphinx extension: build-time tweaks that belong to this course.

Kept as one small local extension (registered in ``_config.yml``) so the content stays plain MyST.

The PDF (LaTeX) is the print edition: a patient booklet a clinic can hand out, on A4 (book.pdf)
and US Letter (book-letter.pdf). ``print_edition`` in _config.yml sets it; the print build
changes what the chapters hold without any edit to them:
- only the print edition's chapters, in its order (what it is, what to do now, exercises, when
  to get help, then the background), each with its section pages; sections that only work on
  screen or repeat the text as a long table are left out, and links to anything left out point
  at its web address. The start page keeps only its opening lines and its boxes;
- the emergency panel prints in full at the front and as the back page, which is the outside
  back cover (an even page count, with a notes page before it when needed); its last lines are
  the edition's urgent route and the line for a reader abroad; each chapter's compact panel
  becomes a one-line pointer to them;
- after the quizzes, "Words used in this booklet" (the glossary's entries for the words the
  printed pages link to; the words print plain), the main sources, and a print-only "My plan"
  page (week tick chart, who to call, flare-up and return-to-work lines) that the plan boxes
  point to; evidence labels print small and grey; links print black;
- code-cell sources, the evidence layer (``deeper-dive``), the "What you will learn" lists and
  paragraphs or list items that only make sense on screen (``WEB_ONLY``) are dropped; the
  chapters' ``{only} latex`` blocks hold the print wording, and ``{print-verdicts}`` a short
  Helps / May help / Not advised table of a setting's treatments;
- citation numbers are dropped; the book ends with the main sources and the address and a QR
  code of the full, linked list on the website;
- every picture has a caption (a drawing the chapter shows without one gets its section's
  title, an exercise its name), and prints once, at most about a third of a page high;
- a quiz answer is a line under its question, and the two never part across pages; the
  chapters' quizzes print together as the last chapter;
- tables get wrapping columns sized from their text, long ones break across pages, wide ones use
  a smaller type, so no cell runs off the page;
- warning-sign panels print in the web's colours: emergency (and the red-flag box) red, urgent
  amber, see-a-doctor blue;
- a title page with the author, version, build date and review dates, all read from
  ``myst_substitutions`` in _config.yml (the one place course facts are set); 12 pt sans-serif
  body text on a 16 cm measure (about 75 characters a line); a chapter on a new page unless a
  third of a page is left, a heading never alone at a page foot, a short box never split, an
  exercise picture on the page of its steps, three frames in one row.
Every builder: notebook kernels get an IPython directory in the build folder whose kernel config
makes matplotlib send the formats in ``widgets.figures.FIGURE_FORMATS`` (SVG for the web, PDF for
print), so charts stay sharp at any size.
"""
from __future__ import annotations

import math
import os
import re
from pathlib import Path

import yaml
from docutils import nodes
from sphinx import addnodes
from sphinx.builders.latex.nodes import thebibliography
from sphinx_jupyterbook_latex.nodes import RootHeader
from sphinx.transforms.post_transforms import SphinxPostTransform
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective
from sphinx.util.i18n import format_date
from sphinx.util.texescape import escape

from widgets.figures import FIGURE_FORMATS, MIN_FONT_PT, PHONE_FIGSIZE, SIGN_PANEL_COLOURS
from widgets.tokens import rgb

LEARNER_PARTS = ("For learners", "For clinicians")  # not in the patient PDF
EVIDENCE_CLASS = "deeper-dive"
# Boxes left to the web: the evidence layer, and the course's "What you will learn" lists (on
# paper each chapter's opening lines say what it is about).
WEB_ONLY_CLASSES = (EVIDENCE_CLASS, "learning-objectives")
# Screen-only wording: a paragraph or list item that says any of these is left out of print.
WEB_ONLY = re.compile(r"\bsliders?\b|\bBinder\b|Print my plan|\bnotebooks?\b|\bJupyter|\bPython\b"
                      r"|\bwidgets?\b|\bclick\b|\btap\b|\bbuttons?\b|launch button|as you tick"
                      r"|\bscroll|\bdownload", re.I)
# Charts that set no size or type of their own get the phone-readable ones.
KERNEL_CONFIG = (f"get_config().InlineBackend.figure_formats = {set(FIGURE_FORMATS)!r}\n"
                 f"get_config().InlineBackend.rc = {{'figure.figsize': {PHONE_FIGSIZE!r}, "
                 f"'font.size': {MIN_FONT_PT}}}\n")
LONG_TABLE_ROWS = 8  # more body rows than this: a longtable that can break across pages
SMALL_TABLE_COLUMNS = 4  # this many columns or more: set in \small
LINE_CHARS = 90  # characters of table text (\small) across the text width
SHORT_BOX_CHARS = 1500  # about half a page: a box this short prints in one piece


def _latex(text: str) -> nodes.raw:
    return nodes.raw("", text, format="latex")


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


def _wrap(node: nodes.Element, start: str, end: str) -> None:
    parent, at = node.parent, node.parent.index(node)
    parent.insert(at + 1, _latex(end))
    parent.insert(at, _latex(start))


class PrintTransform(SphinxPostTransform):
    default_priority = 200
    builders = ("latex",)


class DropCodeInPrint(PrintTransform):
    """Remove the source of every code cell (myst-nb marks it ``nb_element``), keep outputs."""

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(nodes.container)):
            if node.get("nb_element") == "cell_code_source":
                node.parent.remove(node)


class DropEvidenceAndScreenText(PrintTransform):
    """The patient layer only: no deeper-dive blocks, no screen-only instructions."""

    def run(self, **kwargs) -> None:
        for box in list(self.document.findall(nodes.Element)):
            if any(c in box.get("classes", ()) for c in WEB_ONLY_CLASSES) and box.parent:
                box.parent.remove(box)
        for block in list(self.document.findall(lambda n: isinstance(
                n, (nodes.paragraph, nodes.list_item)))):
            if block.parent is not None and WEB_ONLY.search(block.astext()) \
                    and not any(isinstance(a, nodes.citation) for a in _ancestors(block)):
                parent = block.parent
                parent.remove(block)
                if isinstance(parent, (nodes.bullet_list, nodes.enumerated_list)) \
                        and not parent.children:
                    parent.parent.remove(parent)


def learner_docs(srcdir: str) -> set[str]:
    """Documents in the toc parts printed only for learners (never in the patient PDF)."""
    toc = yaml.safe_load((Path(srcdir) / "_toc.yml").read_text(encoding="utf-8"))
    return {ch["file"] for part in toc.get("parts", []) if part.get("caption") in LEARNER_PARTS
            for ch in part["chapters"]}


def toc_sections(srcdir: str) -> dict[str, list[str]]:
    """Each toc chapter's section pages, in order."""
    toc = yaml.safe_load((Path(srcdir) / "_toc.yml").read_text(encoding="utf-8"))
    return {ch["file"]: [s["file"] for s in ch.get("sections", [])]
            for part in toc.get("parts", []) for ch in part["chapters"]}


def print_edition(config) -> dict:
    """The print edition's settings (``print_edition`` in _config.yml), checked."""
    edition = dict(config.print_edition or {})
    missing = [k for k in ("chapters", "drop_sections", "main_sources") if not edition.get(k)]
    if missing:
        raise ValueError(f"print_edition in _config.yml lacks {missing}")
    return edition


class PrintEditionChapters(PrintTransform):
    """The booklet's chapters are print_edition's ``chapters`` in that order (a chapter's section
    pages stay inside it); the rest of the site, and the sections named in ``drop_sections``
    (screen-only or table-only sections), are left out. A link to a page left out goes to its
    web address. Runs after sphinx-jupyterbook-latex (700)."""

    default_priority = 750

    def run(self, **kwargs) -> None:
        edition = print_edition(self.config)
        order = edition["chapters"]
        starts = [s for s in self.document.findall(addnodes.start_of_file)
                  if not any(isinstance(a, addnodes.start_of_file) for a in _ancestors(s))]
        if not starts:
            return
        unknown = set(order) - {s["docname"] for s in starts}
        if unknown:
            raise ValueError(f"print_edition chapters not in the book: {sorted(unknown)}")
        # A chapter's section pages follow it (at the top level or inside it).
        sequence = [doc for chapter in order for doc in [chapter, *toc_sections(
            self.app.srcdir).get(chapter, [])]]
        parent, at = starts[0].parent, starts[0].parent.index(starts[0])
        kept = {s["docname"]: s for s in starts if s["docname"] in sequence}
        drop = {s["docname"] for s in starts} - set(kept)
        for start in starts:
            if start["docname"] in drop:
                drop |= {n["docname"] for n in start.findall(addnodes.start_of_file)}
            start.parent.remove(start)
        for offset, doc in enumerate(d for d in order if d in kept):
            parent.insert(at + offset, kept[doc])
            chapter = next(iter(kept[doc].findall(nodes.section)))
            for sub in toc_sections(self.app.srcdir).get(doc, []):
                if sub in kept:  # a section page: a section of its chapter, not a chapter
                    chapter.append(kept[sub])
        titles = set(edition["drop_sections"])
        for section in list(self.document.findall(nodes.section)):
            if section.parent is not None and section[0].astext() in titles:
                section.parent.remove(section)
        url = self.config.myst_substitutions["course_url"]
        for ref in list(self.document.findall(nodes.reference)):
            target = ref.get("refuri", "")
            doc, _, anchor = target[1:].partition("#")
            if target.startswith("%") and doc in drop:
                ref["refuri"] = f"{url}{doc}.html" + (f"#{anchor}" if anchor else "")
                ref["internal"] = False
                if doc != GLOSSARY_DOC:  # a glossary word is in the booklet's words list
                    _say_where(ref)


WEB_ONLY_PLACE = " on the course website"


def _say_where(ref: nodes.reference) -> None:
    """On paper a link to a page the booklet leaves out prints as its title only, which reads as
    if the page were in the booklet: quote the title and say where it is (the booklet's front
    gives the address), unless the sentence already says so."""
    parent = ref.parent
    if parent is None or "website" in parent.astext():
        return
    at = parent.index(ref)
    parent.insert(at + 1, nodes.Text("”" + WEB_ONLY_PLACE))
    parent.insert(at, nodes.Text("“"))


# The start page's boxes that the booklet's front keeps: what to do first, the emergency panel
# and what the booklet is not. Its other parts (how to use the site, the evidence scales, a chart
# of how common pain is, a quiz) are for the web.
FRONT_KEEP = ("start-here", "red-flag-box", "warning")


class ShortFront(PrintTransform):
    """The booklet's front (the start page, before the first chapter) keeps its opening lines
    and the FRONT_KEEP boxes, nothing after its first heading (sphinx-jupyterbook-latex turns the
    start page's headings into RootHeader nodes)."""

    default_priority = 755

    def run(self, **kwargs) -> None:
        blocks = (nodes.paragraph, RootHeader, nodes.Admonition, nodes.Sequential,
                  nodes.container, nodes.figure, nodes.table, nodes.raw)
        front = []
        for node in self.document.findall(nodes.Element):
            if isinstance(node, addnodes.start_of_file):
                break  # the first chapter: the front ends here
            if isinstance(node, blocks) and not any(
                    isinstance(a, blocks) for a in _ancestors(node)):
                front.append(node)
        if front:
            front[0].parent.insert(front[0].parent.index(front[0]),
                                   _latex("\\markboth{Start here}{Start here}\n"))
        headed = False
        for node in front:
            headed = headed or isinstance(node, RootHeader)
            keep = (isinstance(node, nodes.Admonition)
                    and any(c in node["classes"] for c in FRONT_KEEP))
            if not keep and (headed or isinstance(node, nodes.Admonition)):
                node.parent.remove(node)


QUIZ_TITLE = "Check yourself"


class QuizzesAtTheEnd(PrintTransform):
    """The chapters' "Check yourself" quizzes print together as the booklet's last chapter, one
    section per chapter titled with the chapter's name: a few questions no longer fill the last
    page of each chapter, and the exercise quiz no longer comes before the exercises."""

    default_priority = 760

    def run(self, **kwargs) -> None:
        quizzes = []
        for start in list(self.document.findall(addnodes.start_of_file)):
            chapter = next(iter(start.findall(nodes.section)), None)
            if chapter is None or start["docname"] not in print_edition(self.config)["chapters"]:
                continue
            quiz = next((s for s in chapter.children if isinstance(s, nodes.section)
                         and s[0].astext() == QUIZ_TITLE), None)
            if quiz is not None:
                chapter.remove(quiz)
                quiz[0].children = []
                quiz[0] += nodes.Text(chapter[0].astext())
                quizzes.append(quiz)
        if quizzes:
            last = nodes.section("", nodes.title(QUIZ_TITLE, QUIZ_TITLE), ids=["print-quizzes"])
            last += nodes.paragraph("", "A few questions for each chapter, with their answers.")
            last.extend(quizzes)
            self.document += last


class QuizAnswersInline(PrintTransform):
    """On paper a quiz answer is a line under its question ("Answer: ..."), not a box, and the
    question and answer are one unbreakable block, so they are never on two pages."""

    default_priority = 190

    def run(self, **kwargs) -> None:
        for box in list(self.document.findall(nodes.Admonition)):
            if "quiz-answer" not in box["classes"]:
                continue
            parent, at = box.parent, box.parent.index(box)
            body = [c for c in box.children if not isinstance(c, nodes.title)]
            if body and isinstance(body[0], nodes.paragraph):
                body[0].insert(0, nodes.strong("Answer: ", "Answer: "))
            box.replace_self(body)
            if at and _bold_only(parent[at - 1]):
                first = parent[at - 1]
            elif isinstance(parent, nodes.list_item):
                first = parent[0]
            else:
                first = body[0]
            parent.insert(parent.index(body[-1]) + 1,
                          _latex("\\end{minipage}\\par\\smallskip\n"))
            parent.insert(parent.index(first),
                          _latex("\\par\\noindent\\begin{minipage}[t]{\\linewidth}\n"))


class QuietEvidenceLabels(PrintTransform):
    """On paper each tip's evidence label ("Evidence: Good evidence") prints after the tip in
    small grey italic (the preamble's \\DUrolecourseevidence), not bold: the reader
    meets the advice first, and the label stays beside the tip it grades (one line per section
    would lose which tip is which), since the course always says how strong the evidence is."""

    def run(self, **kwargs) -> None:
        for fact in list(self.document.findall(lambda n: "evidence-label" in getattr(
                n, "get", lambda *_: ())("classes", ()))):
            parent = fact.parent
            if parent is None:
                continue
            words = [fact.astext()]
            at = parent.index(fact)
            before = at - 1
            while before >= 0 and isinstance(parent[before], nodes.Text) \
                    and not parent[before].strip():
                before -= 1
            lead = parent[before] if before >= 0 else None
            if isinstance(lead, nodes.strong) and lead.astext().startswith("Evidence"):
                words.insert(0, lead.astext())
                parent.remove(lead)
            quiet = nodes.inline("", " ".join(words))
            fact.replace_self(quiet)
            quiet["classes"] = ["courseevidence"]  # one class: \\DUrole then finds its style


FRONT_PANEL_LABEL = "course-emergency-panel"
EMERGENCY_POINTER = (
    "\\par\\noindent{\\color[RGB]{158,0,0}\\bfseries Emergency?}\\ The signs that need help now are on "
    "page~\\pageref{" + FRONT_PANEL_LABEL + "} and on the back page.\\par\\medskip\n")


NOTES_LINES = 12  # fits one US Letter page (16 ran onto a second one)
NOTES_PAGE = ("\\clearpage\\coursefiller{Notes}\n"
              "Questions for your doctor or physiotherapist, and anything else you want to "
              "remember.\\par\\bigskip\n"
              + "\\noindent\\hrulefill\\par\\vspace{7mm}\n" * NOTES_LINES)


def _panel_actions(panel: nodes.Element) -> None:
    """The panel's closing lines in print say what the sheets say, in the edition's words
    (widgets.causes.sign_levels, from editions.json): the emergency level's message (do not
    wait; outside the country, the local number) and the urgent level's title and message (the
    doctor, then NHS 111 or urgent care), then the page of every warning sign. The UK words
    become each edition's by WordsOfEachEdition."""
    from widgets.causes import sign_level

    last = panel[-1]
    link = next(iter(last.findall(nodes.reference)), None) if isinstance(
        last, nodes.paragraph) else None
    if link is None:
        raise ValueError("the emergency panel's last line has no link to every warning sign")
    emergency, urgent = sign_level("emergency"), sign_level("urgent")
    now, _, rest = emergency.message.partition(":")
    panel.remove(last)
    panel += nodes.paragraph("", "", nodes.strong(now + ":", now + ":"), nodes.Text(rest))
    title, _, when = urgent.title.partition(":")
    panel += nodes.paragraph("", "", nodes.strong(title + ":", title + ":"), nodes.Text(
        f"{when} for other warning signs, such as a fever. {urgent.message} See the "),
        link, nodes.Text("."))


def _full_red_flag_box(document) -> nodes.Element | None:
    return next((b for b in document.findall(nodes.Admonition)
                 if "red-flag-box" in b["classes"] and "red-flag-compact" not in b["classes"]),
                None)


def _groups_in_two_columns(panel: nodes.Element) -> None:
    """The panel's sign groups (a bold heading, then its list) print in two columns in a slightly
    smaller type, the column break before the heading that best halves the signs' words, so no
    heading ends a column: the grouped panel then still fits on the booklet's first page with
    the start page's boxes (the back page prints them in one column at full size)."""
    heads = [n for n in panel.children if _bold_only(n)]
    if len(heads) < 2:
        return
    lists = [next(n for n in panel.children[panel.index(h):]
                  if isinstance(n, nodes.bullet_list)) for h in heads]
    sizes = [len(signs.astext()) for signs in lists]
    split = min(range(1, len(heads)), key=lambda i: abs(sum(sizes[:i]) - sum(sizes[i:])))
    panel.insert(panel.index(lists[-1]) + 1, _latex("\\end{multicols}\n"))
    panel.insert(panel.index(heads[split]), _latex("\\columnbreak\n"))
    # Ragged right: justified text in a half-width column leaves wide gaps between words; a
    # small list indent keeps the columns' lines long.
    panel.insert(panel.index(heads[0]), _latex(
        "\\begin{multicols}{2}\\setlength{\\columnsep}{1.2em}\\raggedright"
        "\\setlist[itemize]{leftmargin=1.1em}\\small\n"))


class EmergencyPanelFrontAndBack(PrintTransform):
    """The full emergency panel prints at the front (the first one in the book, on the start
    page) and again as the back page; each chapter's compact panel becomes a one-line pointer to
    them, so the 12-line box is not printed in every chapter."""

    default_priority = 770

    def run(self, **kwargs) -> None:
        front = _full_red_flag_box(self.document)
        if front is None:
            return
        _panel_actions(front)
        back = front.deepcopy()  # the back page has room for the groups in one column
        _groups_in_two_columns(front)
        for box in list(self.document.findall(nodes.Admonition)):
            if "red-flag-box" in box["classes"] and box is not front:
                box.replace_self(_latex(EMERGENCY_POINTER))
        front.parent.insert(front.parent.index(front),
                            _latex(f"\\phantomsection\\label{{{FRONT_PANEL_LABEL}}}\n"))
        for node in back.findall(nodes.Element):
            node["ids"] = []
        # The back page is the outside back cover when printed on both sides: an even number
        # of pages, so a notes page comes before it when the pages so far are an even number.
        self.document += _latex("\\clearpage\\ifodd\\ReadonlyShipoutCounter\\else\n"
                                + NOTES_PAGE + "\\clearpage\\fi\n"
                                "\\markboth{Get help fast}{Get help fast}\n"
                                + panel_start("emergency"))
        self.document += back
        self.document += _latex(PANEL_END)


def _bib_entries(path: Path, keys: list[str]) -> list[str]:
    """One plain line per key: authors (or the organisation), year, title, where published."""
    from pybtex.database import parse_file

    data = parse_file(str(path))
    missing = [k for k in keys if k not in data.entries]
    if missing:
        raise ValueError(f"print_edition main_sources not in {path.name}: {missing}")
    lines = []
    for key in keys:
        entry = data.entries[key]
        people = entry.persons.get("author", [])
        who = (", ".join(" ".join(p.last_names) for p in people[:3]) + (" and others"
               if len(people) > 3 else "")) if people else \
            entry.fields.get("organization", entry.fields.get("publisher", ""))
        where = entry.fields.get("journal", entry.fields.get("publisher", entry.fields.get(
            "howpublished", entry.fields.get("organization", ""))))
        who, where = (re.sub(r"[{}]", "", t) for t in (who, where))
        parts = [who, f"({entry.fields.get('year', 'no date')})",
                 re.sub(r"[{}]", "", entry.fields.get("title", "")) + "."]
        if where and where != who:
            parts.append(where + ".")
        lines.append(" ".join(p for p in parts if p))
    return lines


class MainSourcesAndQRCode(PrintTransform):
    """Print keeps the patient text free of citation numbers and ends with a short list of the
    main sources (print_edition's ``main_sources``) and the address and a QR code of the full,
    linked list on the website, instead of pages of references."""

    default_priority = 765

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(nodes.inline)):
            if "bibtex-citation" in node["classes"] and node.parent is not None:
                parent, at = node.parent, node.parent.index(node)
                parent.remove(node)
                before = parent[at - 1] if at else None
                if isinstance(before, nodes.Text) and before != before.rstrip():
                    # by position: Text nodes that are equal strings are not the same node
                    parent[at - 1] = nodes.Text(before.rstrip())
        for para in list(self.document.findall(nodes.paragraph)):
            if para.astext().strip() in ("Sources:", "Source:") and para.parent is not None:
                para.parent.remove(para)  # a panel's source line, now without its numbers
        for node in list(self.document.findall(nodes.citation)):
            node.parent.remove(node)
        for node in list(self.document.findall(thebibliography)):
            node.parent.remove(node)  # sphinx-jupyterbook-latex's, now empty
        import segno

        edition = print_edition(self.config)
        url = self.config.myst_substitutions["course_url"] + "book/references.html"
        segno.make(url, error="m").save(str(Path(self.app.outdir) / "sources-qr.png"), scale=12,
                                        border=2)
        items = "\n".join(f"\\item {escape(line)}" for line in _bib_entries(
            Path(self.app.srcdir) / self.config.bibtex_bibfiles[0], edition["main_sources"]))
        self.document += _latex(
            "\\courseunnumbered{Main sources}\n"
            "This booklet is based on national guidelines and health service advice. These are "
            "the main sources. The full list, with a link to each one, is on the course website:"
            f"\n\n\\url{{{url}}}\n\n"
            "\\begin{itemize}\n" + items + "\n\\end{itemize}\n"
            "\\begin{center}\\includegraphics[width=3.5cm]{sources-qr.png}\n"
            "\\coursecaption{Point a phone camera at this code to open the full list of "
            "sources.}\n\\end{center}\n")


GLOSSARY_DOC = "book/glossary"
WORDS_TITLE = "Words used in this booklet"
WORDS_LABEL = "course-words"


class GlossaryTermsKept(PrintTransform):
    """Keep the glossary's entries for the words list (WordsAndPlanAtTheEnd) before
    PrintEditionChapters (750) drops the glossary page from the booklet."""

    default_priority = 745

    def run(self, **kwargs) -> None:
        glossary = next((g for s in self.document.findall(addnodes.start_of_file)
                         if s["docname"] == GLOSSARY_DOC for g in s.findall(addnodes.glossary)),
                        None)
        if glossary is not None:
            self.document.course_glossary = glossary.deepcopy()


class WordsAndPlanAtTheEnd(PrintTransform):
    """On paper a glossary word does nothing, so after the quizzes the booklet lists the words
    its printed pages link to, with the glossary's own definitions (book/glossary.md: one fact,
    one place), as "Words used in this booklet"; the words in the text print as plain words.
    The try-this boxes that ask the reader to write a plan (print_edition's ``plan_boxes``)
    point to the "My plan" page (MyPlanPage) by page number. Runs after the booklet's pages are
    chosen (PrintEditionChapters, ShortFront, QuizzesAtTheEnd), so only printed links count."""

    default_priority = 762

    def run(self, **kwargs) -> None:
        glossary = getattr(self.document, "course_glossary", None)
        if glossary is not None:
            self.document.extend(self.words_list(glossary))
        titles = list(print_edition(self.config).get("plan_boxes", []))
        for box in self.document.findall(nodes.Admonition):
            title = box[0].astext() if box.children else ""
            if title in titles:
                titles.remove(title)
                box += _latex("\\par\\textbf{Write it on the My plan page (page~"
                              f"\\pageref{{{PLAN_LABEL}}}).}}\\par\n")
        if titles:
            raise ValueError(f"print_edition plan_boxes not found in the booklet: {titles}")

    def words_list(self, glossary: nodes.Element) -> list[nodes.Node]:
        web = f"{self.config.myst_substitutions['course_url']}{GLOSSARY_DOC}.html#"
        used = set()
        for ref in list(self.document.findall(nodes.reference)):
            if ref.get("refuri", "").startswith(web):
                used.add(ref["refuri"][len(web):])
                ref.replace_self(nodes.inline("", ref.astext()))
        listing = nodes.definition_list()
        for item in glossary.findall(nodes.definition_list_item):
            if set(item[0]["ids"]) & used:
                copy = item.deepcopy()
                for node in copy.findall(nodes.Element):
                    node["ids"] = []
                listing += copy
        if not listing.children:
            return []
        return [_latex(f"\\courseunnumbered{{{WORDS_TITLE}}}\\label{{{WORDS_LABEL}}}\n"),
                nodes.paragraph("", "Medical words the chapters use, in plain language. The "
                                    "full list is on the course website."),
                _latex("\\begin{multicols}{2}\\small\\setlist[description]{labelsep=0pt,"
                       "leftmargin=1.2em}\n"), listing,
                _latex("\\end{multicols}\n")]


class MyPlanPage(PrintTransform):
    """The "My plan" page (my_plan_page) after the main sources, before the back page."""

    default_priority = 767

    def run(self, **kwargs) -> None:
        if any(True for _ in self.document.findall(addnodes.start_of_file)):
            self.document += _latex(my_plan_page())


PLAN_LABEL = "course-my-plan"


def _both(uk: str, us: str) -> str:
    """LaTeX that prints the UK words on A4 and the US words on Letter."""
    return escape(uk) if uk == us else f"\\courseedition{{{escape(uk)}}}{{{escape(us)}}}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _place(urgent_help: str) -> str:
    """Where urgent help is, from the edition's instruction: "call NHS 111" -> "NHS 111"."""
    return re.sub(r"^(call|go to)\s+", "", urgent_help)


def _write_in(label: str, lines: int = 1) -> str:
    return ("\\par\\noindent " + label + "\\enspace\\hrulefill\\par\\vspace{1mm}\n"
            + "\\noindent\\hrulefill\\par\\vspace{1mm}\n" * (lines - 1))


def _chapter_ref(doc: str) -> str:
    """LaTeX for a chapter's number and page ("3, page 8"): Sphinx labels each document."""
    label = f"\\detokenize{{{doc}::doc}}"
    return f"\\ref*{{{label}}}, page~\\pageref*{{{label}}}"


def tick_chart_rows() -> list[tuple[str, list[tuple[str, int]]]]:
    """(stage name, [(name with its times a day, boxes a day)]) for the first-days exercises and
    then the ones to add as moving gets easier (the chapter asks the reader to add them later),
    as the exercise sheets' week chart names them (widgets/data/exercises.json: the "early" and
    "later" stages; each exercise once, in its first stage)."""
    from widgets import exercises, programme

    groups, seen = [], set()
    for stage in (programme.stage("early"), programme.stage("later")):
        new = [i for i in stage.exercises if i not in seen]
        seen |= set(new)
        groups.append((stage.name, [(f"{ex.name} ({ex.sets_per_day} a day)", ex.sets_per_day)
                                    for ex in map(exercises.exercise, new)]))
    return groups


def my_plan_page() -> str:
    """LaTeX for the print-only "My plan" page: a week tick chart of the first-days exercises and
    the ones to add later, the emergency number with the page of the signs and the numbers to
    call, in each edition's words, and lines for the flare-up and return-to-work
    plans the chapters ask the reader to write."""
    from widgets.editions import edition

    uk, us = edition("uk"), edition("us")
    box = "\\framebox(9,9){}"  # about the exercise sheets' 4 mm tick boxes, apart
    rows = "".join(
        f"\\multicolumn{{8}}{{|l|}}{{\\textbf{{{escape(stage)}}}}}\\\\\\hline\n" + "".join(
            f"\\rule[-1.5mm]{{0pt}}{{5mm}}{escape(name)} & "
            + " & ".join(["\\hspace{2pt}".join([box] * n)] * 7) + "\\\\\\hline\n"
            for name, n in found)
        for stage, found in tick_chart_rows())
    days = " & ".join(f"\\textbf{{{d}}}" for d in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat",
                                                      "Sun"))
    doctor = _both(*(_capital(ed.doctor) for ed in (uk, us)))
    urgent = _both(*(_capital(_place(ed.urgent_help)) for ed in (uk, us)))
    maternity = _both(*(_capital(ed.maternity) for ed in (uk, us)))
    emergency = _both(*(f"{ed.emergency} or {ed.emergency_place}" for ed in (uk, us)))
    contacts = (f"\\par\\noindent\\textbf{{Emergency: {emergency}.}} The signs are on page~"
                f"\\pageref{{{FRONT_PANEL_LABEL}}}.\\par\\vspace{{1mm}}\n"
                + _write_in(f"\\textbf{{{doctor}}} (name and phone):")
                + _write_in(f"\\textbf{{{urgent}}} (if you cannot get an appointment):")
                + _write_in(f"\\textbf{{{maternity}}} (if you are pregnant):"))
    return (
        f"\\clearpage\\courseunnumbered{{My plan}}\\label{{{PLAN_LABEL}}}\n"
        "\\coursehead{My exercises}\n"
        "Tick a box each time you do an exercise; add the second group as moving gets easier. "
        "The steps and pictures are in chapter "
        + _chapter_ref("book/exercises") + ". Week starting: \\rule{3cm}{0.4pt}\\par\\smallskip\n"
        "{\\small\\setlength{\\unitlength}{1pt}\\setlength{\\tabcolsep}{2.5pt}"
        "\\noindent\\begin{tabular}{|>{\\raggedright\\arraybackslash}p{6.7cm}|*{7}{c|}}\\hline\n"
        f"& {days}\\\\\\hline\n{rows}\\end{{tabular}}\\par}}\n"
        "\\coursehead{Who to call}\n"
        f"{contacts}"
        "\\coursehead{My flare-up plan (chapter " + _chapter_ref("book/lasting-pain") + ")}\n"
        + _write_in("What eased my pain last time:")
        + _write_in("What I will keep doing on a bad day:")
        + _write_in("How I will build back up:")
        + "\\coursehead{My return to work (chapter " + _chapter_ref("book/daily-life") + ")}\n"
        + _write_in("Parts of my job I can do now:") + _write_in("Parts that are hard for now:")
        + _write_in("Changes that would help:"))


class EachPictureOnce(PrintTransform):
    """A picture that more than one chapter shows (the same image file, such as a position
    drawing) prints only where it first appears: on paper the reader has already seen it."""

    def run(self, **kwargs) -> None:
        seen = set()
        for image in list(self.document.findall(nodes.image)):
            uri = image.get("uri")
            if uri in seen:
                node = image.parent if isinstance(image.parent, nodes.figure) else image
                node.parent.remove(node)
            seen.add(uri)


STRIP_LINE_SHARE = 0.75  # an exercise strip spans at most this much of the line
STRIP_RATIO = 2.5  # a picture this many times wider than tall is a strip
MIN_PPI = 200  # a picture is never stretched below this resolution
LINE_IN = 16 / 2.54  # the text width in inches (SPHINXSETUP's hmargin on A4)


def png_size_in(srcdir: str, uri: str) -> tuple[float, float] | None:
    """A PNG's drawn size in inches (from its resolution, else MIN_PPI); None for any other
    picture."""
    from PIL import Image

    path = Path(srcdir) / uri
    if path.suffix.lower() != ".png" or not path.exists():
        return None
    with Image.open(path) as img:
        ppi = float(img.info.get("dpi", (MIN_PPI,))[0]) or MIN_PPI
        return img.width / ppi, img.height / ppi


def strip_width(srcdir: str, uri: str) -> str | None:
    """The print width of a PNG strip (a picture STRIP_RATIO times wider than tall): the smaller
    of STRIP_LINE_SHARE of the line and its drawn width (an exercise strip is drawn with each
    frame at its print size, widgets.exercises.PRINT_FRAME_MM); None for any other picture."""
    size = png_size_in(srcdir, uri)
    if size is None or size[0] < STRIP_RATIO * size[1]:
        return None
    if size[0] > LINE_IN:  # three frames in a row at 45 mm: drawn size (OverWideCentred)
        return f"{size[0]:.2f}in"
    return f"{min(STRIP_LINE_SHARE * LINE_IN, size[0]):.2f}in"


class CaptionEveryPicture(PrintTransform):
    """On paper every picture has a caption: one that a chapter shows without a caption (an
    exercise or position drawing under its own heading) gets its section's title, so the
    reader can tell which picture goes with which words. A wide strip (an exercise's steps)
    prints narrower than the line (strip_width)."""

    default_priority = 780

    def run(self, **kwargs) -> None:
        for image in list(self.document.findall(nodes.image)):
            if isinstance(image.parent, nodes.figure) or image.parent is None:
                continue
            section = next((a for a in _ancestors(image) if isinstance(a, nodes.section)), None)
            if section is None:
                continue
            title = section[0].astext()
            width = strip_width(self.app.srcdir, image["uri"])
            if width:
                image["width"] = width
            figure = nodes.figure("", align="center")
            image.replace_self(figure)
            size = png_size_in(self.app.srcdir, image["uri"])
            if size and size[0] > LINE_IN:
                # an exercise's three frames in one row (each 45 mm) are a little wider than the
                # line: centred, they reach a few millimetres into each margin
                image["width"] = f"{size[0]:.2f}in"
                figure += [_latex("\\makebox[\\linewidth][c]{"), image, _latex("}")]
            else:
                figure += image
            figure += nodes.caption(title, title)


SIDE_TEXT_MIN_IN = 40 / 25.4  # the steps beside a picture get at least this wide a column
TALL_PICTURE_IN = 90 / 25.4  # beside a picture this tall, the whole exercise text fits
END_BLOCK = "\\end{minipage}\\par\\medskip\n"  # closes a block that prints on one page


class ExerciseTextBesidePicture(PrintTransform):
    """An exercise picture that leaves room on the line (two frames side by side) prints at its
    drawn size, so each frame stays 45 mm wide (issue 22), with the steps in a column beside it,
    and beside a tall picture the rest of the exercise's text too: the exercise takes the
    picture's height, not the picture's and the text's. A picture too wide for that (a strip of
    lying figures, three frames in a row) has its steps under it. Either way an exercise is
    never split across pages: a page copied for a patient holds its dose and its stop rule."""

    default_priority = 785

    def run(self, **kwargs) -> None:
        for figure in list(self.document.findall(nodes.figure)):
            image = next(iter(figure.findall(nodes.image)), None)
            size = image is not None and png_size_in(self.app.srcdir, image["uri"])
            if not size:
                continue
            block = figure
            while block.parent is not None and not isinstance(block.parent, nodes.section):
                block = block.parent
            section = block.parent
            caption = next(iter(figure.findall(nodes.caption)), None)
            if section is None or caption is None or caption.astext() != section[0].astext():
                continue  # not an exercise picture (CaptionEveryPicture titles those)
            at = section.index(block)
            steps = section[at + 1] if at + 1 < len(section) else None
            if not isinstance(steps, nodes.enumerated_list):
                continue
            if image.get("width") or size[0] > LINE_IN - SIDE_TEXT_MIN_IN:
                _keep_whole(section, at)
                continue
            last = section[-1] if size[1] > TALL_PICTURE_IN else steps
            rest = last is not section[-1]  # text under both columns: kept on the same page
            image["width"] = f"{size[0]:.2f}in"
            pic = f"{size[0] + 0.05:.2f}in"
            section.insert(section.index(last) + 1, _latex(END_BLOCK))
            section.insert(at + 1, _latex(
                "\\end{minipage}\\hfill\\begin{minipage}[t]{\\dimexpr\\linewidth-" + pic
                + "-1em\\relax}\\vspace{0pt}\\raggedright\\setlength{\\parskip}{2pt}\n"))
            section.insert(at, _latex(
                "\\par\\noindent\\begin{minipage}[t]{" + pic + "}\\vspace{0pt}"
                "\\courseimagesfullsize\\setlength{\\intextsep}{0pt}\n"))
            if rest:
                _keep_whole(section, at)


def _keep_whole(section: nodes.section, at: int) -> None:
    """Section[at:] (the picture and all the exercise's text after it) in one unbreakable block."""
    section.insert(len(section), _latex(END_BLOCK))
    section.insert(at, _latex("\\par\\noindent\\begin{minipage}{\\linewidth}\n"))


# Print wording per edition: the booklet on A4 is the "uk" edition, on US Letter the "us" edition
# (widgets/data/editions.json), as the sheets are.
def edition_words() -> list[tuple[str, str]]:
    """(UK words, US words) for every phrase that differs between the two editions, longest
    first, so a whole sentence is swapped before its parts: who to call (the editions' fields,
    which win over a spelling; the chapters also name the urgent service alone, "NHS 111") and
    the UK spellings and words of the editions' one list."""
    from widgets.editions import edition, spellings

    uk, us = edition("uk"), edition("us")
    pairs = [*spellings(), (uk.elsewhere, us.elsewhere), (_place(uk.urgent_help),
                                                          _place(us.urgent_help)),
             *((getattr(uk, k), getattr(us, k))
               for k in ("crisis_line", "maternity", "urgent_help", "emergency_place", "doctor",
                         "emergency", "physio"))]
    return sorted({a: b for a, b in pairs if a != b}.items(), key=lambda p: -len(p[0]))


class WordsOfEachEdition(PrintTransform):
    """Every UK phrase of edition_words() prints as ``\\courseedition{UK}{US}``, which the
    preamble resolves by the job: book.pdf says 999, NHS 111 and labour, book-letter.pdf 911,
    urgent care and labor, like the A4 and Letter sheets. Phrases are found as us_words finds
    them (widgets.editions.phrase_finder: whole words, never in a web address)."""

    default_priority = 790

    def run(self, **kwargs) -> None:
        from widgets.editions import found_phrases, phrase_finder, phrase_key

        swap = dict(edition_words())
        finder = phrase_finder(swap)
        for text in list(self.document.findall(nodes.Text)):
            parent = text.parent
            if parent is None or isinstance(parent, (nodes.raw, nodes.literal_block)) \
                    or not any(found_phrases(text, finder)):
                continue
            pieces, end = [], 0
            for match in found_phrases(text, finder):
                pieces.append(nodes.Text(text[end:match.start()]))
                found = " ".join(match.group(0).split())
                pieces.append(_latex(f"\\courseedition{{{escape(found)}}}"
                                     f"{{{escape(swap[phrase_key(found)])}}}"))
                end = match.end()
            pieces.append(nodes.Text(text[end:]))
            at = parent.index(text)
            parent.remove(text)
            for offset, piece in enumerate(p for p in pieces if not isinstance(p, nodes.Text) or p):
                parent.insert(at + offset, piece)


class TablesThatFit(PrintTransform):
    """Every table: wrapping columns sized by their text (unless the source gave widths or a
    ``tabularcolumns`` spec), a longtable when long, smaller type when wide."""

    def run(self, **kwargs) -> None:
        for table in list(self.document.findall(nodes.table)):
            tgroup = next(iter(table.findall(nodes.tgroup)))
            colspecs = [c for c in tgroup.children if isinstance(c, nodes.colspec)]
            rows = list(tgroup.findall(nodes.row))
            if "colwidths-given" not in table["classes"] and not table.get("spec"):
                for colspec, weight in zip(colspecs, column_weights(rows, len(colspecs))):
                    colspec["colwidth"] = weight
                table["classes"] = [c for c in table["classes"] if c != "colwidths-auto"]
                table["classes"].append("colwidths-given")
            if len(rows) > LONG_TABLE_ROWS + 1 and "longtable" not in table["classes"]:
                table["classes"].append("longtable")
            if len(colspecs) >= SMALL_TABLE_COLUMNS:
                _wrap(table, "\\begingroup\\small\n", "\\endgroup\n")


def column_weights(rows: list[nodes.row], count: int) -> list[int]:
    """Relative column widths in per cent: the square root of the mean text length (so a column
    of names is not squeezed by a column of sentences), and room for each column's longest word
    (LINE_CHARS characters fill the text width)."""
    lengths: list[list[int]] = [[] for _ in range(count)]
    longest = [1] * count
    for row in rows:
        for i, entry in enumerate(row.children[:count]):
            text = entry.astext()
            lengths[i].append(len(text))
            longest[i] = max(longest[i], *(len(w) for w in text.split()), 1)
    roots = [math.sqrt(sum(ls) / max(len(ls), 1)) for ls in lengths]
    shares = [max(r / sum(roots), (longest[i] + 2) / LINE_CHARS) for i, r in enumerate(roots)]
    return [max(1, round(100 * s / sum(shares))) for s in shares]


def _bold_only(node: nodes.Node) -> bool:
    """A paragraph that is one bold run (MyST leaves empty text nodes either side of it)."""
    if not isinstance(node, nodes.paragraph):
        return False
    parts = [c for c in node.children if not (isinstance(c, nodes.Text) and not c.strip())]
    return len(parts) == 1 and isinstance(parts[0], nodes.strong)


class ShortBoxesInOnePiece(PrintTransform):
    """An admonition short enough (SHORT_BOX_CHARS) is never split across pages: a title alone at
    a page foot, or a key-points box cut in two, is hard to follow on paper. A bold paragraph
    just before it (a quiz question before its answer) goes in the same unbreakable block."""

    def run(self, **kwargs) -> None:
        for box in list(self.document.findall(nodes.Admonition)):
            if len(box.astext()) > SHORT_BOX_CHARS:
                continue
            parent, at = box.parent, box.parent.index(box)
            first = parent[at - 1] if at and _bold_only(parent[at - 1]) else box
            parent.insert(at + 1, _latex("\\end{minipage}\\par\\medskip\n"))
            parent.insert(parent.index(first), _latex("\\par\\noindent\\begin{minipage}{\\linewidth}\n"))


class KeepQuestionWithAnswer(PrintTransform):
    """A paragraph that is only bold text (a question or lead-in) never ends a page."""

    def run(self, **kwargs) -> None:
        for para in list(self.document.findall(nodes.paragraph)):
            if _bold_only(para) and para.parent:
                para.parent.insert(para.parent.index(para) + 1, _latex("\\nopagebreak[4]\n"))


BOX_TYPES = ("note", "warning", "danger", "attention", "caution", "important", "error", "tip",
             "hint")


def panel_start(level: str) -> str:
    """LaTeX that draws the next admonition as the warning-sign panel of this level, in the
    web's colours (widgets.figures.SIGN_PANEL_COLOURS); local to a TeX group."""
    frame, bar, bar_text, ground = (",".join(map(str, rgb)) for rgb in SIGN_PANEL_COLOURS[level])
    keys = {"border": frame, "title-background": bar, "title-foreground": bar_text,
            "background": ground}
    settings = [f"div.{box}_{key}-TeXcolor={{RGB}}{{{rgb}}}" for box in BOX_TYPES
                for key, rgb in keys.items()]
    settings += [f"div.{box}_border-width=2.5pt" for box in BOX_TYPES]
    # The title's words take the box's text colour; give them the title bar's text colour.
    words = f"\\textcolor[RGB]{{{bar_text}}}{{\\sphinxremovefinalcolon{{#1}}}}"
    titles = "".join(f"\\renewcommand\\sphinxstyle{box}title[1]"
                     f"{{\\sphinxdotitlerowwithicon{{{box}}}{{{words}}}}}" for box in BOX_TYPES)
    return "\\begingroup\\sphinxsetup{" + ", ".join(settings) + "}" + titles + "\n"


PANEL_END = "\\endgroup\n"


def panel_level(classes) -> str | None:
    """The warning-sign level an admonition stands for: the red-flag box is an emergency panel;
    otherwise a class naming a level (``sign-panel-urgent``)."""
    names = " ".join(classes)
    if "red-flag-box" in names:
        return "emergency"
    return next((level for level in SIGN_PANEL_COLOURS if level in names), None)


class WarningPanelsInColour(PrintTransform):
    """Wrap every warning-sign panel in LaTeX that draws it in its level's colours."""

    def run(self, **kwargs) -> None:
        for box in list(self.document.findall(nodes.Admonition)):
            level = panel_level(box["classes"])
            if level:
                _wrap(box, panel_start(level), PANEL_END)


# Plain print words for the course's treatment labels (widgets.evidence.EVIDENCE_SCALE ids):
# the booklet sorts treatments into three columns and leaves the labels' detail to the web.
VERDICT_COLUMNS = (("Helps", ("good",)), ("May help", ("some", "little")),
                   ("Not advised", ("not-recommended",)))


def verdict_columns(setting: str) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """(column heading, [(group label, treatment names)]) for one setting's treatments in the
    catalogue. "May help" is split by the course's label ("Some evidence", "Little evidence"),
    since the second is weaker; the other columns have one unlabelled group. Referrals (no
    grade) are not treatments to choose, so they are left out."""
    from widgets.causes import SETTINGS, load_catalogue
    from widgets.evidence import level

    def level_label(level_id: str) -> str:
        return level(level_id).label

    if setting not in SETTINGS:
        raise ValueError(f"setting must be one of {SETTINGS}, got {setting!r}")
    actions = [a for a in load_catalogue().actions if a.setting == setting and a.evidence]
    columns = []
    for heading, levels in VERDICT_COLUMNS:
        groups = [(level_label(lvl) if len(levels) > 1 else "",
                   [a.name for a in actions if a.evidence == lvl]) for lvl in levels]
        columns.append((heading, [g for g in groups if g[1]]))
    return columns


class PrintVerdicts(SphinxDirective):
    """``{print-verdicts} self-care``: a three-column table (Helps / May help / Not advised) of
    one setting's treatments, for print."""

    required_arguments = 1

    def run(self):
        try:
            columns = verdict_columns(self.arguments[0])
        except ValueError as err:
            raise self.error(f"print-verdicts: {err}") from err
        # A column with none of the setting's treatments is left out: "Helps: None of these"
        # reads as "nothing helps". Each column is as wide as its longest name (within limits),
        # so no column of short names is squeezed to a word a line.
        columns = [(heading, groups) for heading, groups in columns if groups]
        cells = ["\n\n    ".join((f"**{label}:**\n\n    " if label else "")
                                 + "\n    ".join(f"- {n}" for n in names)
                                 for label, names in groups)
                 for _, groups in columns]
        widths = [min(max(max(len(n) for _, names in groups for n in names), 20), 60)
                  for _, groups in columns]
        text = ("```{list-table}\n:header-rows: 1\n:widths: " + " ".join(map(str, widths))
                + "\n\n* - " + "\n  - ".join(h for h, _ in columns) + "\n* - "
                + "\n  - ".join(cells) + "\n```")
        box = nodes.container(classes=["print-verdicts"])
        self.state.nested_parse(StringList(text.splitlines(), self.get_source_info()[0]),
                                self.content_offset, box)
        return [box]


def title_page(config) -> str:
    """LaTeX for the title page, from the project config."""
    subs = config.myst_substitutions
    missing = [k for k in ("course_version", "last_checked_words", "last_checked", "next_review",
                                "course_url")
               if k not in subs]
    if missing:
        raise ValueError(f"myst_substitutions in _config.yml lacks {missing}")
    built = format_date("%d %B %Y", language=config.language or "en")
    lines = [
        ("\\Huge\\bfseries", config.html_title),  # jupyter-book maps `title` here
        ("\\Large", config.author),
        ("\\large", f"Version {subs['course_version']}"),
        ("\\large", f"{subs['last_checked_words']}: {subs['last_checked']}"),
        ("\\large", f"Next review due: {subs['next_review']}"),
        ("\\large", f"This copy made on {built}"),
    ]
    body = "\n\\vspace{0.8em}\n".join(f"{{{size} {escape(text)}\\par}}" for size, text in lines)
    url = subs["course_url"]
    # The contents (chapters only) share the title page: a booklet needs no page for ten lines.
    contents = ("\\vspace{1cm}\n{\\raggedright{\\Large\\bfseries Contents\\par}\\smallskip"
                "\\coursecontents\\par}\n")
    return ("\\begin{titlepage}\\centering\n\\vspace*{0.5cm}\n" + body + "\n" + contents +
            f"\n\\vfill\n{{\\large Read it online: \\url{{{url}}}\\par}}\n\\end{{titlepage}}\n")


# Page, type and heading set-up of the patient PDF (see the module docstring).
FONTS = "\n".join(
    f"\\set{family}font{{{name}}}[Extension=.otf, UprightFont=*, ItalicFont=*Oblique, "
    "BoldFont=*Bold, BoldItalicFont=*BoldOblique]"
    for family, name in (("main", "FreeSans"), ("sans", "FreeSans"), ("mono", "FreeMono")))
PREAMBLE = r"""
\usepackage{etoolbox}
\makeatletter
% A chapter starts a new page unless the page before is less than half full: then it follows on
% under a gap (a booklet does not leave half pages blank; one-sided: never a blank page). The
% heading keeps with the text under it (\nobreak after its rule).
% \Needspace* breaks only when the room is short; \needspace's -100 penalty would draw TeX's
% page break to it on ragged-bottom pages even when the heading fits.
\usepackage{needspace}
\newcommand{\coursechapterbreak}{\par\Needspace*{0.33\textheight}\vspace{2\baselineskip}}
% The booklet's own unnumbered pages (words, main sources, my plan, notes): a chapter heading,
% an entry in the contents and the running foot (\chapter* would always start a new page).
\newcommand{\courseunnumbered}[1]{\coursechapterbreak\@makeschapterhead{#1}%
  \addcontentsline{toc}{chapter}{#1}\markboth{#1}{#1}}
% The notes page, there only when the page count needs it, has no entry in the contents: one more
% line there could push the contents onto a second page, change the page count and so whether
% the notes page is needed, and LaTeX would never settle.
\newcommand{\coursefiller}[1]{\coursechapterbreak\@makeschapterhead{#1}\markboth{#1}{#1}}
\patchcmd{\chapter}{\if@openright\cleardoublepage\else\clearpage\fi}{\coursechapterbreak}{}%
  {\PackageError{course}{cannot patch chapter}{}}
\patchcmd{\chapter}{\thispagestyle{plain}}{}{}{}
\renewcommand{\@makechapterhead}[1]{\vspace*{1.2\baselineskip}{\parindent\z@\raggedright
  \normalfont\Huge\bfseries\ifnum\c@secnumdepth>\m@ne\thechapter.\enspace\fi#1\par\nobreak
  \vskip 4pt{\color{black!40}\hrule height 1pt}\nobreak\vskip 1.2\baselineskip}}
\renewcommand{\@makeschapterhead}[1]{\vspace*{1.2\baselineskip}{\parindent\z@\raggedright
  \normalfont\Huge\bfseries#1\par\nobreak\vskip 4pt{\color{black!40}\hrule height 1pt}
  \nobreak\vskip 1.2\baselineskip}}
% Table cells wrap ragged right.
\newcolumntype{\X}[2]{>{\raggedright\arraybackslash}p{\dimexpr
  (\linewidth-\spx@arrayrulewidth)*#1/#2-\tw@\tabcolsep-\spx@arrayrulewidth\relax}}
\makeatother
% Ragged right (even word spacing is easier to read), no widows or orphans.
\raggedright\setlength{\parindent}{0pt}\setlength{\parskip}{0.25\baselineskip plus 2pt}
% Headings a little closer to their text than Sphinx's default (titlesec, which Sphinx loads).
\titlespacing*{\section}{0pt}{2.2ex plus 1ex minus .2ex}{1ex plus .2ex}
\titlespacing*{\subsection}{0pt}{1.8ex plus .8ex minus .2ex}{0.6ex plus .2ex}
% Pictures and their captions closer to the text around them.
\setlength{\intextsep}{8pt plus 2pt minus 2pt}\setlength{\abovecaptionskip}{4pt}
\clubpenalty=10000 \widowpenalty=10000 \displaywidowpenalty=10000
% 12 pt type on 14 pt lines (117%), a common leading for printed patient leaflets.
\linespread{0.97}
% Code outputs (tables, lists, charts) sit at the text margin, not indented like code.
\renewenvironment{sphinxVerbatimOutput}{}{}
% The bibliography is the book's References chapter, and follows on like the other chapters.
\addto\captionsenglish{\renewcommand{\bibname}{References}}
\renewenvironment{sphinxthebibliography}[1]{\begin{thebibliography}{#1}}{\end{thebibliography}}
\urlstyle{same}
% An evidence label after a tip: small, grey, italic (QuietEvidenceLabels).
% A heading on the My plan page: not a titlesec heading, which would move to the next page in a
% page's last fifth (the page is one sheet to fill in).
\newcommand{\coursehead}[1]{\par\medskip{\large\bfseries #1\par}\nopagebreak\smallskip}
\newcommand{\DUrolecourseevidence}[1]{{\small\itshape\color{black!65}#1}}
% A section heading needs room for a few lines under it, or it goes to the next page.
\pretocmd{\section}{\Needspace*{7\baselineskip}}{}{}
\pretocmd{\subsection}{\Needspace*{5\baselineskip}}{}{}
% The words list in two columns: its entries are short.
\usepackage{multicol}
% The contents list without a heading of its own (it sits on the title page).
\makeatletter\newcommand{\coursecontents}{\@starttoc{toc}}\makeatother
% The running head 1 cm or more from the paper's edge with the 2 cm top margin.
\geometry{headsep=0.4cm}
% A caption without a figure number (the QR code in the unnumbered Main sources chapter).
\newcommand{\coursecaption}[1]{\par\smallskip{\small #1}\par}
% Pictures take at most about a third of the page, so one does not push its text off the page.
\makeatletter\AtBeginDocument{\spx@image@maxheight0.3\textheight}
% An exercise picture beside its text prints at its drawn size (each frame 45 mm wide).
\newcommand{\courseimagesfullsize}{\spx@image@maxheight\textheight}\makeatother
% Lists close up a little: the booklet is read on paper, not tapped on a screen.
\usepackage{enumitem}\setlist{itemsep=1pt, parsep=0pt, topsep=3pt}
% A heading never sits alone at a page foot: Sphinx loads titlesec with nobottomtitles*, which
% moves a heading in the last fifth of a page on. LaTeX's bonus for a break before a heading is
% dropped: on ragged-bottom pages TeX takes such a break over any later one, and a page ends
% half empty before a heading that would have fitted.
\makeatletter\@secpenalty=0\makeatother
% The US Letter edition is the same book typeset on Letter paper (the job named LETTER_TARGET).
\edef\coursejob{\jobname}\edef\courseletterjob{\detokenize{LETTERJOB}}
\ifx\coursejob\courseletterjob\geometry{letterpaper}\fi
% Words that differ per edition (_ext/course_build.py WordsOfEachEdition): UK on A4, US on Letter.
\newcommand{\courseedition}[2]{\ifx\coursejob\courseletterjob#2\else#1\fi}
"""
_BLACK = ",".join(map(str, rgb("black")))
SPHINXSETUP = ", ".join(
    [f"div.{box}_title-foreground-TeXcolor={{RGB}}{{{_BLACK}}}" for box in BOX_TYPES] +
    [f"div.{box}_padding=4pt" for box in BOX_TYPES] +  # boxes a little tighter on paper
    ["hmargin=2.5cm", "vmargin={2cm,2.2cm}",  # a 16 cm measure on A4
     # Links print black: on paper a blue word does nothing (the page number after it is the
     # link there; glossary words are in the "Words used in this booklet" list).
     f"TitleColor={{RGB}}{{{_BLACK}}}", f"InnerLinkColor={{RGB}}{{{_BLACK}}}",
     f"OuterLinkColor={{RGB}}{{{_BLACK}}}"])


LETTER_TARGET = "book-letter.tex"


def add_letter_edition(app, env) -> None:
    """A second LaTeX document, the same book on US Letter paper (jupyter-book sets
    latex_documents after start-up, so this runs when the sources have been read)."""
    docs = app.config.latex_documents
    if app.builder.name == "latex" and not any(d[1] == LETTER_TARGET for d in docs):
        first = docs[0]
        app.config.latex_documents = [*docs, (first[0], LETTER_TARGET, *first[2:])]


def configure(app, config) -> None:
    config.version = config.release = str(config.myst_substitutions["course_version"])
    # One-sided layout (no blank pages between chapters); the page count is even, so printed on
    # both sides the emergency panel is the outside back cover (EmergencyPanelFrontAndBack).
    config.latex_elements = {
        **config.latex_elements, "papersize": "a4paper", "pointsize": "12pt",
        "extraclassoptions": "openany,oneside", "releasename": "Version",
        "maketitle": title_page(config), "fontpkg": FONTS,
        "fncychap": "", "figure_align": "H", "printindex": "", "sphinxsetup": SPHINXSETUP,
        # The contents list chapters only, on the title page (see title_page).
        "tocdepth": "\\setcounter{tocdepth}{0}", "tableofcontents": "",
        "preamble": config.latex_elements.get("preamble", "")
        + PREAMBLE.replace("LETTERJOB", LETTER_TARGET.removesuffix(".tex"))}
    print_edition(config)
    # Kernels started by myst-nb inherit the environment: point them at our IPython config.
    ipython_dir = Path(app.outdir).parent / "ipython"
    profile = ipython_dir / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "ipython_kernel_config.py").write_text(KERNEL_CONFIG, encoding="utf-8")
    os.environ["IPYTHONDIR"] = str(ipython_dir)


def setup(app):
    app.add_config_value("print_edition", {}, "env")
    app.add_directive("print-verdicts", PrintVerdicts)
    app.connect("config-inited", configure)
    app.connect("env-updated", add_letter_edition)
    for transform in (DropCodeInPrint, DropEvidenceAndScreenText, PrintEditionChapters,
                      ShortFront, QuizzesAtTheEnd, QuizAnswersInline, GlossaryTermsKept,
                      WordsAndPlanAtTheEnd, MainSourcesAndQRCode, MyPlanPage,
                      EmergencyPanelFrontAndBack, QuietEvidenceLabels,
                      EachPictureOnce, CaptionEveryPicture, ExerciseTextBesidePicture,
                      WordsOfEachEdition, TablesThatFit, ShortBoxesInOnePiece,
                      KeepQuestionWithAnswer, WarningPanelsInColour):
        app.add_post_transform(transform)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
