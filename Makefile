# The two commands a newcomer needs: `make run` and `make test`. Everything else is a helper.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help run test install migrate demo serve lint format check-migrations hooks screenshots clean lock mutation worker prod-check

help:
	@echo "make run               - install into .venv, migrate, load demo content, serve on http://127.0.0.1:8000"
	@echo "make test              - install dev dependencies into .venv and run the whole test suite"
	@echo "                         (PYTEST_ARGS=... passes options, DATABASE_URL=... uses PostgreSQL)"
	@echo "make install           - create .venv and install the project with its dev dependencies"
	@echo "make migrate           - apply database migrations"
	@echo "make demo              - migrate, load the demo content and link its entities"
	@echo "make serve             - serve on http://127.0.0.1:8000 without reloading the demo"
	@echo "make worker            - run a background-job worker (make run starts one by itself)"
	@echo "make prod-check        - follow the README's Deploying section on local PostgreSQL, Redis, S3"
	@echo "make lint              - ruff check and ruff format --check"
	@echo "make format            - apply ruff's fixes and formatting"
	@echo "make check-migrations  - fail if the models and the migrations disagree"
	@echo "make screenshots       - PNGs of the main public and admin screens of the demo in var/screenshots/"
	@echo "make lock              - refresh requirements.lock after changing dependencies (then commit it)"
	@echo "make mutation          - mutation testing of articles/roles.py and articles/workflow.py (slow)"
	@echo "make hooks             - install the pre-commit hooks (ruff, ruff-format, django-upgrade)"
	@echo "make clean             - remove .venv, var/ and the tools' caches"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Exact, hash-checked versions from requirements.lock first, then the project itself without
# resolving anything again: every machine and CI run gets the same dependencies.
$(STAMP): $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py relink_entities

# The queue's worker runs beside the web server and stops with it.
run: demo
	@$(BIN)/python manage.py worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

serve: migrate
	$(BIN)/python manage.py runserver 127.0.0.1:8000

worker: migrate
	$(BIN)/python manage.py worker

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Follow the README's "Deploying" section on local PostgreSQL, Redis and S3, then publish a
# piece through the admin and read every page back.
prod-check: install
	$(BIN)/python .ci/prod_check.py

# Refresh requirements.lock after changing dependencies in pyproject.toml (or to take new
# releases within its ranges): `make lock`, then `make install`, run the tests, commit both.
lock: install
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
		--upgrade --custom-compile-command "make lock" --quiet -o requirements.lock

# Mutation testing of the rules of who may do what (articles/roles.py, articles/workflow.py)
# against the tests that guard them; slow (tens of minutes on two cores). Prints the score.
mutation: install
	rm -rf mutants var/mutation-test.sqlite3
	mkdir -p var
	# One test database, migrated once and reused by every mutant's run, so one mutant at a time.
	NEWSROOM_TEST_DB_FILE=$(CURDIR)/var/mutation-test.sqlite3 $(BIN)/mutmut run --max-children 1 || true
	$(BIN)/mutmut results
	$(BIN)/python .ci/mutation_score.py

check-migrations: install
	$(BIN)/python manage.py makemigrations --check --dry-run

hooks: install
	$(BIN)/pre-commit install

# PNGs of the main public and admin screens of the demo, for reviewers (needs /usr/bin/chromium).
screenshots: install
	$(BIN)/python tools/screenshots.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
