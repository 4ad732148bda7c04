"""One glossary (widgets/data/glossary.json): a medical word has one meaning, typed once and
printed from there in the book (_ext/course_facts.py's {course-glossary}), the learner notebooks
and the sheets. A second typed copy cannot come back: no {glossary} block in the chapters, no
meanings in the handout words; every citation is a real entry of references.bib; every page a
meaning links to and every {term} link in the chapters exists; the meanings read plainly."""
from __future__ import annotations

import re
import sys

import yaml

from conftest import REPO
from test_build import toc_files
from textcheck import fk_grade
from tools import learner_notebooks as ln
from widgets.glossary import load_glossary

sys.path.insert(0, str(REPO / "_ext"))
from course_fact_words import glossary_markdown  # noqa: E402

GLOSSARY = load_glossary()
BIB_KEYS = set(re.findall(r"^@\w+\{([^,\s]+),", (REPO / "book/references.bib").read_text("utf-8"),
                          re.M))
CHAPTERS = sorted((REPO / "book").rglob("*.md"))
# {term}`word` or {term}`shown words <Word>`: the glossary word is the target.
TERM_ROLE = re.compile(r"\{term\}`(?:[^`<]*<([^`>]+)>|([^`]+))`")
# A glossary typed in a chapter, in a MyST fence or a colon fence.
TYPED_GLOSSARY = re.compile(r"^\s*(?:`{3,}|:{3,})\s*\{glossary\}", re.M)


def test_the_chapters_type_no_glossary_of_their_own():
    typed = [str(p.relative_to(REPO)) for p in CHAPTERS
             if TYPED_GLOSSARY.search(p.read_text("utf-8"))]
    assert not typed, f"a {{glossary}} block typed in {typed}: add the word to glossary.json"
    page = (REPO / "book/glossary.md").read_text("utf-8")
    assert re.search(r"^```\{course-glossary\}\s*$", page, re.M)


def test_the_pattern_finds_a_typed_glossary():
    assert TYPED_GLOSSARY.search("Intro.\n\n```{glossary}\n:sorted:\n\nCramp\n  A cramp.\n```")
    assert TYPED_GLOSSARY.search(":::{glossary}\nCramp\n  A cramp.\n:::")
    assert not TYPED_GLOSSARY.search("See the {doc}`glossary`.")


def test_the_handout_words_hold_no_meanings():
    content = yaml.safe_load((REPO / "handouts/content.yaml").read_text("utf-8"))
    assert "glossary" not in content
    assert all(isinstance(word, str) for word in content["glossed_words"])


def test_every_citation_is_in_the_bibliography():
    unknown = {t.term: k for t in GLOSSARY for k in t.cite if k not in BIB_KEYS}
    assert not unknown, f"glossary citations not in book/references.bib: {unknown}"


def test_every_linked_page_is_in_the_book():
    bad = [t.see for t in GLOSSARY if t.see and t.see not in toc_files()]
    assert not bad, f"'see' pages not in _toc.yml: {bad}"


def test_every_term_link_in_the_chapters_names_a_glossary_word():
    words = {t.term.lower() for t in GLOSSARY}
    missing = sorted({f"{p.relative_to(REPO)}: {(m.group(1) or m.group(2)).strip()}"
                      for p in CHAPTERS for m in TERM_ROLE.finditer(p.read_text("utf-8"))
                      if " ".join((m.group(1) or m.group(2)).split()).lower() not in words})
    assert not missing, missing


def test_the_glossary_block_has_every_word_with_its_sources():
    block = glossary_markdown()
    assert block.startswith(":sorted:\n\n")
    for t in GLOSSARY:
        assert f"\n\n{t.term}\n  " in block, t.term
        if t.cite:
            assert f"{t.text[:-1]} {{cite:p}}`{','.join(t.cite)}`." in block, t.term
        else:
            assert f"{t.term}\n  {t.text}" in block, t.term


def test_the_learner_notebook_lists_every_word_with_its_sources():
    """Binder's JupyterLab shows the glossary page as a list: every word, its meaning and, at
    the end, the reference of each source the meanings cite."""
    book = ln.Book.load(REPO)
    nb = ln.learner_notebook(book, "book/glossary")
    markdown = "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    missing = [t.term for t in GLOSSARY if f"- **{t.term}**: {t.text[:-1]}" not in markdown]
    assert not missing, f"not in the glossary's learner notebook: {missing}"
    references = markdown.split("## References")[-1]
    keys = {k for t in GLOSSARY for k in t.cite}
    assert keys and all(book.sources[k].entry in references for k in keys)


def test_the_meanings_read_plainly():
    """The course's median rule for patient text (test_readability: grade 6) over the meanings
    together; a single meaning is too short to grade on its own."""
    assert fk_grade("\n".join(t.text for t in GLOSSARY)) <= 6
