# The two commands every newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test test-fast test-sqlite test-clock lint check bench bench-markdown install clean messages

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

## Start the portal with demo data: web server + Celery worker and beat (no outside service needed).
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	PORT=$(PORT) PY=$(PY) bin/run-dev

## The whole suite: lint, Django checks, unit/API/Celery/browser tests (PostgreSQL + Redis when DATABASE_URL/REDIS_URL are set).
test: install
	$(PY) -m ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=agenperubahan.settings.production SECRET_KEY=$$(head -c 60 /dev/urandom | base64 | tr -d '\n/+=') \
		ALLOWED_HOSTS=portal.example.go.id CACHE_URL=redis://127.0.0.1:6379/1 $(PY) manage.py check --deploy --fail-level WARNING
	$(PY) -m bandit -q -c pyproject.toml -r agenperubahan organization notifications agents forums evaluations dashboards documents improvement zi -ll
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: install
	$(PY) -m pytest -m "not e2e and not slow" -x -q $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .

messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=bench --ignore=tests
	$(PY) manage.py compilemessages --ignore=.venv

bench: install
	$(PY) bench/markdown_inputs.py
	$(PY) bench/run.py

bench-markdown: install
	$(PY) bench/markdown_inputs.py

clean:
	rm -rf var/db.sqlite3* var/celery var/test-media staticfiles

## The suite on the embedded SQLite database (CI runs it beside the PostgreSQL run).
test-sqlite: install
	env -u DATABASE_URL -u REDIS_URL $(PY) -m pytest -n 2 -q $(PYTEST_ARGS)

## The suite but the browser tests, on SQLite, with the system clock moved (libfaketime): 400 days on, the next
## Saturday at 23:30 WIB, 31 December at 23:30 WIB. CI runs it after the two normal runs.
test-clock: install
	PY=$(PY) bin/test-clock $(PYTEST_ARGS)
