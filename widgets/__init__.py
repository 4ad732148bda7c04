"""Interactive widgets and the plain-Python models behind them for the spasm course.

Plain models and data: evidence, posture, causes (data/causes.json), figures, poses and
exercises (data/exercises.json: exercise and position drawings for any chapter).
Widgets (anywidget): PostureSlider, CauseChecklist, ExerciseRoutine - live in the static book with
no kernel, live in Jupyter with a kernel, and printed as a picture or table in the PDF.
"""
from .cause_checklist import CauseChecklist
from .causes import assess, cause_table, load_catalogue, treatment_table
from .evidence import EVIDENCE_SCALE, level
from .exercise_routine import ExerciseRoutine
from .exercises import exercise_figure, position_figure
from .figures import PALETTE, plot_neck_load
from .posture import HANSRAJ_TABLE, habit_message, neck_load_kg, neck_load_lb
from .posture_slider import PostureSlider

__all__ = [
    "EVIDENCE_SCALE", "HANSRAJ_TABLE", "PALETTE", "CauseChecklist", "ExerciseRoutine",
    "PostureSlider", "assess", "cause_table", "exercise_figure", "position_figure",
    "habit_message", "level", "load_catalogue", "neck_load_kg", "neck_load_lb", "plot_neck_load",
    "treatment_table",
]
