"""Binder only (HOME is the repository there): Markdown that a chapter's code displays may hold
MyST roles, such as the cited warning-sign lists. Show it as the learner notebooks show their
text (tools/learner_notebooks.py), so no raw `{cite:p}` reaches the learner."""


def _course_markdown():
    import importlib.util
    import os
    import sys
    from pathlib import Path

    from IPython import get_ipython
    from IPython.display import Markdown

    repo = Path(__file__).resolve().parents[3]
    spec = importlib.util.spec_from_file_location("learner_notebooks",
                                                  repo / "tools" / "learner_notebooks.py")
    if get_ipython() is None or spec is None or not (repo / "_toc.yml").is_file():
        return
    module = sys.modules[spec.name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    book = module.Book.load(repo)
    # The kernel runs in notebooks/<chapter folder>/: links are relative to that chapter.
    here = os.path.relpath(os.path.join(os.getcwd(), "chapter"), book.out)
    get_ipython().display_formatter.formatters["text/markdown"].for_type(
        Markdown, lambda md: book.inline(md.data, here))


_course_markdown()
del _course_markdown
