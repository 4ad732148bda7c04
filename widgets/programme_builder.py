"""ProgrammeBuilder: a clinician's exercise programme for one patient, made and printed in the
browser (see widgets/programme.py for the rules and the words).

The catalogue, the allowed doses, the dose sentences, the emergency panels and the messages are
worked out in Python and sent as synced data, every printed text once per edition (the screen in
the site's words, the sheet in the chosen paper's: US words on US Letter); the ES module
(static/programme_builder.js, with the QR encoder static/qr.js in front of it) only looks them
up and draws, so the static book (no kernel) and Jupyter show the same builder. With a kernel,
the choices sync back: `programme` gives the checked Programme, which handouts.programme_sheet
writes as a PDF. Bad values set from Python raise ValueError naming the value.
"""
from __future__ import annotations

import re
from pathlib import Path

import traitlets

from . import editions, programme
from ._base import STATIC, Checked, PrintableWidget


CONFIG = Path(__file__).resolve().parents[1] / "_config.yml"
PAGE = "book/make-a-programme.html"


def published_page() -> str:
    """The builder page on the published site (from _config.yml's course_url, the one place it is
    set), for the printed link and QR code, which a phone must be able to open; "" where the
    package is installed without the book (the page's own address is used then)."""
    found = re.search(r'course_url:\s*"([^"]+)"', CONFIG.read_text(encoding="utf-8")) \
        if CONFIG.is_file() else None
    return f"{found.group(1).rstrip('/')}/{PAGE}" if found else ""


def _items(value, name: str) -> list:
    if not isinstance(value, (list, tuple)):
        raise ValueError(f"{name} must be a list of exercises, got {value!r}")
    made = programme.make([tuple(v) if isinstance(v, list) else v for v in value])
    return [[i.exercise, *(getattr(i, f) for f in programme.FIELDS)] for i in made.items]


def _text(limit: int):
    def check(value, name: str) -> str:
        if not isinstance(value, str) or len(value) > limit:
            raise ValueError(f"{name} must be text of at most {limit} characters, got {value!r:.80}")
        return value
    return check


def _date(value, name: str) -> str:
    return programme.make(date=value).date if value else ""


def _paper(value, name: str) -> str:
    if value not in editions.PAPERS:
        raise ValueError(f"{name} must be one of {list(editions.PAPERS)}, got {value!r}")
    return value


def _flag(value, name: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be True or False, got {value!r}")
    return value


class ProgrammeBuilder(PrintableWidget):
    _esm = (STATIC / "qr.js").read_text(encoding="utf-8") + "\n" + (
        STATIC / "programme_builder.js").read_text(encoding="utf-8")
    _css = STATIC / "widgets.css"
    _description = "Programme builder: pick exercises, set their doses, print the sheet"

    items = Checked([], _items).tag(sync=True)  # [[exercise id, hold, repeats, times a day], ...]
    name = Checked("", _text(programme.MAX_NAME)).tag(sync=True)
    date = Checked("", _date).tag(sync=True)
    note = Checked("", _text(programme.MAX_NOTE)).tag(sync=True)
    include_name = Checked(False, _flag).tag(sync=True)
    paper = Checked("a4", _paper).tag(sync=True)
    data = traitlets.Dict().tag(sync=True)

    def __init__(self, print_url: str | None = None, **kwargs):
        url = published_page() if print_url is None else print_url
        super().__init__(data=programme.front_end_data(url), **kwargs)

    @property
    def programme(self) -> programme.Programme:
        return programme.make(self.items, name=self.name, date=self.date, note=self.note)

    def _print_markdown(self) -> str:
        prog = self.programme
        if not prog.items:
            return "No exercises chosen yet."
        return "\n".join(f"{n}. **{i.dosed.name}.** {programme.exercises.dose_text(i.dosed)}"
                         for n, i in enumerate(prog.items, 1))
