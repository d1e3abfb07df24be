# Two commands set everything up on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test lint bench db docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(STAMP)

db: $(STAMP)
	@$(BIN)/kepatuhan db build --if-stale

# Starts the Telegram bot when TELEGRAM_BOT_TOKEN is set (env or .env), else the console chat.
run: db
	@$(BIN)/kepatuhan start

# Tests run in parallel (pytest-xdist, one worker per core); `make test WORKERS=0` runs them in one process.
WORKERS ?= auto

# Coverage and its 90 % floor: in CI (`.ci/run` sets COVERAGE=1) or with `make test COVERAGE=1`.
# On Python 3.11 coverage's tracer sees every function call, ours or not, and costs about a
# third of the suite's time, so the everyday run leaves it out.
COVERAGE ?=
COV_ARGS := --cov=knowledge --cov=db --cov=model --cov=bot --cov=handlers --cov=outreach --cov-report=term:skip-covered --cov-fail-under=90

# Bytecode is written even when the environment says not to (PYTHONDONTWRITEBYTECODE): every
# worker and every `kepatuhan` process a test starts would otherwise compile the project again.
test: $(TEST_STAMP)
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n $(WORKERS) --dist worksteal $(if $(filter-out 0 false no,$(COVERAGE)),$(COV_ARGS))

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# Rewrites the samples README.md and docs/*.md quote with what the code produces now.
docs: $(STAMP)
	$(BIN)/python -m tools.docs_samples

bench: $(TEST_STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
