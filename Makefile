# Waymark: `make run` serves the site with the bundled data; `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app directory
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 5000

.DEFAULT_GOAL := help
.PHONY: help install browser setup run test lint format assets bench clean

help: ## Show this list of targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

install: $(STAMP) ## Create the virtualenv and install the project with test and dev tools

# Playwright drives Debian's Chromium (see `browser`); it must never download a browser of its own.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 $(BIN)/pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

browser: ## Install Debian's Chromium for the browser tests when root (else they are skipped)
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver) \
	  || echo "Could not install Chromium: the browser tests (tests/e2e) will be skipped."; \
	else \
	  echo "No /usr/bin/chromium and not root: the browser tests (tests/e2e) will be skipped."; \
	  echo "Install it with: sudo apt-get install -y chromium chromium-driver"; \
	fi

setup: install ## Migrate the database, load the bundled data and build the search index
	$(FLASK) db upgrade
	$(FLASK) data load
	$(FLASK) index rebuild --if-missing

run: setup ## Set up, then serve the site on http://127.0.0.1:5000
	$(FLASK) run --host $(HOST) --port $(PORT)

test: install browser ## Lint, then run the whole suite on SQLite and (when reachable) PostgreSQL
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
	$(BIN)/python bench/load_bench.py

clean: ## Remove the virtualenv, caches and the local instance folder
	rm -rf $(VENV) .pytest_cache .ruff_cache instance
