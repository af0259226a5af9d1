# One command to start the app on the embedded SQLite with demo data (`make run`),
# one to set up and pass the tests (`make test`). Both create .venv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test lint bench bench-quick screenshots clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# Loopback only: without an [auth] section the app is in local mode (one local
# administrator, no sign-in), which must never be reachable from the network.
run: $(BIN)/.installed
	$(BIN)/python -m equity init --demo
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.address 127.0.0.1

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/pytest -n 2 --dist loadscope

# Tests photograph pages into a temp folder; this rewrites the tracked docs/screenshots on purpose.
screenshots: $(BIN)/.installed
	EQUITY_SCREENSHOTS=docs/screenshots $(BIN)/pytest -q -n 0 tests/browser/test_journeys.py \
		tests/browser/test_statements_browser.py tests/browser/test_lifecycle_browser.py \
		tests/browser/test_import_journey.py

bench: $(BIN)/.installed
	$(BIN)/python -m bench

bench-quick: $(BIN)/.installed
	$(BIN)/python -m bench --quick

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
