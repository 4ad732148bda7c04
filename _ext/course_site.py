"""Project Sphinx extension for the published web site (HTML only): fixes the site quality gates
(tests/test_site_browser.py) showed were needed and that no _config.yml setting can make.

- Thebe (live code through a remote kernel) is off in _config.yml, readers use Binder instead,
  but Jupyter Book always loads sphinx-thebe, which still puts its CSS, JS and an inline
  ``const THEBE_JS_URL = "https://unpkg.com/..."`` on every page. Jupyter Book adds that inline
  script twice, so every page logged "Identifier 'THEBE_JS_URL' has already been declared".
  Its handlers are disconnected here, so no page carries thebe at all.
- Bibliography entries: docutils marks each one ``role="doc-biblioentry"`` inside a
  ``role="list"``; axe-core reports the role as deprecated and the list as lacking list items
  (WCAG 1.3.1). They are written as plain list items instead.
- Task lists (``- [ ] step`` in "Try this" boxes) get a checkbox with no label (axe: "Form
  elements must have labels", WCAG 4.1.2); the item's own text becomes its label.
- Patient pages get a header with what a patient uses: print, dark mode, search and the page's
  contents. The Binder launch, GitHub and .ipynb/.md download buttons, and full screen, stay on
  the learner pages (LEARNER_PAGES), where the Bootstrap script their dropdowns need is kept.
- Each widget view gets a plain note after it (.cw-fallback) that the widget loader removes when
  it starts; if it never runs (no JavaScript), course.css shows the note after a short delay,
  so a widget is never just missing.
- Search from the file system (the offline bundle): Sphinx fetches each result's page for a
  snippet, which browsers refuse from file://; there the search page lists the matching pages
  and sections by title and fetches nothing. Over http the snippets stay.
- Every page gets a meta description (its first paragraph), for search engines and link
  previews.
- The top bar's own sidebar toggles are dropped (_templates/sections/header.html says why), so
  the theme's scripts wire the visible ones in the article header.
- The design tokens (widgets/data/tokens.json) become _static/course-tokens.css on every page,
  the custom properties course.css uses.
- Font Awesome: the theme ships three web fonts (about 280 kB) for the 20 or so icons the pages
  use; after the build they are cut down to the glyphs the HTML, scripts and stylesheets name.
"""
from __future__ import annotations

import html
import re
import sys
from pathlib import Path

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.html5 import HTML5Translator

sys.path.insert(0, str(Path(__file__).resolve().parent))
from course_build import learner_docs  # noqa: E402  (the learner part of _toc.yml)

# The learner part's pages (launch, GitHub and download buttons) and the about page.
LEARNER_PAGES = learner_docs(str(Path(__file__).resolve().parents[1])) | {"book/about"}
PRINT_BUTTON = {"type": "javascript", "javascript": "window.print()", "icon": "fas fa-print",
                "tooltip": "Print this page", "label": "print-button"}
BOOTSTRAP_JS = "scripts/bootstrap.js"  # only the header's dropdown menus need it
WIDGET_VIEW = '<script type="application/vnd.jupyter.widget-view+json">'
WIDGET_FALLBACK = ('<p class="cw-fallback">The interactive tool should show here. If it does not, '
                   'turn on JavaScript in your browser or reload the page.</p>')
NO_SNIPPETS_FROM_FILES = ('if (location.protocol === "file:") '
                          'DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;')
DESCRIPTION_CHARS = 155
WEBFONTS = Path("vendor/fontawesome/webfonts")  # under the theme's static folder and _static/
FA_CLASS = re.compile(r"\bfa-[a-z0-9-]+")
CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
ICON_ONLY_SELECTOR = re.compile(r"^\.fa-[a-z0-9-]+:{1,2}before$")
PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]|\\(f[0-9a-f]{3})\b", re.IGNORECASE)
THEBE_MODULE = "sphinx_thebe"
THEBE_CSS = "sphinx-thebe.css"
TASK_CHECKBOX = "task-list-item-checkbox"
NAVBAR_TOGGLE = re.compile(r'<button class="pst-navbar-icon sidebar-toggle (?:primary|secondary)-toggle"'
                           r'.*?</button>\s*', re.DOTALL)


def drop_thebe(app) -> None:
    for listeners in app.events.listeners.values():
        for listener in list(listeners):
            if getattr(listener.handler, "__module__", "") == THEBE_MODULE:
                app.disconnect(listener.id)
    app.registry.css_files[:] = [(name, attrs) for name, attrs in app.registry.css_files
                                 if name != THEBE_CSS]


def visit_citation(self, node) -> None:
    """docutils' visit_citation with role "listitem" in place of "doc-biblioentry"."""
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


class LabelTaskListCheckboxes(SphinxPostTransform):
    """Wrap each task-list checkbox and the text after it in a <label>."""

    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for raw in list(self.document.findall(nodes.raw)):
            if TASK_CHECKBOX in raw.astext() and isinstance(raw.parent, nodes.paragraph):
                paragraph = raw.parent
                paragraph.insert(paragraph.index(raw), nodes.raw("", "<label>", format="html"))
                paragraph.append(nodes.raw("", "</label>", format="html"))


class WidgetFallback(SphinxPostTransform):
    """Put the .cw-fallback note right after each widget view script."""

    default_priority = 200  # after myst-nb has chosen the widget view for HTML (priority 4)
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for raw in list(self.document.findall(nodes.raw)):
            if raw.get("format") == "html" and raw.astext().startswith(WIDGET_VIEW):
                raw.replace_self(nodes.raw("", raw.astext() + WIDGET_FALLBACK, format="html"))


def _description(doctree) -> str:
    """The page's first paragraph outside admonitions and figures, cut to a search snippet."""
    for paragraph in doctree.findall(nodes.paragraph):
        if not any(isinstance(a, (nodes.Admonition, nodes.figure, nodes.table))
                   for a in _ancestors(paragraph)):
            text = " ".join(paragraph.astext().split())
            if len(text) > DESCRIPTION_CHARS:
                text = text[:DESCRIPTION_CHARS].rsplit(" ", 1)[0] + "..."
            return text
    return ""


def _ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node


def _named_toggles(generate):
    """Wrap the theme's sidebar-toc generator so each expand/collapse <summary> (an icon only,
    which axe reports as "summary-name") is named after its chapter."""
    from bs4 import BeautifulSoup
    from markupsafe import Markup

    def generate_toctree_html(*args, **kwargs):
        soup = BeautifulSoup(str(generate(*args, **kwargs)), "html.parser")
        for summary in soup.select("li.has-children > details > summary"):
            if not summary.get_text(strip=True):
                link = summary.find_parent("li").find("a", recursive=False)
                title = link.get_text(" ", strip=True) if link else "this part"
                summary["aria-label"] = f"Show or hide the sections of {title}"
        return Markup(str(soup))

    return generate_toctree_html


def page_context(app, pagename, templatename, context, doctree) -> None:
    """Per-page header buttons, scripts, meta description and named sidebar toggles (after the
    theme's own handlers)."""
    if "generate_toctree_html" in context:
        context["generate_toctree_html"] = _named_toggles(context["generate_toctree_html"])
    if pagename not in LEARNER_PAGES:
        context["header_buttons"] = [PRINT_BUTTON]
        # Sphinx restores its script list after each page, so this edit is for this page only.
        context["course_drop_bootstrap"] = True
    if pagename == "search":
        app.add_js_file(None, body=NO_SNIPPETS_FROM_FILES)
    # Generated pages (search, index) have no text of their own: their title and the book's.
    description = (_description(doctree) if doctree
                   else f"{context.get('title', '')}: {app.config.project}".lstrip(": "))
    if description:
        context["metatags"] = (context.get("metatags", "")
                               + f'\n<meta name="description" content="{html.escape(description)}" />')


def drop_navbar_toggles(header: str):
    """The theme's top bar (sections/header.html) without its hidden sidebar toggle buttons."""
    from markupsafe import Markup
    return Markup(NAVBAR_TOGGLE.sub("", str(header)))


def add_template_filters(app) -> None:
    if hasattr(app.builder, "templates"):  # HTML builders only
        app.builder.templates.environment.filters["drop_navbar_toggles"] = drop_navbar_toggles


TOKENS_CSS = "course-tokens.css"


def write_tokens_css(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        from widgets.tokens import css_variables

        (Path(app.outdir) / "_static" / TOKENS_CSS).write_text(css_variables(), encoding="utf-8")


def icon_codepoints(site: Path) -> set[int]:
    """Font Awesome code points the built site can show: those of the ``.fa-*`` icon classes its
    HTML and scripts name, and every icon character its stylesheets use in other rules (the
    theme's admonition, link and navigation icons)."""
    used = set()
    for path in [*site.rglob("*.html"), *site.rglob("*.js")]:
        used |= set(FA_CLASS.findall(path.read_text(encoding="utf-8", errors="ignore")))
    codes = set()
    for css in site.rglob("*.css"):
        for selectors, body in CSS_RULE.findall(css.read_text(encoding="utf-8")):
            names = [sel.strip() for sel in selectors.split(",")]
            if all(ICON_ONLY_SELECTOR.match(name) for name in names) and not any(
                    name.split(":")[0][1:] in used for name in names):
                continue  # an icon class no page uses
            codes |= {ord(m[0]) if not m[1] else int(m[1], 16)
                      for m in PRIVATE_USE.finditer(body)}
    return codes


def subset_icon_fonts(app, exception) -> None:
    """Rewrite the theme's Font Awesome fonts in the output with only the glyphs in use."""
    if exception or app.builder.format != "html":
        return
    from fontTools import subset
    from fontTools.ttLib import TTFont
    import pydata_sphinx_theme

    site = Path(app.outdir)
    codes = icon_codepoints(site)
    source = Path(pydata_sphinx_theme.__file__).parent / "theme/pydata_sphinx_theme/static"
    for target in (site / "_static" / WEBFONTS).iterdir():  # .woff2 and the .ttf fallbacks
        font = TTFont(source / WEBFONTS / target.name)
        options = subset.Options()
        options.flavor = "woff2" if target.suffix == ".woff2" else None
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codes)
        subsetter.subset(font)
        font.save(target)


def setup(app):
    if THEBE_MODULE in app.extensions:
        drop_thebe(app)
    app.add_node(nodes.citation, override=True,
                 html=(visit_citation, HTML5Translator.depart_citation))
    app.add_post_transform(LabelTaskListCheckboxes)
    app.add_post_transform(WidgetFallback)
    app.connect("builder-inited", add_template_filters)
    app.add_css_file(TOKENS_CSS, priority=200)  # before course.css (500), which uses them
    app.connect("build-finished", write_tokens_css, priority=400)
    app.connect("html-page-context", page_context, priority=600)
    app.connect("build-finished", subset_icon_fonts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
