# dateline — two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
DEMO_DB ?= $(CURDIR)/demo.db

.PHONY: demo test venv dev system-deps lint lock bench clean

venv: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q --require-hashes -r requirements.lock
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .
	touch $@

dev: $(DEV_STAMP)

$(DEV_STAMP): $(STAMP) requirements-dev.lock
	$(BIN)/pip install -q --require-hashes -r requirements-dev.lock
	touch $@

# Debian packages the test suite needs: Chromium (browser tests) and
# XML::Parser for the ROUGE-1.5.5 Perl script bundled with tilse (the reference scorer).
system-deps:
	@bash scripts/system-deps.sh

demo: venv
	$(BIN)/dateline --db $(DEMO_DB) ingest dateline/sample/
	$(BIN)/dateline --db $(DEMO_DB) stories
	@echo; echo "The biggest story's timeline:"; echo
	$(BIN)/dateline --db $(DEMO_DB) timeline --format text --story "$$($(BIN)/dateline --db $(DEMO_DB) stories --limit 1 --format json | $(BIN)/python -c 'import json, sys; print(json.load(sys.stdin)["stories"][0]["id"])')"
	$(BIN)/dateline --db $(DEMO_DB) serve

test: dev system-deps
	$(BIN)/ruff check dateline tests benchmarks scripts
	$(BIN)/mypy dateline
	$(BIN)/python -m pytest -q

lint: dev
	$(BIN)/ruff check dateline tests benchmarks
	$(BIN)/mypy dateline

# Recompile the hash-pinned lock files from requirements*.in (needs `uv` on PATH).
lock:
	uv pip compile --python 3.11 --generate-hashes requirements.in -o requirements.lock
	uv pip compile --python 3.11 --generate-hashes requirements-dev.in -o requirements-dev.lock

bench: dev
	$(BIN)/python benchmarks/clean.py
	$(BIN)/python benchmarks/dates.py
	$(BIN)/python benchmarks/tls.py
	$(BIN)/python benchmarks/ingest.py

clean:
	rm -rf $(VENV) demo.db .pytest_cache
