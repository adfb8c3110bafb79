# Waymark: `make run` serves the site with the bundled data; `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app directory
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 5000

.DEFAULT_GOAL := help
.PHONY: help install setup run test lint format assets bench clean

help: ## Show this list of targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

install: $(STAMP) ## Create the virtualenv and install the project with test and dev tools

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

setup: install ## Migrate the database, load the bundled data and build the search index
	$(FLASK) db upgrade
	$(FLASK) data load
	$(FLASK) index rebuild --if-missing

run: setup ## Set up, then serve the site on http://127.0.0.1:5000
	$(FLASK) run --host $(HOST) --port $(PORT)

test: install ## Lint, then run the whole suite on SQLite and (when reachable) PostgreSQL
	bash scripts/run_tests.sh

lint: install ## Check lint and formatting
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Fix formatting and safe lint findings
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

assets: ## Rebuild the vendored front-end assets from the pinned npm packages
	bash scripts/build_assets.sh

bench: install ## Run the benchmarks and print their figures
	$(BIN)/python bench/load_postcodes.py
	$(BIN)/python bench/search_bench.py --sizes 1000,10000,50000 --queries 50
	$(BIN)/python bench/gaps_bench.py

clean: ## Remove the virtualenv, caches and the local instance folder
	rm -rf $(VENV) .pytest_cache .ruff_cache instance
