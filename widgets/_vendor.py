"""`make vendor` helper: shrink the html-manager's embed-amd.js before it is minified.

- The bundle defines @jupyter-widgets/base7 and controls7 only to render old (7.x) widget state;
  this book embeds 8.x state only, and they are a quarter of the file.
- Every bundled stylesheet carries its CSS source map (with the full CSS source again) as an
  object literal `{version:3,...}`; css-loader's runtime skips a missing map (`null`), so the
  maps are replaced by null.
- The Font Awesome 5 stylesheet (icons for the built-in ipywidgets controls, which this book does
  not use) restyles the theme's own `.fa` icons and makes the page fetch font files that are
  not vendored; it is emptied.
Together this cuts the file by a third.
Usage: python -m widgets._vendor IN OUT
"""
import re
import sys

DROP = ("@jupyter-widgets/base7", "@jupyter-widgets/controls7")


def trim(source: str) -> str:
    starts = [m.start() for m in re.finditer(r'(?m)define\("', source)] + [len(source)]
    keep = [source[:starts[0]]]
    for start, end in zip(starts, starts[1:]):
        name = source[start + 8:source.index('"', start + 8)]
        if name not in DROP:
            keep.append(source[start:end])
    return "".join(keep)


def _object_end(source: str, start: int) -> int:
    """Index just past the object literal opening at source[start] == "{" (strings skipped)."""
    depth, i = 0, start
    while True:
        ch = source[i]
        if ch in "\"'`":
            i = _string_end(source, i) - 1
        elif ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1


def _string_end(source: str, start: int) -> int:
    """Index just past the string literal opening at source[start]."""
    quote, i = source[start], start + 1
    while source[i] != quote:
        i += 2 if source[i] == "\\" else 1
    return i + 1


def _replace_spans(source: str, pattern: str, span_end, replacement: str) -> str:
    """Replace each literal that starts where `pattern` matches and ends at span_end(...)."""
    out, pos = [], 0
    for m in re.finditer(pattern, source):
        if m.start() >= pos:
            out += [source[pos:m.start()], replacement]
            pos = span_end(source, m.start())
    return "".join(out) + source[pos:]


def shrink(source: str) -> str:
    source = trim(source)
    source = _replace_spans(source, r"\{version:3,sources:", _object_end, "null")
    return _replace_spans(source, r"[`\"]/\*!(?:\\n|\n) \* Font Awesome Free", _string_end, '""')


if __name__ == "__main__":
    src, out = sys.argv[1:3]
    with open(src, encoding="utf-8") as f:
        text = shrink(f.read())
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)
