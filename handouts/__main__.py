"""`python -m handouts [OUT_DIR]`: write every handout PDF (default _build/handouts): the one-page
sheets and the two-sided exercise sheets."""
import sys
from pathlib import Path

from handouts.build import REPO, build
from handouts.exercise_sheet import build_exercise_sheets

if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "_build" / "handouts"
    for path in [*build(out), *build_exercise_sheets(out)]:
        print(path)
