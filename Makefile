# Two commands do everything on a fresh machine with Python 3.11 and make:
#   make site   create .venv, install, build site/ (three script editions) and dist/ (offline zip)
#   make test   install what the tests need (Chromium included) and run every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.test-installed

.PHONY: site test serve check fmt lint bench clean browser lock

# constraints.txt pins every package (and pip): the same commit gives the same environment.
# setuptools warns at every editable install that a folder named like the package may
# shadow it; here that folder is the package itself, so the notice is silenced.
INSTALL := PIP_CONSTRAINT=constraints.txt PYTHONWARNINGS="ignore:Editable installation" $(BIN)/pip install --quiet -c constraints.txt

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade -c constraints.txt pip
	$(INSTALL) -e .
	touch $@

site: $(STAMP)
	$(BIN)/edition build

# All three editions at one address, rebuilt on every save in data/; ADDR=0.0.0.0:8000 to change it.
# PAGE=<id> previews that one page of a series (its id in data/edition.yml): a save shows
# as fast as in a one-page edition, however long the series.
ADDR ?= 127.0.0.1:8000
PAGE ?=
serve: $(STAMP)
	$(BIN)/edition serve -a $(ADDR) $(if $(PAGE),--page $(PAGE))

check: $(STAMP)
	$(BIN)/edition check

fmt: $(STAMP)
	$(BIN)/edition fmt

$(TEST_STAMP): $(STAMP) package.json package-lock.json
	$(INSTALL) -e '.[test]'
	npm ci --silent --no-audit --no-fund
	touch $@

# Debian's chromium: Playwright's own browser download does not work here. A Chinese font
# (Noto CJK, as on Android and most Linux desktops) so pages lay out as readers see them:
# without one, lines wrap differently and the reading-position tests measure another page.
BROWSER_PACKAGES := chromium fonts-noto-cjk
browser:
	@{ command -v chromium >/dev/null 2>&1 && { ! command -v fc-list >/dev/null 2>&1 || [ -n "$$(fc-list :lang=zh)" ]; }; } || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(BROWSER_PACKAGES) >/dev/null; }

test: $(TEST_STAMP) browser
	$(BIN)/ruff check generator tests bench
	$(BIN)/mypy
	$(BIN)/pytest -q

# Every benchmark of BENCHMARKS.md in one run (the series at 1, 10, 100 and 1,000 pages; about an hour).
bench: $(TEST_STAMP) browser
	cd bench && npm ci --silent --no-audit --no-fund
	$(BIN)/python bench/run.py --sizes 1,10,100,1000 --full-sizes 1,10,100,1000
	$(BIN)/python bench/core.py
	$(BIN)/python bench/search.py --series 1,10,100,1000
	$(BIN)/python bench/preview.py --sizes 1,100
	$(BIN)/edition build
	$(BIN)/python bench/readings.py site
	$(BIN)/python bench/lighthouse.py site

# Upgrading is deliberate: newest versions into a scratch venv, written to constraints.txt;
# then `make test` shows what changed (the review of conversions above all).
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet --upgrade pip
	.venv-lock/bin/pip install --quiet -e '.[test]'
	{ sed -n '/^#/p' constraints.txt; echo "pip==$$(.venv-lock/bin/pip --version | cut -d' ' -f2)"; \
	  .venv-lock/bin/pip freeze --exclude-editable | grep -v '^-e'; } > constraints.new
	mv constraints.new constraints.txt
	rm -rf .venv-lock $(STAMP) $(TEST_STAMP)
	@echo "constraints.txt updated: run make test; if the review of conversions changed, read it (edition report variants)."

clean:
	rm -rf site dist .edition .edition-build-*
