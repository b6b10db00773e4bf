# Rumbo: `make run` starts the assistant, `make test` runs every test. Both install what they need.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test lint format db model rasa-venv rasa-train rasa-serve bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

db: install
	$(BIN)/rumbo db upgrade

model: install
	$(BIN)/rumbo train --if-stale

run: db model
	$(BIN)/rumbo serve --host 127.0.0.1 --port 8000

test: db model
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check bot tests benchmarks
	$(BIN)/ruff format --check bot tests benchmarks
	$(BIN)/mypy bot

format: install
	$(BIN)/ruff format bot tests benchmarks
	$(BIN)/ruff check --fix bot tests benchmarks

rasa-venv:
	bash scripts/rasa.sh venv

rasa-train: rasa-venv
	bash scripts/rasa.sh train

rasa-serve: rasa-train
	bash scripts/rasa.sh serve

bench: install
	$(BIN)/python benchmarks/turn_latency.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
