# Two commands for a newcomer: `make book` (set-up + HTML + PDF + handouts) and `make test`
# (the same, then every test). Set-up steps are stamp files, so a second run with nothing changed
# does nothing.
SHELL := /bin/bash
.DEFAULT_GOAL := book

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
JB := $(BIN)/jupyter-book
STRICT := -n -W --keep-going
# Builds, kernels and tests import this checkout's widgets package, not whichever checkout the
# shared .venv's editable install points at (a second worktree would otherwise build the first).
export PYTHONPATH := $(CURDIR)
# Debian packages: python3-venv for .venv, TeX for the PDF book, chromium + poppler-utils for the
# browser and PDF tests.
DEBIAN_PACKAGES := python3-venv texlive-xetex latexmk texlive-latex-extra texlive-fonts-recommended \
	texlive-fonts-extra fonts-freefont-otf texlive-plain-generic texlive-science \
	chromium poppler-utils

SOURCES := _config.yml _toc.yml $(shell find book widgets _ext _static _templates -type f \
	-not -path '*/__pycache__/*' -not -path '*/.ipynb_checkpoints/*' 2>/dev/null)

.PHONY: book test bench mutate setup system-packages handouts html pdf notebooks offline serve clean

book: setup handouts html pdf notebooks offline

test: book
	$(PY) -m pytest

bench: setup
	$(PY) -m bench

# Mutation testing of the model code (config in pyproject.toml's [tool.mutmut]); minutes, so not
# part of `make test`. Prints the score; `$(BIN)/mutmut results` lists the surviving mutants.
mutate: setup
	rm -rf mutants
	$(BIN)/mutmut run --max-children 2 >/dev/null
	$(BIN)/mutmut export-cicd-stats
	$(PY) -c "import json; s = json.load(open('mutants/mutmut-cicd-stats.json')); \
	  tested = s['total'] - s['skipped'] - s['no_tests']; \
	  print(f\"mutation score: {s['killed']} of {tested} killed ({100 * s['killed'] / tested:.1f}%); \
	  {s['survived']} survived, {s['no_tests']} not reached by a model test\")"

setup: system-packages $(VENV)/.installed node_modules/.installed

# requirements-dev.txt includes requirements.txt (what Binder installs); the widgets package
# goes in editable, so edits reach the notebooks (Binder runs `pip install .` itself).
$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml | system-packages
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# Root on Debian: install what is missing. Otherwise: say exactly what to install and go on,
# so the HTML still builds.
system-packages:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian packages:" $$missing; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	else \
	  echo "*** Not root on Debian: install these packages for the PDF and the browser tests:"; \
	  echo "***   sudo apt-get install" $$missing; \
	fi

# npm tools, exactly as package-lock.json pins them: PurgeCSS (HTML build), Lighthouse (bench).
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nodejs npm; } \
	  || { echo "*** install nodejs and npm (Debian: sudo apt-get install nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# One-page PDF handouts (pure Python: fpdf2 + segno); the HTML book offers them for download.
handouts: _build/handouts/.built
_build/handouts/.built: $(VENV)/.installed _config.yml $(wildcard handouts/*.py handouts/*.yaml) \
		widgets/causes.py widgets/data/causes.json widgets/exercises.py widgets/poses.py \
		widgets/data/exercises.json
	$(PY) -m handouts _build/handouts
	touch $@

html: _build/html/.built
# Sphinx rewrites only changed chapters and, when none changed, copies no static file either: a
# change to anything but a chapter (CSS, templates, extensions, widgets) rebuilds every page.
_build/html/.built: $(VENV)/.installed node_modules/.installed $(SOURCES) _build/handouts/.built
	$(JB) build . --builder html $(STRICT) $(if $(filter-out book/%.md,$?),--all)
	node _ext/site-css.mjs _build/html
	touch $@

# The offline bundle (_ext/offline_zip.py), also copied into the site for the handouts page.
offline: _build/course-offline.zip
_build/course-offline.zip: _build/html/.built _build/latex/.built _ext/offline_zip.py
	$(PY) _ext/offline_zip.py _build/html $@
	cp $@ _build/html/course-offline.zip

pdf: _build/latex/.built
_build/latex/.built: $(VENV)/.installed $(SOURCES)
	@if ! command -v xelatex >/dev/null; then \
	  echo "*** PDF skipped: xelatex is missing (see the Debian packages above)."; exit 0; fi; \
	$(JB) build . --builder pdflatex $(STRICT) && touch $@ && \
	if [ -d _build/html ]; then cp _build/latex/book.pdf _build/html/course.pdf; \
	  cp _build/latex/book-letter.pdf _build/html/course-letter.pdf; fi

# Learner notebooks for Binder's JupyterLab (Binder's postBuild runs the same script).
notebooks: _build/.notebooks-built
_build/.notebooks-built: $(VENV)/.installed tools/learner_notebooks.py $(SOURCES)
	$(PY) tools/learner_notebooks.py
	mkdir -p _build && touch $@

serve: html
	$(PY) -m http.server --directory _build/html --bind 127.0.0.1 8000

clean:
	rm -rf _build
