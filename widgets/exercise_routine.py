"""ExerciseRoutine: pick back, neck or both and the time you have; it steps through the exercises
with the pictures, a large countdown for each hold and rest, and the repeat count.

Every routine is planned in Python (widgets.exercises.routine) and sent with the catalogue as
synced data, so the browser only plays the steps: it works in the static book with no kernel and
can never disagree with the catalogue. With a kernel, `region`, `minutes` and `step` sync back and
`steps` gives the model's plan. Bad values set from Python raise ValueError naming the value.
"""
from __future__ import annotations

import io
from dataclasses import astuple

import traitlets

from . import exercises, poses
from ._base import STATIC, WIDGET_CSS, Checked, PrintableWidget

DEFAULT_REGION, DEFAULT_MINUTES = "both", 10


def _step_index(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a whole number, 0 or more, got {value!r}")
    return value


def front_end_data() -> dict:
    """The catalogue as the browser needs it (words, numbers, pictures) and every plan."""
    cat = exercises.load_catalogue()
    items = {}
    for ex in cat.exercises:
        frames = exercises.exercise_pictures(ex)
        items[ex.id] = {"name": ex.name, "region": ex.region, "steps": list(ex.steps),
                        "dose": exercises.dose_text(ex), "feel": ex.feel,
                        "hold_seconds": ex.hold_seconds, "repeats": ex.repeats,
                        "sets_per_day": ex.sets_per_day, "each_side": ex.each_side,
                        "frames_svg": [poses.to_svg(f) for f in frames],
                        "stop": list(exercises.stop_signs(ex)),
                        "cautions": list(exercises.cautions(ex))}
    plans = {f"{r}-{m}": [list(astuple(s)) for s in exercises.routine(r, m)]
             for r in exercises.REGIONS for m in cat.plan["minutes"]}
    return {"exercises": items, "plans": plans, "minutes": cat.plan["minutes"],
            "regions": list(exercises.REGIONS), "step_fields": ["exercise", "phase", "seconds",
                                                                "repeat", "repeats", "side"]}


class ExerciseRoutine(PrintableWidget):
    _esm = STATIC / "exercise_routine.js"
    _css = WIDGET_CSS
    _description = "Guided exercise routine: back, neck or both, with a countdown for each hold"

    region = Checked(DEFAULT_REGION, exercises.check_region).tag(sync=True)
    minutes = Checked(DEFAULT_MINUTES, exercises.check_minutes).tag(sync=True)
    step = Checked(0, _step_index).tag(sync=True)  # where the reader is in the routine
    data = traitlets.Dict().tag(sync=True)

    def __init__(self, region=DEFAULT_REGION, minutes=DEFAULT_MINUTES, **kwargs):
        super().__init__(region=region, minutes=minutes, data=front_end_data(), **kwargs)

    @property
    def steps(self) -> list[exercises.Step]:
        return exercises.routine(self.region, self.minutes)

    @property
    def current(self) -> exercises.Step:
        steps = self.steps
        return steps[min(self.step, len(steps) - 1)]

    def _print_markdown(self) -> str:
        """The routine as a numbered list, for paper."""
        lines = [f"Your {self.minutes}-minute routine ({self.region}):", ""]
        for i, ex in enumerate(exercises.routine_exercises(self.region, self.minutes), 1):
            lines.append(f"{i}. **{ex.name}.** {exercises.dose_text(ex)}")
        return "\n".join(lines)

    def _print_figure(self):
        """The routine as a numbered, illustrated list: start and end pictures and the dose."""
        import matplotlib.pyplot as plt

        items = exercises.routine_exercises(self.region, self.minutes)
        fig, axes = plt.subplots(len(items), 2, figsize=(6.3, 1.25 * len(items)),
                                 gridspec_kw={"width_ratios": [1.15, 1]})
        for i, (ex, (pic_ax, text_ax)) in enumerate(zip(items, axes), 1):
            pair = poses.strip(exercises.exercise_pictures(ex))
            png = io.BytesIO(poses.to_png(pair, width_in=pair.width / 110, dpi=200))
            pic_ax.imshow(plt.imread(png))
            for ax in (pic_ax, text_ax):
                ax.set_axis_off()
            text_ax.text(0, 0.75, f"{i}. {ex.name}", fontsize=10, weight="bold",
                         transform=text_ax.transAxes, va="center")
            text_ax.text(0, 0.3, exercises.dose_text(ex).replace(". ", ".\n"), fontsize=8.5,
                         transform=text_ax.transAxes, va="center")
        fig.subplots_adjust(left=0.01, right=0.99, top=0.99, bottom=0.01, hspace=0.15, wspace=0.05)
        return fig
