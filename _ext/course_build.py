"""Project Sphinx extension: build-time tweaks that belong to this course.

Kept as one small local extension (registered in ``_config.yml``) so the content stays plain MyST.

The PDF (LaTeX) is the *patient* book, so the print build changes what the chapters hold without
any edit to them:
- the learner part (the toc part captioned ``For learners``) and pages left with nothing to say
  on paper (the References page, whose list LaTeX prints at the end) are dropped; links to a
  dropped page point at its web address instead;
- a picture shown in more than one chapter prints once, where it first appears;
- code-cell sources, the evidence layer (admonitions with the class ``deeper-dive``) and
  paragraphs or list items that only make sense on screen (sliders, buttons, Binder, notebooks:
  ``WEB_ONLY``) are dropped; the widgets' print forms say what to do on paper;
- tables get wrapping columns sized from their text, long ones break across pages, wide ones use
  a smaller type, so no cell runs off the page;
- the emergency-signs section gets a page to itself, so a clinic can print or pin that one page;
- warning-sign panels print in the web's colours: emergency (and the red-flag box) red, urgent
  amber, see-a-doctor blue;
- a title page with the author, version, build date and review dates, all read from
  ``myst_substitutions`` in _config.yml (the one place course facts are set); 12 pt sans-serif
  body text on a 15 cm measure (about 70 characters a line); chapters follow on without a blank
  page, a short box is never split, and a bold question keeps to its answer.
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
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.i18n import format_date
from sphinx.util.texescape import escape

from widgets.figures import FIGURE_FORMATS, MIN_FONT_PT, PHONE_FIGSIZE, SIGN_PANEL_COLOURS
from widgets.tokens import rgb

EMERGENCY_LABEL = "emergency-signs"
LEARNER_PARTS = ("For learners", "For clinicians")  # not in the patient PDF
EVIDENCE_CLASS = "deeper-dive"
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
logger = logging.getLogger(__name__)


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
            if EVIDENCE_CLASS in box.get("classes", ()) and box.parent is not None:
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
    """Documents in the toc parts printed only for learners (not in the patient PDF)."""
    toc = yaml.safe_load((Path(srcdir) / "_toc.yml").read_text(encoding="utf-8"))
    return {ch["file"] for part in toc.get("parts", []) if part.get("caption") in LEARNER_PARTS
            for ch in part["chapters"]}


class DropLearnerAndEmptyPages(PrintTransform):
    """Drop the learner part and any page with no text of its own once its bibliography has been
    moved to the end (runs after sphinx-jupyterbook-latex's 700); links to a dropped page go to
    its web address."""

    default_priority = 750

    def run(self, **kwargs) -> None:
        drop = learner_docs(self.app.srcdir)
        for start in list(self.document.findall(addnodes.start_of_file)):
            section = next(iter(start.findall(nodes.section)), None)
            empty = section is not None and not section.astext().removeprefix(
                section[0].astext()).strip()
            if start["docname"] in drop or empty:
                drop.add(start["docname"])
                start.parent.remove(start)
        url = self.config.myst_substitutions["course_url"]
        for ref in list(self.document.findall(nodes.reference)):
            target = ref.get("refuri", "")
            doc, _, anchor = target[1:].partition("#")
            if target.startswith("%") and doc in drop:
                ref["refuri"] = f"{url}{doc}.html" + (f"#{anchor}" if anchor else "")
                ref["internal"] = False


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


class ShortBoxesInOnePiece(PrintTransform):
    """An admonition short enough (SHORT_BOX_CHARS) is never split across pages: a title alone at
    a page foot, or a key-points box cut in two, is hard to follow on paper."""

    def run(self, **kwargs) -> None:
        for box in list(self.document.findall(nodes.Admonition)):
            if len(box.astext()) <= SHORT_BOX_CHARS:
                _wrap(box, "\\par\\noindent\\begin{minipage}{\\linewidth}\n",
                      "\\end{minipage}\\par\\medskip\n")


class KeepQuestionWithAnswer(PrintTransform):
    """A paragraph that is only bold text (a question or lead-in) never ends a page."""

    def run(self, **kwargs) -> None:
        for para in list(self.document.findall(nodes.paragraph)):
            if len(para.children) == 1 and isinstance(para[0], nodes.strong) and para.parent:
                para.parent.insert(para.parent.index(para) + 1, _latex("\\nopagebreak[4]\n"))


def _page_break() -> nodes.raw:
    return _latex("\\clearpage\n")


class EmergencySignsOnOwnPage(PrintTransform):
    """Page breaks before and after the section labelled ``(emergency-signs)=``."""

    def run(self, **kwargs) -> None:
        sections = [s for s in self.document.findall(nodes.section) if EMERGENCY_LABEL in s["ids"]]
        if not sections:
            logger.warning(f"no section labelled ({EMERGENCY_LABEL})= to put on its own page")
        for section in sections:
            parent = section.parent
            at = parent.index(section)
            while at and isinstance(parent[at - 1], nodes.target):  # keep the label with it
                at -= 1
            parent.insert(parent.index(section) + 1, _page_break())
            parent.insert(at, _page_break())


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


def title_page(config) -> str:
    """LaTeX for the title page, from the project config."""
    subs = config.myst_substitutions
    missing = [k for k in ("course_version", "last_reviewed", "next_review", "course_url")
               if k not in subs]
    if missing:
        raise ValueError(f"myst_substitutions in _config.yml lacks {missing}")
    built = format_date("%d %B %Y", language=config.language or "en")
    lines = [
        ("\\Huge\\bfseries", config.html_title),  # jupyter-book maps `title` here
        ("\\Large", config.author),
        ("\\large", f"Version {subs['course_version']}"),
        ("\\large", f"Last reviewed: {subs['last_reviewed']}"),
        ("\\large", f"Next review due: {subs['next_review']}"),
        ("\\large", f"This copy printed from the build of {built}"),
    ]
    body = "\n\\vspace{1.2em}\n".join(f"{{{size} {escape(text)}\\par}}" for size, text in lines)
    url = subs["course_url"]
    return ("\\begin{titlepage}\\centering\n\\vspace*{3cm}\n" + body +
            f"\n\\vfill\n{{\\large Read it online: \\url{{{url}}}\\par}}\n\\end{{titlepage}}\n")


# Page, type and heading set-up of the patient PDF (see the module docstring).
FONTS = "\n".join(
    f"\\set{family}font{{{name}}}[Extension=.otf, UprightFont=*, ItalicFont=*Oblique, "
    "BoldFont=*Bold, BoldItalicFont=*BoldOblique]"
    for family, name in (("main", "FreeSans"), ("sans", "FreeSans"), ("mono", "FreeMono")))
PREAMBLE = r"""
\usepackage{etoolbox}
\makeatletter
% Chapters follow on the same page (no near-empty page before each one); the heading keeps
% with the text under it (\nobreak after its rule).
\patchcmd{\chapter}{\if@openright\cleardoublepage\else\clearpage\fi}{\par}{}%
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
\raggedright\setlength{\parindent}{0pt}\setlength{\parskip}{0.5\baselineskip plus 2pt}
\clubpenalty=10000 \widowpenalty=10000 \displaywidowpenalty=10000
% Code outputs (tables, lists, charts) sit at the text margin, not indented like code.
\renewenvironment{sphinxVerbatimOutput}{}{}
% The bibliography is the book's References chapter, and follows on like the other chapters.
\addto\captionsenglish{\renewcommand{\bibname}{References}}
\renewenvironment{sphinxthebibliography}[1]{\begin{thebibliography}{#1}}{\end{thebibliography}}
\urlstyle{same}
"""
_BLACK, _LINK = (",".join(map(str, rgb(name))) for name in ("black", "blue-dark"))
SPHINXSETUP = ", ".join(
    [f"div.{box}_title-foreground-TeXcolor={{RGB}}{{{_BLACK}}}" for box in BOX_TYPES] +
    ["hmargin=3cm", "vmargin={2.5cm,2.6cm}",  # a 15 cm measure on A4
     f"TitleColor={{RGB}}{{{_BLACK}}}", f"InnerLinkColor={{RGB}}{{{_LINK}}}",
     f"OuterLinkColor={{RGB}}{{{_LINK}}}"])


def configure(app, config) -> None:
    config.version = config.release = str(config.myst_substitutions["course_version"])
    # One-sided, chapters start on the next page: clinics print single-sided, no blank pages.
    config.latex_elements = {
        **config.latex_elements, "papersize": "a4paper", "pointsize": "12pt",
        "extraclassoptions": "openany,oneside", "releasename": "Version",
        "maketitle": title_page(config), "fontpkg": FONTS,
        "fncychap": "", "figure_align": "H", "printindex": "", "sphinxsetup": SPHINXSETUP,
        "preamble": config.latex_elements.get("preamble", "") + PREAMBLE}
    # Kernels started by myst-nb inherit the environment: point them at our IPython config.
    ipython_dir = Path(app.outdir).parent / "ipython"
    profile = ipython_dir / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "ipython_kernel_config.py").write_text(KERNEL_CONFIG, encoding="utf-8")
    os.environ["IPYTHONDIR"] = str(ipython_dir)


def setup(app):
    app.connect("config-inited", configure)
    for transform in (DropCodeInPrint, DropEvidenceAndScreenText, DropLearnerAndEmptyPages,
                      EachPictureOnce, TablesThatFit, ShortBoxesInOnePiece,
                      KeepQuestionWithAnswer, EmergencySignsOnOwnPage, WarningPanelsInColour):
        app.add_post_transform(transform)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
