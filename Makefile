# Livslang: `make run` starts the product with demo data, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.run-installed
TEST_STAMP := $(VENV)/.test-installed

.PHONY: run test lint a11y-full bench load fuzz messages clean help

help:
	@echo "make run        start Livslang at http://127.0.0.1:8000 (SQLite, demo data, task worker)"
	@echo "make test       linters, type checks, tests on SQLite (with browser) and PostgreSQL"
	@echo "make a11y-full  every page x language x role through axe and the HTML checker (report in var/a11y/)"
	@echo "make bench      search benchmark on SQLite and PostgreSQL (report in var/bench/, summary in docs/benchmarks.md)"
	@echo "make load       HTTP flash crowd on one 20-seat cohort, SQLite and PostgreSQL (report in var/load/)"
	@echo "make fuzz       long stateful schemathesis run of the API per role (report in var/fuzz/; never gates CI)"
	@echo "make messages   extract and compile translation catalogues"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(RUN_STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	@touch $@

$(TEST_STAMP): $(RUN_STAMP)
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	@touch $@

run: $(RUN_STAMP)
	@bash scripts/run.sh

test: $(TEST_STAMP)
	@bash scripts/test.sh

lint: $(TEST_STAMP)
	@bash scripts/test.sh --lint-only

a11y-full: $(TEST_STAMP)
	@bash scripts/test.sh --a11y-full

bench: $(TEST_STAMP)
	$(BIN)/python scripts/bench.py

load: $(TEST_STAMP)
	$(BIN)/python scripts/load.py

fuzz: $(TEST_STAMP)
	$(BIN)/python scripts/fuzz.py

messages: $(TEST_STAMP)
	cd livslang && ../$(BIN)/python ../manage.py makemessages -l nb -l nn -l da --no-obsolete --no-location
	cd livslang && ../$(BIN)/python ../manage.py compilemessages

clean:
	rm -rf $(VENV) var/static var/test-*.sqlite3 tools/node_modules
