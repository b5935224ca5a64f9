# The single entry point: `make run` to try the portal, `make test` to test it.
SHELL := /bin/bash
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& echo $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint format migrate messages bench clean backup restore screenshots

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed (python3.11 not found)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $(STAMP)

# Development-only front-end tools from the npm registry (axe-core for the accessibility
# checks of the browser tests), pinned by package-lock.json; nothing from there is served.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error && touch $(NODE_STAMP); \
	else echo "npm not found: the browser tests' accessibility checks need it (apt-get install npm)."; fi

install: $(STAMP) $(NODE_STAMP)

migrate: install
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput

# Quiet: the migrations and the demo data say nothing unless something is wrong (LOG_LEVEL
# WARNING, `-v 0`); what is printed is the accounts and the addresses. `make run V=2` tells all.
V ?= 1
RUN_ENV = DEBUG=$${DEBUG:-1} LOG_LEVEL=$${LOG_LEVEL:-$(if $(filter 2 3,$(V)),INFO,WARNING)}
run: install
	@$(RUN_ENV) $(BIN)/python manage.py migrate --noinput -v $(if $(filter 2 3,$(V)),1,0)
	@$(RUN_ENV) $(BIN)/python manage.py seed_demo -v $(V)
	@echo "门户地址 / Portal: http://$(HOST):$(PORT)/   登记员后台 / Admin: http://$(HOST):$(PORT)/admin/"
	@# runserver's "development server" paragraph: this target is that, by design.
	@$(RUN_ENV) DJANGO_RUNSERVER_HIDE_WARNING=true $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Recompile the translation catalogues after editing a locale/*.po file (needs GNU gettext).
messages: install
	for app in portal contracts patents institutions notifications common accounts demands managers instruments; do \
		(cd $$app && [ -d locale ] && DEBUG=1 ../$(BIN)/django-admin compilemessages) || true; done

# The portal at a million contracts on PostgreSQL (see bench/bench.py for what it measures).
bench: install
	$(BIN)/python bench/bench.py $(BENCH_ARGS)

# Every main page at 1366 and 390 px, in Chinese and English, as each role sees it, on a
# temporary copy of the demo data: PNG files under var/screenshots/ (Playwright + Chromium).
screenshots: install
	$(BIN)/python bench/screenshots.py

# The database (pg_dump, custom format) and the media folder in one archive, and back.
# Needs PostgreSQL (DATABASE_URL) and the PostgreSQL client tools (pg_dump, pg_restore).
BACKUP ?= var/backup-$(shell date +%Y%m%d-%H%M%S).tar
backup: install
	$(BIN)/python manage.py backup "$(BACKUP)"

restore: install
	@test -f "$(BACKUP)" || { echo "make restore BACKUP=path/to/backup.tar"; exit 1; }
	$(BIN)/python manage.py restore "$(BACKUP)"

clean:
	rm -rf $(VENV) var/*.sqlite3 .pytest_cache
