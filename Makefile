# Two commands for a newcomer: `make run` and `make test`. See README.
PYTHON ?= python3
VENV := .venv
# make run PORT=8001 serves on another port.
PORT ?= 8000
PY := $(VENV)/bin/python

.PHONY: run test lint format clean loadtest

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo
	# The demo users log in without a second factor (TWO_FACTOR_EXEMPT_USERS works only with DEBUG).
	DEBUG=1 TWO_FACTOR_EXEMPT_USERS=admin,manager,reviewer1,reviewer2 $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The published REFI-QDA schemas the exports are validated against (not in the repository).
REFI_QDA := .cache/refi-qda/Project.xsd .cache/refi-qda/Codebook.xsd

$(REFI_QDA): scripts/fetch_refi_qda_schemas.py | $(PY)
	$(PY) scripts/fetch_refi_qda_schemas.py

test: $(VENV)/.installed-dev $(REFI_QDA)
	$(PY) -m pytest

# Needs PostgreSQL (DATABASE_URL's server, default 127.0.0.1:5432) and restarts it part-way.
loadtest: $(VENV)/.installed-dev
	$(PY) scripts/load_and_faults.py

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
