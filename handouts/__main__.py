"""`python -m handouts [OUT_DIR]`: write every handout PDF (default _build/handouts)."""
import sys
from pathlib import Path

from handouts.build import REPO, build

if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "_build" / "handouts"
    for path in build(out):
        print(path)
