"""`make bench`: print a table of build, widget, page and Binder figures.

Each module listed in SECTIONS has `rows() -> list[tuple[str, str, str]]` giving
(measure, median figure, target). Figures are measured in this one run; medians where cheap.
"""
import importlib
import sys

SECTIONS = [
    "bench.build",
    "bench.binder",
    "bench.widgets",
    "bench.pages",
    "bench.reading",
    "bench.exercises",
    "bench.lighthouse",
]


def main() -> int:
    rows = []
    for name in SECTIONS:
        rows.extend(importlib.import_module(name).rows())
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'figure':>14}  target")
    for measure, figure, target in rows:
        print(f"{measure:<{width}}  {figure:>14}  {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
