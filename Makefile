# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint soak benchmark dev clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/ketamine-faers demo

test: lint
	$(BIN)/python -m pytest -m "not soak"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

soak: $(STAMP)
	$(BIN)/python -m pytest -m soak

benchmark: $(STAMP)
	$(BIN)/python -m benchmarks.run_benchmark

dev: $(STAMP)
	DAGSTER_HOME=$${DAGSTER_HOME:-$(CURDIR)/.dagster_home} sh -c 'mkdir -p "$$DAGSTER_HOME" && $(BIN)/dagster dev -w workspace.yaml'

clean:
	rm -rf $(VENV) data/demo test-artifacts
