"""Learner notebooks: every chapter in _toc.yml as a notebook that Binder's JupyterLab shows the
way the book reads.

JupyterLab renders plain Markdown, not MyST: an `{include}` shows nothing, admonitions show as
code blocks with `:class:` in them, `{cite:p}` and `{term}` show as role names. So this script
writes each chapter again under `notebooks/` (same relative path, MyST notebook format that
jupytext opens as a notebook) with:
- includes inlined; `{only}` blocks kept when they hold for HTML, dropped otherwise;
- citations as (Author, year) with a reference list at the end; glossary terms as plain words;
  `{doc}`/`{ref}` as links to the other learner notebooks; `{{ substitutions }}` filled in;
- admonitions as block quotes with a bold title; dropdowns (quiz answers, evidence layers) as
  `<details>` blocks that stay closed until opened;
- code cells unchanged, tags kept (so they all run); `hide-*`/`remove-*` cells collapsed with
  JupyterLab's own `source_hidden`/`outputs_hidden` metadata.
Needs only the standard library, PyYAML and jupytext (all on Binder); Binder's postBuild and
`make book` run it. `.ipython/profile_default/startup/` uses `Book.inline` for Markdown that code
cells display, so kernel output reads the same way.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import jupytext
import nbformat
import yaml

REPO = Path(__file__).resolve().parents[1]
# The catalogue-fact roles and boxes print the words the book prints; course_fact_words needs no
# Sphinx, which Binder (where postBuild runs this script) does not install.
sys.path[:0] = [str(REPO), str(REPO / "_ext")]
from course_fact_words import (  # noqa: E402
    BLOCKS, DO_THIS_NOW_TITLE, FACTS, exercise_evidence_markdown, first_steps_markdown,
    glossary_markdown, red_flags_markdown, sign_panel_markdown)
OUT_DIR = "notebooks"
NOTE = ("> This is the learner notebook of this chapter of the course. "
        "Run the cells from the top with Shift+Enter, or use **Run > Run All Cells**.")
ADMONITIONS = {"admonition", "note", "tip", "hint", "important", "seealso", "attention",
               "caution", "warning", "danger", "error", "dropdown"}
WARNING_CLASSES = {"danger", "warning", "caution", "error", "attention", "red-flag-box"}
HIDE = {"hide-input": ("source_hidden",), "remove-input": ("source_hidden",),
        "hide-output": ("outputs_hidden",), "remove-output": ("outputs_hidden",),
        "hide-cell": ("source_hidden", "outputs_hidden"),
        "remove-cell": ("source_hidden", "outputs_hidden")}
FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
DIRECTIVE = re.compile(r"^\{(?P<name>[\w:-]+)\}\s*(?P<args>.*)$")
LABEL = re.compile(r"^\s*\(([\w:.-]+)\)=\s*$")
# A role, or an inline code span (left alone); whichever starts first wins.
INLINE = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<text>[^`]*)`|(?P<code>(`+)[^`]*?\4)")
SUBST = re.compile(r"\{\{\s*(\w+)\s*\}\}")
TITLE_TARGET = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
LINK = re.compile(r"(!?\[[^\]]*\]\()([^)\s]+)(\))")
# The closing "**Next:** ..." (or "**Back to the start:** ...") line of a learner notebook.
NEXT_LINK = re.compile(r"(?:^|\n)\*\*(?:Next|Back to the start):\*\* .*\Z", re.S)


# --- Bibliography ---------------------------------------------------------------------------

def _bib_fields(body: str) -> dict[str, str]:
    """`name = {value}` / `"value"` / bare fields of one BibTeX entry (nested braces allowed)."""
    fields, i = {}, 0
    while True:
        m = re.compile(r"\s*,?\s*(\w[\w-]*)\s*=\s*").match(body, i)
        if not m:
            return fields
        i = m.end()
        if i < len(body) and body[i] in "{\"":
            close, depth, j = "}" if body[i] == "{" else "\"", 0, i
            while j < len(body):
                c = body[j]
                if c == "{":
                    depth += 1
                elif c == "}":
                    depth -= 1
                if (close == "}" and depth == 0) or (close == "\"" and j > i and c == "\"" and depth == 0):
                    break
                j += 1
            value, i = body[i + 1:j], j + 1
        else:
            m2 = re.compile(r"[^,}\s]+").match(body, i)
            value, i = (m2.group(0), m2.end()) if m2 else ("", i + 1)
        fields[m.group(1).lower()] = value


def _plain(tex: str) -> str:
    """BibTeX text as plain text: drop braces, `\\&`-style escapes, `--` ranges."""
    tex = re.sub(r"\\[a-zA-Z]+\s*\{([^{}]*)\}", r"\1", tex)
    tex = re.sub(r"\\(.)", r"\1", tex).replace("{", "").replace("}", "").replace("--", "–")
    return re.sub(r"\s+", " ", tex).strip()


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _split_authors(field_text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for m in re.finditer(r"[{}]|\s+and\s+", field_text):
        if m.group(0) == "{":
            depth += 1
        elif m.group(0) == "}":
            depth -= 1
        elif depth == 0:
            parts.append(field_text[start:m.start()])
            start = m.end()
    parts.append(field_text[start:])
    return [p.strip() for p in parts if p.strip()]


def _surname(author: str) -> str:
    if author.startswith("{") and author.endswith("}"):
        return _plain(author)  # an organisation, written {{Name}}
    if "," in author:
        return _plain(author.split(",")[0])
    return _plain(author).split(" ")[-1]


@dataclass(frozen=True)
class Source:
    key: str
    label: str  # "Hansraj, 2014", as the book's author_year style shows it in the text
    entry: str  # the line in the reference list


def parse_bib(text: str) -> dict[str, Source]:
    sources = {}
    for m in re.finditer(r"@(\w+)\s*\{\s*([^,\s]+)\s*,", text):
        if m.group(1).lower() in ("comment", "string", "preamble"):
            continue
        depth, j = 1, m.end()
        while j < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        f = _bib_fields(text[m.end():j - 1])
        authors = [_surname(a) for a in _split_authors(f.get("author", f.get("editor", "")))]
        year = _plain(f.get("year", f.get("date", "n.d.")))[:4]
        names = (authors[0] if len(authors) == 1 else
                 f"{authors[0]} and {authors[1]}" if len(authors) == 2 else
                 f"{authors[0]} et al." if authors else _plain(f.get("title", m.group(2))))
        where = _plain(f.get("journal", f.get("booktitle", f.get("publisher", f.get("note", "")))))
        link = (f"https://doi.org/{_plain(f['doi'])}" if "doi" in f else _plain(f.get("url", "")))
        entry = " ".join(x for x in (
            f"{', '.join(authors) or names} ({year}).", _sentence(_plain(f.get("title", ""))),
            f"*{where}*." if where else "", f"<{link}>" if link else "") if x)
        sources[m.group(2)] = Source(m.group(2), f"{names}, {year}", entry)
    return sources


# --- The book: documents, titles, labels, terms ---------------------------------------------

def toc_docs(repo: Path) -> list[str]:
    """Every document named in _toc.yml, in order (root first)."""
    toc = yaml.safe_load((repo / "_toc.yml").read_text(encoding="utf-8"))
    docs = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                docs.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))
    walk(toc.get("parts"))
    walk(toc.get("chapters"))
    walk(toc.get("sections"))
    return [str(Path(d).with_suffix("")) for d in docs]


@dataclass
class Book:
    """What a chapter's roles point into: titles, labels, sources, substitutions."""
    repo: Path
    docs: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)  # label -> (doc, heading)
    sources: dict[str, Source] = field(default_factory=dict)
    substitutions: dict[str, str] = field(default_factory=dict)
    out: Path | None = None  # where the learner notebooks go; default <repo>/notebooks

    @classmethod
    def load(cls, repo: Path = REPO) -> "Book":
        book = cls(Path(repo), toc_docs(Path(repo)))
        book.out = book.repo / OUT_DIR
        config = yaml.safe_load((book.repo / "_config.yml").read_text(encoding="utf-8")) or {}
        sphinx_config = (config.get("sphinx") or {}).get("config") or {}
        book.substitutions = {k: str(v) for k, v in
                              (sphinx_config.get("myst_substitutions") or {}).items()}
        for bib in config.get("bibtex_bibfiles") or []:
            book.sources.update(parse_bib((book.repo / bib).read_text(encoding="utf-8")))
        for doc in book.docs:
            lines = book.source(doc).read_text(encoding="utf-8").splitlines()
            headings = [(i, l.lstrip("#").strip()) for i, l in enumerate(lines)
                        if re.match(r"#{1,6} ", l)]
            book.titles[doc] = headings[0][1] if headings else Path(doc).name
            for i, line in enumerate(lines):
                if m := LABEL.match(line):
                    after = [h for j, h in headings if j > i]
                    book.labels[m.group(1)] = (doc, after[0] if after else book.titles[doc])
        # a heading may name a catalogue fact ({exercise}`chin-tuck`): a link to it shows the
        # words, and points at the heading JupyterLab draws, as the heading itself does
        book.titles = {doc: book.inline(title, doc) for doc, title in book.titles.items()}
        book.labels = {label: (doc, book.inline(heading, doc))
                       for label, (doc, heading) in book.labels.items()}
        return book

    def source(self, doc: str) -> Path:
        for suffix in (".md", ".ipynb"):
            if (self.repo / f"{doc}{suffix}").is_file():
                return self.repo / f"{doc}{suffix}"
        raise ValueError(f"no source file for the _toc.yml entry {doc!r}")

    def resolve_doc(self, target: str, here: str) -> str:
        """A `{doc}` target (relative to `here`, or /absolute) as a document name."""
        target = target.strip()
        name = target.lstrip("/") if target.startswith("/") else \
            os.path.normpath(os.path.join(os.path.dirname(here), target))
        name = str(Path(name).with_suffix("")) if name.endswith((".md", ".ipynb")) else name
        if name not in self.docs:
            raise ValueError(f"{here}: {{doc}} target {target!r} is not in _toc.yml")
        return name

    def link(self, doc: str, here: str, anchor: str = "") -> str:
        """Relative link from the learner notebook of `here` to that of `doc`."""
        rel = os.path.relpath(f"{doc}.md", os.path.dirname(here) or ".")
        return rel + (f"#{anchor.replace(' ', '-')}" if anchor else "")

    # --- inline markup

    def cite(self, keys: str, cited: list[str], textual: bool) -> str:
        labels = []
        for key in (k.strip() for k in keys.split(",") if k.strip()):
            if key not in self.sources:
                raise ValueError(f"citation key {key!r} is not in the bibliography")
            if key not in cited:
                cited.append(key)
            labels.append(self.sources[key].label)
        if textual:
            return "; ".join(f"{n} ({y})" for n, y in (label.rsplit(", ", 1) for label in labels))
        return f"({'; '.join(labels)})"

    def role(self, name: str, text: str, here: str, cited: list[str]) -> str:
        m = TITLE_TARGET.match(text)
        title, target = (m.group("title"), m.group("target")) if m else ("", text)
        if name.startswith("cite"):
            return self.cite(target, cited, textual=name in ("cite:t", "cite:ts"))
        if name == "doc":
            doc = self.resolve_doc(target, here)
            return f"[{title or self.titles[doc]}]({self.link(doc, here)})"
        if name in ("ref", "numref"):
            if target not in self.labels:
                raise ValueError(f"{here}: {{ref}} label {target!r} is not defined")
            doc, heading = self.labels[target]
            return f"[{title or heading}]({self.link(doc, here, heading)})"
        if name in FACTS:
            words, _, _, bold = FACTS[name]
            return f"**{words(target)}**" if bold else words(target)
        # {term}, {download}, {abbr} and the rest: the words a reader sees, without the target.
        return title or target

    def inline(self, text: str, here: str, cited: list[str] | None = None) -> str:
        """Roles and substitutions in one stretch of Markdown, outside code spans."""
        cited = [] if cited is None else cited

        def sub(m):
            if m.group("code"):
                return m.group("code")
            return self.role(m.group("role"), m.group("text"), here, cited)
        text = SUBST.sub(lambda m: self.substitutions.get(m.group(1), m.group(0)), text)
        return INLINE.sub(sub, text)

    # --- block markup

    def markdown(self, text: str, here: str, cited: list[str], src_dir: Path) -> str:
        """MyST Markdown of `here` (found in `src_dir`) as CommonMark + HTML for JupyterLab."""
        lines, out, prose, i = text.splitlines(), [], [], 0

        def flush():  # prose as one stretch: a role may run over a line break
            if prose:
                out.append(self.inline(self._relink("\n".join(prose), here, src_dir), here, cited))
                prose.clear()
        while i < len(lines):
            line = lines[i]
            m = FENCE.match(line)
            if not m:
                if not (LABEL.match(line) or line.lstrip().startswith("%")):  # labels, comments
                    prose.append(line)
                i += 1
                continue
            flush()
            fence = m.group("fence")
            close = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
            j = i + 1
            while j < len(lines) and not close.match(lines[j]):
                j += 1
            indent = m.group("indent")  # a fence inside a list item: keep it there
            body = [line[len(indent):] if line.startswith(indent) else line.lstrip()
                    for line in lines[i + 1:j]]
            d = DIRECTIVE.match(m.group("info").strip())
            if d:
                block = self.directive(d.group("name"), d.group("args"), body, here, cited,
                                       src_dir)
                out.extend(f"{indent}{line}" if line else "" for line in block.splitlines())
            else:  # a plain code block: verbatim
                out.extend(lines[i:j + 1])
            i = j + 1
        flush()
        return "\n".join(out)

    def _relink(self, line: str, here: str, src_dir: Path) -> str:
        """Relative links to files (pictures) point back at the source tree."""
        def fix(m):
            target = m.group(2)
            if re.match(r"^(\w+:|#|/)", target) or target.split("#")[0].endswith(".md"):
                return m.group(0)
            learner_dir = self.out / Path(here).parent
            return m.group(1) + os.path.relpath(src_dir / target, learner_dir) + m.group(3)
        return LINK.sub(fix, line)

    def directive(self, name, args, body, here, cited, src_dir) -> str:
        options, k = {}, 0
        if body[:1] == ["---"]:
            end = body.index("---", 1)
            options, k = yaml.safe_load("\n".join(body[1:end])) or {}, end + 1
        while k < len(body) and (m := re.match(r"^:([\w-]+):\s*(.*)$", body[k])):
            options[m.group(1)] = m.group(2)
            k += 1
        content = "\n".join(body[k:]).strip("\n")
        convert = lambda text: self.markdown(text, here, cited, src_dir)  # noqa: E731
        classes = set(str(options.get("class", "")).split())

        if name == "include":
            path = (src_dir / args.strip()).resolve()
            return convert(path.read_text(encoding="utf-8"))
        if name == "only":
            return convert(content) if only_holds(args) else ""
        if name in ADMONITIONS:
            title = args.strip() if name in ("admonition", "dropdown") else name.capitalize()
            text = content if name in ("admonition", "dropdown") else f"{args}\n\n{content}"
            title, text = self.inline(title, here, cited), convert(text.strip())
            if name == "dropdown" or "dropdown" in classes:
                return (f"<details>\n<summary><strong>{title}</strong></summary>\n\n{text}\n\n"
                        "</details>")
            icon = "⚠️ " if ({name} | classes) & WARNING_CLASSES else ""
            quoted = "\n".join(f"> {line}".rstrip() for line in text.splitlines())
            return f"> **{icon}{title}**\n>\n{quoted}"
        if name == "red-flags":
            title, classes, text = red_flags_markdown(compact=":compact:" in body)
            return self.directive("admonition", title, [f":class: {' '.join(classes)}", text],
                                  here, cited, src_dir)
        if name == "do-this-now":
            return self.directive("admonition", DO_THIS_NOW_TITLE,
                                  [first_steps_markdown(args.split())], here, cited, src_dir)
        if name == "sign-panel":
            title, classes, text = sign_panel_markdown(args.strip())
            return self.directive("admonition", title, [f":class: {' '.join(classes)}", text],
                                  here, cited, src_dir)
        if name in BLOCKS:  # catalogue tables and lists: the MyST the book parses, converted
            return convert(BLOCKS[name](args.strip()))
        if name == "exercise-evidence":
            return convert(exercise_evidence_markdown())
        if name == "glossary":
            return glossary(content, "sorted" in options, lambda t: self.inline(t, here, cited))
        if name == "course-glossary":  # the catalogue's words, as the glossary block the book parses
            return self.directive("glossary", "", glossary_markdown().splitlines(), here, cited,
                                  src_dir)
        if name == "bibliography":
            return "\n".join(f"- {s.entry}" for s in
                             sorted(self.sources.values(), key=lambda s: s.entry.lower()))
        if name in ("figure", "image"):
            alt = options.get("alt", "")
            picture = self._relink(f"![{alt}]({args.strip()})", here, src_dir)
            return picture + (f"\n\n*{convert(content)}*" if content else "")
        if name in ("math",):
            return f"$$\n{content}\n$$"
        if name in ("code-block", "code", "sourcecode", "literalinclude"):
            code = ((src_dir / args.strip()).read_text(encoding="utf-8")
                    if name == "literalinclude" else content)
            return f"```{options.get('language', args.strip() if name != 'literalinclude' else '')}\n{code}\n```"
        if name in ("toctree", "tableofcontents", "contents"):
            return ""
        if name in ("container", "div"):  # its argument is only CSS classes
            return convert(content)
        if name == "raw":
            return content if "html" in args.split() else ""
        if name.startswith("glue"):
            # The glued value shows where its code cell runs (myst_nb's glue is not on Binder:
            # see .ipython/profile_default/startup/); a figure keeps its caption here.
            return f"*{convert(content)}*" if content.strip() else ""
        # Anything else (topic, sidebar, tab-item, card...): its title in bold, then its text.
        head = f"**{self.inline(args.strip(), here, cited)}**\n\n" if args.strip() else ""
        return head + convert(content)


def only_holds(expression: str) -> bool:
    """Sphinx `{only}` tag expression, for the HTML builder (html, format_html true)."""
    tokens = re.findall(r"\w+|[()]", expression)
    words = [t if t in ("and", "or", "not", "(", ")") else
             str(t in ("html", "format_html", "builder_html")) for t in tokens]
    if not words:
        raise ValueError(f"empty {{only}} expression: {expression!r}")
    return bool(eval(" ".join(words), {"__builtins__": {}}))  # only and/or/not/True/False


def glossary(content: str, sort: bool, inline) -> str:
    """A `{glossary}` block as a bulleted list of **term**: definition."""
    entries, current = [], None
    for line in content.splitlines():
        if line.strip() and not line[0].isspace():
            current = [line.strip(), []]
            entries.append(current)
        elif current and line.strip():
            current[1].append(line.strip())
    if sort:
        entries.sort(key=lambda e: e[0].lower())
    return "\n".join(f"- **{term}**: {inline(' '.join(text))}" for term, text in entries)


# --- Notebooks ------------------------------------------------------------------------------

def learner_notebook(book: Book, doc: str) -> nbformat.NotebookNode:
    """The learner notebook of one chapter (see the module docstring for what changes)."""
    src = book.source(doc)
    nb = jupytext.read(src)
    cited: list[str] = []
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = book.markdown(cell.source, doc, cited, src.parent)
            if not cell.source.strip():
                continue
        elif cell.cell_type == "code":
            hidden = {flag for tag in cell.metadata.get("tags", []) for flag in HIDE.get(tag, ())}
            if hidden:
                cell.metadata["jupyter"] = {flag: True for flag in sorted(hidden)}
            caption = (cell.metadata.get("mystnb", {}).get("figure", {}) or {}).get("caption")
            if caption:
                cells.append(cell)
                cell = nbformat.v4.new_markdown_cell(f"*{book.inline(caption, doc, cited)}*")
        cells.append(cell)
    if cells and cells[0].cell_type == "markdown":  # the note goes under the chapter title
        head, _, rest = cells[0].source.partition("\n")
        cells[0].source = f"{head}\n\n{NOTE}\n{rest}" if head.startswith("# ") else \
            f"{NOTE}\n\n{cells[0].source}"
    # A learner notebook ends with its link to the next one in the series, after the references.
    last = cells[-1] if cells and cells[-1].cell_type == "markdown" else None
    onward = NEXT_LINK.search(last.source) if last else None
    if onward and cited:
        last.source = last.source[:onward.start()].rstrip()
    if cited:
        refs = sorted((book.sources[k] for k in cited), key=lambda s: s.entry.lower())
        cells.append(nbformat.v4.new_markdown_cell(
            "## References\n\n" + "\n".join(f"- {s.entry}" for s in refs)))
        if onward:
            cells.append(nbformat.v4.new_markdown_cell(onward.group(0).strip()))
    nb.cells = cells
    nb.metadata = {"kernelspec": nb.metadata.get("kernelspec", {
        "display_name": "Python 3", "language": "python", "name": "python3"}),
        "jupytext": {"text_representation": {"extension": ".md", "format_name": "myst"}}}
    return nb


def build(repo: Path = REPO, out: Path | None = None) -> list[Path]:
    """Write every chapter's learner notebook under `out` (default: <repo>/notebooks)."""
    book = Book.load(repo)
    out = book.out = Path(out or book.out)
    written = []
    for doc in book.docs:
        path = out / f"{doc}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        jupytext.write(learner_notebook(book, doc), path, fmt="md:myst")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=REPO)
    parser.add_argument("--out", type=Path, help="default: <repo>/notebooks")
    args = parser.parse_args(argv)
    paths = build(args.repo, args.out)
    print(f"{len(paths)} learner notebooks in {paths[0].parent if paths else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
