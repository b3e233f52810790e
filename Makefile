# The two commands of the README work on a fresh machine: each creates .venv
# with `python3 -m venv` when missing and installs what it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: install test lint typecheck unit fuzz demo serve bench docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The `examples` extra too: the desk example's HTTP tests are part of `make test`.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,examples]'
	touch $(STAMP)

$(BENCH_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,examples,bench]'
	touch $(BENCH_STAMP)

install: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Tests and benchmarks are checked too, without requiring every helper to be annotated.
typecheck: $(STAMP)
	$(BIN)/mypy --strict src
	$(BIN)/mypy --strict examples/desk/desk
	$(BIN)/mypy --allow-untyped-defs --allow-incomplete-defs --allow-untyped-calls \
		--allow-untyped-decorators --allow-any-generics tests benchmarks
	@# Type completeness of the public surface as users' checkers see it: fails below 100 %.
	@# pyright finds the installed package through the interpreter first on PATH.
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/pyright --verifytypes supportflow --ignoreexternal

unit: $(STAMP)
	$(BIN)/coverage run -m pytest
	$(BIN)/coverage report --fail-under=90

test: lint typecheck unit

# Long runs with random seeds under the `thorough` Hypothesis profile (conftest.py: many
# more examples, no deadline). By default the fuzz suite of tests/fuzz, every public entry
# point with FUZZ_EXAMPLES examples; `make fuzz FUZZ_TESTS=tests` runs every property test
# of the suite that way. `make test` keeps the bounded, derandomized `ci` profile.
FUZZ_EXAMPLES ?= 400
FUZZ_TESTS ?= tests/fuzz
fuzz: $(STAMP)
	SUPPORTFLOW_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) HYPOTHESIS_PROFILE=thorough \
		$(BIN)/pytest $(FUZZ_TESTS) -q -p no:cacheprovider

demo: $(STAMP)
	$(BIN)/supportflow demo

# The desk example on a local SQLite file (desk.sqlite3) with a few seeded cases:
# open http://127.0.0.1:8000/docs. DESK_DATABASE_URL=postgresql+psycopg://... for PostgreSQL.
serve: $(STAMP)
	PYTHONPATH=examples/desk $(BIN)/python -m desk

bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/run.py

docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

clean:
	rm -rf $(VENV) site .coverage .mypy_cache .ruff_cache .hypothesis
