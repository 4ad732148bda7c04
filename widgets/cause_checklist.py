"""CauseChecklist: tick what applies -> likely factors, actions with evidence labels, and the
message for the most serious warning-sign level ticked (emergency, urgent or see a doctor).

The browser applies the same rules as widgets.causes.assess to the `catalogue` trait, so the
checklist works in the static book with no kernel. With a kernel, `selected` syncs back and
`result` gives the model's answer. Unknown ids set from Python raise ValueError naming the id.
"""
from __future__ import annotations

import traitlets

from . import causes
from ._base import STATIC, Checked, PrintableWidget


def _checked_selection(value) -> list[str]:
    causes.validate_selection(value)
    return list(value)  # keep the reader's order; the rules ignore it


class CauseChecklist(PrintableWidget):
    _esm = STATIC / "cause_checklist.js"
    _css = STATIC / "widgets.css"
    _description = "Cause checklist: tick what applies to get a self-care plan"

    selected = Checked([], lambda value, _name: _checked_selection(value)).tag(sync=True)
    catalogue = traitlets.Dict().tag(sync=True)

    def __init__(self, selected=(), **kwargs):
        super().__init__(selected=list(selected), catalogue=causes.front_end_catalogue(),
                         **kwargs)

    @property
    def result(self) -> causes.Assessment:
        return causes.assess(self.selected)

    def _print_markdown(self) -> str:
        """A paper version of the checklist: the same statements, to tick with a pen."""
        cat = causes.load_catalogue()
        names = {g["id"]: g["name"] for g in cat.groups}
        rows = [(names[c.group], c.label) for c in cat.causes if c.label]
        levels = {lvl.id: lvl.name for lvl in causes.SIGN_LEVELS}
        rows += [(f"Warning sign: {levels[s.level]}", s.label) for s in cat.warning_signs]
        body = "\n".join(f"| {group} | {label} |  |" for group, label in rows)
        return ("Tick the last column for each statement that applies to you. If you tick any "
                "warning sign, get help first: see {ref}`emergency-signs`.\n\n"
                "| Group | Statement | Tick |\n|---|---|---|\n" + body)
