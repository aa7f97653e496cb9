# The archive's commands. Each works from a fresh clone: targets that need the
# virtual environment create it first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PELICAN := $(BIN)/pelican
CONTENT ?= content
OUTPUT ?= output
HOST ?= 127.0.0.1
PORT ?= 8000
# `make test PYTEST_ARGS="-k feeds"` passes arguments to pytest, which runs the tests on every core (pytest-xdist),
# handing each worker the next test as it finishes one (--dist load): what several modules share is built once a
# session (tests/conftest.py's built_once). Not loadgroup: its xdist_group marks do nothing under pytest 9.2 and
# pytest-xdist 3.8 (it sets a node id pytest no longer reads); loadfile measured slower, one module last alone.
PYTEST_ARGS ?=
# `make bench N="1000 10000" RUNS=3`: how many statements, and how many runs to take medians of.
N ?= 1000 10000
RUNS ?= 3

.PHONY: help install install-test html publish notify serve devserver new check ledger docs test bench lint format clean

help:
	@echo "make serve      build the archive and serve it on http://$(HOST):$(PORT) (another port: make serve PORT=8001)"
	@echo "make devserver  serve it with drafts, and show each save in the open page within a second (PORT= too)"
	@echo "make test       install everything the tests need (Debian packages too), then run the whole suite"
	@echo "make html       development build into $(OUTPUT)/"
	@echo "make publish    published build (publishconf.py) into $(OUTPUT)/, then record its new statements"
	@echo "make notify     once the published build is live: tell the WebSub hubs which feeds changed"
	@echo 'make new        start a statement: make new TITLE="..." LEVEL=SEVERE CATEGORY="..."'
	@echo 'make check      validate every statement without building (make check FILES="a.md b.md": just those)'
	@echo "make ledger     record newly published statements in $(CONTENT)/published.json (commit it)"
	@echo "make docs       rewrite docs/settings.md's tables from the settings each plugin declares"
	@echo 'make bench      benchmark against vanilla Pelican and Hugo: make bench N="1000 10000" RUNS=3'
	@echo "make lint       ruff check and format check, and the layers' import contracts (installs only those tools)"
	@echo "make format     ruff format and fix"
	@echo "make clean      remove the build output and caches"

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(BIN)/.installed-lint: $(BIN)/.installed requirements-lint.txt
	$(BIN)/pip install --quiet -r requirements-lint.txt
	touch $@

$(BIN)/.installed-test: $(BIN)/.installed-lint requirements-test.txt package.json package-lock.json
	$(BIN)/pip install --quiet -r requirements-test.txt
	scripts/system-deps
	npm ci --no-audit --no-fund --silent
	touch $@

install: $(BIN)/.installed

install-test: $(BIN)/.installed-test

html: install
	$(PELICAN) $(CONTENT) -s pelicanconf.py -o $(OUTPUT)

# A successful published build then records its new statements in the ledger.
publish: install
	$(PELICAN) $(CONTENT) -s publishconf.py -o $(OUTPUT) -e PUBLISHED_LEDGER_REMINDER=false
	$(BIN)/python -m plugins.publishing.record --settings publishconf.py $(CONTENT)

# After the deploy, as each hub fetches the feeds from the live site (docs/deploying.md).
notify: install
	$(BIN)/python -m plugins.alerts.notify --settings publishconf.py --output $(OUTPUT)

PREVIEW = $(BIN)/python -m plugins.preview --content $(CONTENT) --output $(OUTPUT) --host $(HOST) --port $(PORT)

serve: install
	$(PREVIEW)

devserver: install
	$(PREVIEW) --watch

# TITLE, LEVEL, CATEGORY (and SLUG) reach the script through the environment, quotes and all.
new: install
	$(BIN)/python -m plugins.statements.new --content $(CONTENT) \
		--title "$$TITLE" --level "$$LEVEL" --category "$$CATEGORY" --slug "$$SLUG"

check: install
	$(BIN)/python -m plugins.statements.check $(CONTENT) $(FILES)

ledger: install
	$(BIN)/python -m plugins.publishing.record $(CONTENT)

docs: install
	$(BIN)/python -m plugins.settings_reference

# Only the Python tools: no browser, Java or web server.
lint: $(BIN)/.installed-lint
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

test: install-test lint
	$(BIN)/pytest -n auto --dist load $(PYTEST_ARGS)

$(BIN)/.installed-bench: $(BIN)/.installed-test requirements-bench.txt
	$(BIN)/pip install --quiet -r requirements-bench.txt
	touch $@

# Not part of `make test`: it takes minutes and measures this machine (bench/README.md).
bench: $(BIN)/.installed-bench
	$(BIN)/python -m bench.run --runs $(RUNS) $(N)

format: $(BIN)/.installed-lint
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(OUTPUT) $(OUTPUT).staging $(OUTPUT).previous $(OUTPUT).discarded $(OUTPUT).lock cache .pytest_cache .ruff_cache .import_linter_cache .hypothesis bench/work
	find . -name __pycache__ -not -path "./$(VENV)/*" -prune -exec rm -rf {} +
