# Engage — every command a developer needs. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SCENARIO ?=
PYTEST_ARGS ?=
# The suite runs on every core (pytest-xdist): each worker has its own test database,
# browser server and Redis database. TEST_WORKERS=0 runs it in this one process.
TEST_WORKERS ?= auto
MESSAGES_IGNORE := --ignore ".venv/*" --ignore "node_modules/*" --ignore "staticfiles/*" --ignore "bench/*" --ignore "tests/*"
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.DEFAULT_GOAL := help
.PHONY: help install run test test-suite chromium lint format messages bench load lock uswds clean backup haproxy lb-demo

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --constraint constraints.txt --editable ".[test,lint]"
	touch $(STAMP)

install: $(STAMP) ## Create the virtualenv and install the pinned dependencies

run: install ## Migrate, load the demo content and serve http://127.0.0.1:8000 on SQLite
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

chromium: ## Install Debian's Chromium for the browser tests (once per machine)
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }

# nginx is there only to check deploy/nginx/engage.conf (nginx -t, tests/core/test_deploy_config.py):
# policy-rc.d keeps Debian's package from starting it (one the machine already has is left
# as it is), and where systemd runs, it is not enabled for the next boot either.
haproxy: ## Install Debian's HAProxy and nginx (never started) for the load balancer and deploy/ checks (once per machine)
	@command -v haproxy >/dev/null 2>&1 || test -x /usr/sbin/haproxy || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq haproxy >/dev/null; }
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || { \
		made=; if [ ! -e /usr/sbin/policy-rc.d ]; then \
			printf '#!/bin/sh\nexit 101\n' | $(SUDO) tee /usr/sbin/policy-rc.d >/dev/null && $(SUDO) chmod 755 /usr/sbin/policy-rc.d && made=1; fi; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nginx >/dev/null; status=$$?; \
		if [ -n "$$made" ]; then $(SUDO) rm -f /usr/sbin/policy-rc.d; fi; \
		if [ -d /run/systemd/system ]; then $(SUDO) systemctl disable --quiet nginx 2>/dev/null || true; fi; \
		exit $$status; }

lb-demo: install haproxy ## Two gunicorns behind HAProxy on PostgreSQL + Redis: log-in, votes, limits, fail-over
	$(BIN)/python deploy/lb_demo.py

test: install chromium haproxy test-suite ## Install what the tests need (Chromium and HAProxy included) and run the whole suite

test-suite: ## Run the suite only (set DATABASE_URL for PostgreSQL)
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=engage.settings.test
	$(BIN)/pytest --create-db --numprocesses $(TEST_WORKERS) $(PYTEST_ARGS)

lint: install ## What CI checks: ruff lint and format, djLint on the templates
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint

format: install ## Fix lint and formatting where ruff can
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install ## Extract translatable strings into locale/es and compile them
	$(BIN)/python manage.py makemessages --locale es $(MESSAGES_IGNORE) --no-obsolete
	$(BIN)/python manage.py makemessages --locale es --domain djangojs $(MESSAGES_IGNORE) --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore ".venv/*"

bench: install ## Run the benchmarks (SCENARIO=name for one) and print one JSON line each
	$(BIN)/python bench/run.py $(SCENARIO)

load: install ## Mixed load (Locust) on gunicorn + PostgreSQL + Redis next to a bare page: docs/performance.md
	$(BIN)/python bench/load/run.py

backup: ## Back up the database and uploads into BACKUP_DIR (docs/backups.md)
	$(BIN)/python manage.py backup

lock: install ## Re-pin constraints.txt to what is installed now
	$(BIN)/pip freeze --exclude-editable > constraints.txt

uswds: ## Refresh static/vendor/uswds from npm (@uswds/uswds, pinned in package.json)
	npm install --no-audit --no-fund
	sh frontend/vendor-uswds.sh

clean: ## Remove the virtualenv, the SQLite database and collected files
	rm -rf $(VENV) db.sqlite3 staticfiles
