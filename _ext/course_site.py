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
"""
from __future__ import annotations

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.html5 import HTML5Translator

THEBE_MODULE = "sphinx_thebe"
THEBE_CSS = "sphinx-thebe.css"
TASK_CHECKBOX = "task-list-item-checkbox"


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


def setup(app):
    if THEBE_MODULE in app.extensions:
        drop_thebe(app)
    app.add_node(nodes.citation, override=True,
                 html=(visit_citation, HTML5Translator.depart_citation))
    app.add_post_transform(LabelTaskListCheckboxes)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
