# Two commands: `make demo` and `make test`. Both are idempotent.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
TSTAMP  := $(VENV)/.installed-test

.PHONY: demo test install bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(TSTAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/kg build seeds/ -o output/
	@echo
	@echo "Done. Open output/graph.html in a browser; query with:"
	@echo "  $(BIN)/kg query output/graph.ttl -f queries/who-spoke-with-whom.rq"

test: $(TSTAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf output/graph.* output/*.png .pytest_cache
