# Hearth: `make run` to try it, `make test` to check it. `make help` lists the rest.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= hearth.settings.dev

.DEFAULT_GOAL := help
.PHONY: help run dev prod-check test lint format screenshots worker scheduler bench bench-load seed migrate clean install install-test bench-corpus bench-search services services-stop opensearch opensearch-stop

help: ## List the targets with what they do
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[1m%-13s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(VENV)/.installed: pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -c constraints.txt -e ".[test]"
	@touch $@

install: $(VENV)/.installed ## Create .venv and install Hearth

install-test: $(VENV)/.installed-test ## Install Hearth and what its tests need

migrate: install ## Apply database migrations
	$(PY) manage.py migrate --no-input

seed: migrate ## Load the demo content (idempotent: safe to run again)
	$(PY) manage.py seed_demo

# `make run` serves as production does (gunicorn, WhiteNoise, DEBUG off: hearth.settings.local);
# `make dev` is runserver with autoreload and DEBUG, for developers.
WEB_WORKERS ?= 2
RUN_SETTINGS ?= hearth.settings.local
run: export DJANGO_SETTINGS_MODULE = $(RUN_SETTINGS)
run: migrate ## Install, migrate, seed the demo once, serve on http://127.0.0.1:$(PORT) with a task worker and the scheduler
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py collectstatic --no-input --verbosity 0
	$(PY) manage.py db_worker --batch --no-startup-delay --verbosity 0
	@$(PY) manage.py demo_logins --port $(PORT)
	@trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py db_worker --no-startup-delay --no-reload --verbosity 0 & worker=$$!; \
	  $(PY) manage.py scheduler --verbosity 0 & scheduler=$$!; \
	  $(BIN)/gunicorn hearth.wsgi --bind 127.0.0.1:$(PORT) --workers $(WEB_WORKERS) --threads 4 --graceful-timeout 10 --no-control-socket

dev: migrate ## Like run, for developers: runserver with autoreload and DEBUG on (hearth.settings.dev)
	$(PY) manage.py seed_demo --if-empty
	@$(PY) manage.py demo_logins --port $(PORT)
	@trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py db_worker --no-startup-delay --no-reload --verbosity 0 & worker=$$!; \
	  $(PY) manage.py scheduler --verbosity 0 & scheduler=$$!; \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT)

prod-check: install ## Run the production settings under gunicorn on a free port: check --deploy, security headers, error pages
	$(PY) scripts/prod_check.py

# The suite runs in TEST_WORKERS processes (pytest-xdist, one database each); the browser
# tests then run on their own, because their live server empties the database after each.
TEST_WORKERS ?= 2
test: install-test ## Install test dependencies and run the whole suite (then the browser tests)
	DJANGO_SETTINGS_MODULE=hearth.settings.test $(BIN)/pytest -n $(TEST_WORKERS) --ignore=tests/browser --durations=15 $(PYTEST_ARGS)
	DJANGO_SETTINGS_MODULE=hearth.settings.test $(BIN)/pytest tests/browser $(PYTEST_ARGS)

screenshots: install-test ## Draw the main page types (demo/screens.py) in Chromium at 1280 and 390 px into docs/screenshots/
	$(PY) scripts/screenshots.py $(SCREENSHOTS_ARGS)

services: ## Start PostgreSQL and Redis (installed if missing) for tests and production-like runs; prints their URLs
	@scripts/services.sh up postgres redis
	@echo 'In your shell: eval "$$(scripts/services.sh env | sed s/^/export\ /)"; then e.g. DATABASE_URL=$$CI_POSTGRES_URL/hearth_dev'

services-stop: ## Stop the servers `make services` started (and nothing else)
	@scripts/services.sh down

HEARTH_OPENSEARCH_PORT ?= 59200
opensearch: ## Build (Maven, Java 17) and start a real OpenSearch node on 127.0.0.1 (HEARTH_OPENSEARCH_PORT, 59200) for search tests
	@HEARTH_OPENSEARCH_PORT=$(HEARTH_OPENSEARCH_PORT) scripts/services.sh up opensearch
	@echo 'Search tests on it: OPENSEARCH_URL=http://127.0.0.1:$(HEARTH_OPENSEARCH_PORT) DJANGO_SETTINGS_MODULE=hearth.settings.test $(BIN)/pytest -p no:xdist tests/search'

opensearch-stop: ## Stop the OpenSearch node `make opensearch` started (and nothing else)
	@HEARTH_OPENSEARCH_PORT=$(HEARTH_OPENSEARCH_PORT) scripts/services.sh down opensearch

lint: install-test ## Check code style with ruff (lint and format) and the import contracts (.importlinter)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-test ## Format and auto-fix the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

worker: migrate ## Run the background task worker (mail, indexing, counters)
	$(PY) manage.py db_worker --queue-name '*'

scheduler: migrate ## Run the scheduler: enqueues every scheduled job on its cron (`manage.py schedule` lists them)
	$(PY) manage.py scheduler

bench: install-test ## Benchmark five Hearth pages against bare Django views, one run (prints the ratios)
	$(PY) bench/run.py

BENCH_PAGES ?= 100000
bench-corpus: install-test services ## Generate 100,000 wiki pages (BENCH_PAGES=…) into PostgreSQL and SQLite for bench-search
	$(PY) bench/bench_search_corpus.py --pages $(BENCH_PAGES)
	$(PY) bench/bench_search_corpus.py --pages $(BENCH_PAGES) --database $${TMPDIR:-/tmp}/hearth-bench-search.sqlite3

.PHONY: bench-corpus-pages
bench-corpus-pages: install-test services ## Hot pages on the demo site and on it plus BENCH_PAGES pages, SQLite and PostgreSQL: corpus/demo per page
	$(PY) bench/bench_corpus_pages.py --pages $(BENCH_PAGES)

LOAD_ARGS ?= --faults
bench-load: install-test ## Load and faults: 200 staff for 5 min on SQLite and PostgreSQL side by side, every write accounted for
	$(PY) -m pip install --quiet -c constraints.txt -e ".[test,load]"
	$(PY) -m bench.load.run $(LOAD_ARGS)

bench-search: install-test ## Search and autocomplete p50/p95 on the bench corpus, SQLite and PostgreSQL side by side
	$(PY) bench/bench_search.py --explain

clean: ## Remove the virtual environment, the SQLite database, media and collected static files
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm media static .ruff_cache
