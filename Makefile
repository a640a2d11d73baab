# The two commands a newcomer needs: `make run` and `make test`. Everything else is a helper.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help run test install migrate demo serve lint format check-migrations screenshots clean

help:
	@echo "make run   - install into .venv, migrate, load demo content, serve on http://127.0.0.1:8000"
	@echo "make test  - install dev dependencies into .venv and run the whole test suite"
	@echo "make screenshots - PNGs of the main public and admin screens of the demo in var/screenshots/"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py relink_entities

run: demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-migrations: install
	$(BIN)/python manage.py makemigrations --check --dry-run

# PNGs of the main public and admin screens of the demo, for reviewers (needs /usr/bin/chromium).
screenshots: install
	$(BIN)/python tools/screenshots.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
