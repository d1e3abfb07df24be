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

# Bytecode is written even when the environment says not to (PYTHONDONTWRITEBYTECODE): every
# worker and every `kepatuhan` process a test starts would otherwise compile the project again.
test: $(TEST_STAMP)
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n $(WORKERS) --dist worksteal --cov=knowledge --cov=db --cov=model --cov=bot --cov=handlers --cov=outreach --cov-report=term:skip-covered --cov-fail-under=90

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
