"""Project Sphinx extension: build-time tweaks that belong to this course.

Kept as one small local extension (registered in ``_config.yml``) so the content stays plain MyST.

Print (LaTeX/PDF) only:
- code-cell sources are dropped: learners read and run the code in the HTML and on Binder, but a
  printed page for patients and clinicians needs the figures and tables, not the Python;
- the emergency-signs section gets a page to itself, so a clinic can print or pin that one page;
- the red-flag box on every chapter prints with a thick dark-red frame on a pale red ground (a
  generic admonition would print like a blue note), so it stands out on paper and in grey;
- a title page with the author, version, build date and review dates, all read from
  ``myst_substitutions`` in _config.yml (the one place course facts are set).
Every builder: notebook kernels get an IPython directory in the build folder whose kernel config
makes matplotlib send a PDF (vector) beside each PNG; myst-nb's LaTeX output prefers the PDF, so
printed figures stay sharp, while the web page keeps the PNG.
"""
from __future__ import annotations

import os
from pathlib import Path

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.i18n import format_date
from sphinx.util.texescape import escape

EMERGENCY_LABEL = "emergency-signs"
KERNEL_CONFIG = 'get_config().InlineBackend.figure_formats = {"png", "pdf"}\n'
logger = logging.getLogger(__name__)


class DropCodeInPrint(SphinxPostTransform):
    """Remove the source of every code cell (myst-nb marks it ``nb_element``), keep outputs."""

    default_priority = 200
    builders = ("latex",)

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(nodes.container)):
            if node.get("nb_element") == "cell_code_source":
                node.parent.remove(node)


def _page_break() -> nodes.raw:
    return nodes.raw("", "\\clearpage\n", format="latex")


class EmergencySignsOnOwnPage(SphinxPostTransform):
    """Page breaks before and after the section labelled ``(emergency-signs)=``."""

    default_priority = 200
    builders = ("latex",)

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


# Local to a TeX group, so only the red-flag box changes; colours keep AA contrast with black text.
RED_BOX_START = ("\\begingroup\\sphinxsetup{div.note_border-TeXcolor={RGB}{158,0,0}, "
                 "div.note_border-width=2.5pt, div.note_background-TeXcolor={RGB}{255,236,236}, "
                 "div.note_title-background-TeXcolor={RGB}{255,205,205}, "
                 "div.note_title-foreground-TeXcolor={RGB}{158,0,0}}\n")
RED_BOX_END = "\\endgroup\n"


class RedFlagBoxInRed(SphinxPostTransform):
    """Wrap every ``red-flag-box`` admonition in LaTeX that draws it in red."""

    default_priority = 200
    builders = ("latex",)

    def run(self, **kwargs) -> None:
        for box in list(self.document.findall(nodes.admonition)):
            if "red-flag-box" in box["classes"]:
                parent, at = box.parent, box.parent.index(box)
                parent.insert(at + 1, nodes.raw("", RED_BOX_END, format="latex"))
                parent.insert(at, nodes.raw("", RED_BOX_START, format="latex"))


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


def configure(app, config) -> None:
    config.version = config.release = str(config.myst_substitutions["course_version"])
    # One-sided, chapters start on the next page: clinics print single-sided, no blank pages.
    config.latex_elements = {**config.latex_elements, "papersize": "a4paper",
                             "extraclassoptions": "openany,oneside", "releasename": "Version",
                             "maketitle": title_page(config)}
    # Kernels started by myst-nb inherit the environment: point them at our IPython config.
    ipython_dir = Path(app.outdir).parent / "ipython"
    profile = ipython_dir / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "ipython_kernel_config.py").write_text(KERNEL_CONFIG, encoding="utf-8")
    os.environ["IPYTHONDIR"] = str(ipython_dir)


def setup(app):
    app.connect("config-inited", configure)
    app.add_post_transform(DropCodeInPrint)
    app.add_post_transform(EmergencySignsOnOwnPage)
    app.add_post_transform(RedFlagBoxInRed)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
