"""CauseChecklist: tick what applies -> likely factors, actions with evidence labels, and each
ticked warning sign under its own level's message (emergency, urgent, see a doctor).

Python works out the plan for every tick (widgets.causes.front_end_catalogue) and sends it in the
`catalogue` trait; the browser only looks up and draws, so the checklist works in the static book
with no kernel. With a kernel, `selected` syncs back and `result` gives the model's answer.
Unknown ids set from Python raise ValueError naming the id.
"""
from __future__ import annotations

import traitlets

from . import causes
from ._base import STATIC, WIDGET_CSS, Checked, PrintableWidget


def _checked_selection(value) -> list[str]:
    causes.validate_selection(value)
    return list(value)  # keep the reader's order; the rules ignore it


class CauseChecklist(PrintableWidget):
    _esm = STATIC / "cause_checklist.js"
    _css = WIDGET_CSS
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
        """The paper form: every statement with a box to tick, grouped as on screen (each table
        has a narrow tick column, so nothing runs off the page), then a "My plan" page with the
        self-care steps to tick and a spasm diary grid to fill in (the {spasm-diary} directive
        of _ext/course_facts.py draws it, so no LaTeX is written here)."""
        cat = causes.load_catalogue()

        def ticks(heading: str, labels) -> str:
            rows = "".join(f"* - \u25a1\n  - {label}\n" for label in labels)
            return (f"```{{list-table}}\n:header-rows: 1\n:widths: 9 91\n\n* - Tick\n"
                    f"  - {heading}\n{rows}```\n")

        parts = self._ticked_markdown() + [
            "Tick each box that is true for you. If you tick any warning sign, get help "
            "first: see {ref}`emergency-signs`.\n"]
        parts += [ticks(g["name"], [c.label for c in cat.causes if c.group == g["id"] and c.label])
                  for g in cat.groups if any(c.group == g["id"] and c.label for c in cat.causes)]
        for lvl in causes.SIGN_LEVELS:
            parts.append(ticks(f"Warning signs. {lvl.title}",
                               [s.label for s in cat.warning_signs if s.level == lvl.id]))
            parts.append(lvl.message + "\n")
        steps = [a.name for a in cat.actions if a.setting == causes.SETTINGS[0]]
        parts += ["```{raw} latex\n\\clearpage\n```\n", "**My plan**\n",
                  ticks("Self-care I will try", steps),
                  "Who I will see, and when: ____________________________________\n",
                  "**My spasm diary**\n", "Write one line each day. Pain: 0 is none, 10 is "
                  "the worst you can think of.\n", "```{spasm-diary}\n```\n"]
        return "\n".join(parts)

    def _ticked_markdown(self) -> list[str]:
        """What the reader ticked in a notebook before printing: each warning sign under its own
        level's title and message, most serious first, then the other ticks. Empty if none."""
        if not self.selected:
            return []
        result = self.result
        parts = ["**What I ticked**\n"]
        for group in result.sign_groups:
            parts.append(f"**{group.title}.** {group.message}\n")
            parts.append("".join(f"- {s.label}\n" for s in group.signs))
        causes_ticked = [c.label for c in result.factors if c.id in self.selected]
        if causes_ticked:
            parts += ["**Other things I ticked**\n",
                      "".join(f"- {label}\n" for label in causes_ticked)]
        return parts

