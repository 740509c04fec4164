# Two commands do everything on a fresh machine with Python 3.11 and make:
#   make site   create .venv, install, build site/ (three script editions) and dist/ (offline zip)
#   make test   install what the tests need (Chromium included) and run every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.test-installed

.PHONY: site test serve check fmt lint bench clean browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

site: $(STAMP)
	$(BIN)/edition build

serve: $(STAMP)
	$(BIN)/mkdocs serve

check: $(STAMP)
	$(BIN)/edition check

fmt: $(STAMP)
	$(BIN)/edition fmt

$(TEST_STAMP): $(STAMP) package.json package-lock.json
	$(BIN)/pip install --quiet -e '.[test]'
	npm ci --silent --no-audit --no-fund
	touch $@

# Debian's chromium: Playwright's own browser download does not work here.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

test: $(TEST_STAMP) browser
	$(BIN)/ruff check generator tests bench
	$(BIN)/mypy
	$(BIN)/pytest -q

bench: $(TEST_STAMP) browser
	cd bench && npm ci --silent --no-audit --no-fund
	$(BIN)/python bench/run.py
	$(BIN)/edition build
	$(BIN)/python bench/lighthouse.py site

clean:
	rm -rf site dist .edition .edition-build-*
