# Mawsua — see README.md. Every target creates .venv itself when needed.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= mawsua.db
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test lint bench install clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml setup.py src/mawsua/annotate/_crf_kernel.pyx | $(BIN)/python
	$(BIN)/pip install -q -e ".[test]"
	touch $@

install: $(VENV)/.installed

## make demo: set up, ingest the bundled real sample, serve the site on http://$(HOST):$(PORT)/
demo: $(VENV)/.installed
	$(BIN)/mawsua demo --db $(DB) --host $(HOST) --port $(PORT)

## make test: set up with test extras and run the whole suite (lint, import contracts, pytest)
test: $(VENV)/.installed
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n 2 --dist loadfile -q

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports

## make bench: the benchmarks of bench/ (prints numbers; slow)
bench: $(VENV)/.installed
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) *.egg-info src/*.egg-info .pytest_cache $(DB)*
