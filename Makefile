# The two commands a newcomer needs: `make run` and `make test`.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run serve demo test test-fast lint format check-deploy worker beat clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# axe-core for the accessibility audits in the browser tests (the site serves no npm code).
NODE_STAMP := node_modules/.installed-stamp
$(NODE_STAMP): package.json
	@if command -v npm >/dev/null 2>&1; then npm install --silent && touch $(NODE_STAMP); \
	else echo "npm not found: the accessibility audits will be skipped"; fi

install: $(STAMP) $(NODE_STAMP)

## make run: install, migrate, load demo content and accounts, serve on 127.0.0.1:8000
run: install demo serve

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo

# Certificates, calendar files and emails link to the address served here.
serve: install
	ACADEMY_BASE_URL=$${ACADEMY_BASE_URL:-http://$(HOST):$(PORT)} $(PY) manage.py runserver $(HOST):$(PORT)

## make test: the whole suite; services it cannot find are skipped with a reason
test: install
	$(PY) -m pytest

# Two workers (pytest-xdist): the fast suite needs no shared service, so it can run on two
# cores; each worker has its own SQLite test file, media folder and cache. `make test`
# stays serial (one PostgreSQL, Redis, Celery worker and Chromium for the whole run).
test-fast: install
	$(PY) -m pytest -m "not browser and not services" -q -n 2

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-deploy: install
	DJANGO_SETTINGS_MODULE=config.settings.production \
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-check-deploy-$$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')} \
	DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-academy.example.org} \
	REDIS_CACHE_URL=$${REDIS_CACHE_URL:-redis://127.0.0.1:6379/1} \
	ACADEMY_TRUSTED_PROXY_COUNT=$${ACADEMY_TRUSTED_PROXY_COUNT:-1} \
	ACADEMY_BASE_URL=$${ACADEMY_BASE_URL:-https://academy.example.org} \
	DEFAULT_FROM_EMAIL="$${DEFAULT_FROM_EMAIL:-Academy <academy@example.org>}" \
	$(PY) manage.py check --deploy --fail-level WARNING

worker: install
	$(VENV)/bin/celery -A config worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A config beat --loglevel=INFO --schedule var/celerybeat-schedule

clean:
	rm -rf $(VENV) var
