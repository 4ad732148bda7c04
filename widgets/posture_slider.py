"""PostureSlider: head bend and hours -> modelled neck load (Hansraj 2014) and a habit message.

The browser computes the load from the `model` trait (the same table and rules as
widgets.posture), so the widget works in the static book with no kernel. With a kernel, Python
sees `angle` and `hours` change and `load_kg`, `load_lb`, `load_text`, `message` give the model's
answer for them. Bad values set from Python raise ValueError naming the value.
"""
from __future__ import annotations

import traitlets

from . import posture
from ._base import STATIC, WIDGET_CSS, Checked, PrintableWidget
from ._validate import number_in_range
from .figures import PALETTE


class PostureSlider(PrintableWidget):
    _esm = STATIC / "posture_slider.js"
    _css = WIDGET_CSS
    _description = "Posture slider: modelled neck load by head bend (Hansraj 2014 model)"

    angle = Checked(posture.DEFAULT_ANGLE, lambda v, name: number_in_range(
        v, name, *posture.ANGLE_RANGE)).tag(sync=True)
    hours = Checked(posture.DEFAULT_HOURS, lambda v, name: number_in_range(
        v, name, *posture.HOURS_RANGE)).tag(sync=True)
    model = traitlets.Dict().tag(sync=True)

    def __init__(self, angle=posture.DEFAULT_ANGLE, hours=posture.DEFAULT_HOURS, **kwargs):
        super().__init__(angle=angle, hours=hours,
                         model=posture.front_end_model() | {"palette": PALETTE}, **kwargs)

    @property
    def load_kg(self) -> float:
        return posture.neck_load_kg(self.angle)

    @property
    def load_lb(self) -> float:
        return posture.neck_load_lb(self.angle)

    @property
    def load_text(self) -> str:
        return posture.load_text(self.angle)

    @property
    def message(self) -> str:
        return posture.habit_message(self.angle, self.hours)

    def _print_markdown(self) -> str:
        """On paper: the model's published points as a table (the chapter's chart is the picture;
        a second chart at one setting would print the same curve twice)."""
        rows = "\n".join(f"| {p.angle} | {p.kg:g} kg ({p.lb:g} lb) |" for p in posture.HANSRAJ_TABLE)
        return ("| Head bent forward (degrees) | Modelled load on the neck |\n|---|---|\n"
                f"{rows}\n\n{posture.CAVEAT}")
