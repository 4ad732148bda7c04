"""Binder only (HOME is the repository there), for the kernels of the learner notebooks:

- Markdown that a chapter's code displays may hold MyST (cited warning-sign lists, evidence
  boxes): it is shown as the learner notebooks show their text (tools/learner_notebooks.py),
  so no raw `{cite:p}` or `:class:` reaches the learner.
- The book files some results into its text with myst-nb's `glue`, a build tool Binder does
  not install. Without it, `glue` here shows the value where the cell runs, and the learner
  notebook leaves out the place the book would have put it.
"""


def _course_kernel():
    import importlib.util
    import os
    import sys
    import types
    from pathlib import Path

    from IPython import get_ipython
    from IPython.display import Markdown, display

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
        Markdown, lambda md: book.markdown(md.data, here, [], book.repo / os.path.dirname(here)))

    if importlib.util.find_spec("myst_nb") is None:
        stand_in = types.ModuleType("myst_nb", "Binder stand-in: glue() shows the value here.")
        stand_in.glue = lambda name, value, display_value=True, **_: display(value)
        sys.modules["myst_nb"] = stand_in


_course_kernel()
del _course_kernel
