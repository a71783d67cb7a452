# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test lint format messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# Serves the portal with demo data on the embedded PostgreSQL (or DATABASE_URL when set).
# The demo staff accounts sign in without an authenticator app (SEP_REQUIRE_STAFF_2FA=0 here
# only); `SEP_REQUIRE_STAFF_2FA=1 make run` shows the production rule.
run: export SEP_REQUIRE_STAFF_2FA ?= 0
run: install
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --no-input
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py seed_demo
	@echo "Background worker (e-mails): manage.py db_worker"
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py db_worker & WORKER=$$!; \
	trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Runs the whole suite against PostgreSQL (embedded, or DATABASE_URL when set).
test: install-test
	SECRET_KEY=$${SECRET_KEY:-test-only-secret-key} $(BIN)/pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-extract and compile the interface translations (needs GNU gettext: apt-get install gettext).
messages: install
	DEBUG=1 $(BIN)/python manage.py makemessages -l ky -l ru -l en --ignore=.venv --ignore=var --ignore=tests --ignore=bench
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=var
