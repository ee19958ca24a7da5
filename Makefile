# Offene Daten Jena - developer entry points. See README.md.
#   make run    start the whole portal on http://127.0.0.1:5000 (PORT=5001 make run)
#   make test   run every test on its own embedded stack (PYTEST_ARGS="..." narrows it)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=
# Official DCAT-AP.de shapes (third-party data), installed and verified by deploy/install-shapes.sh
SHAPES := $(VENV)/share/jena/dcat-ap-de/.complete
# axe-core for the accessibility checks of the browser tests, installed and verified by deploy/install-axe.sh
AXE := $(VENV)/share/jena/axe-core/.complete

.PHONY: run test install lint format clean-var

$(BIN)/.installed: setup.py requirements/constraints.txt deploy/install.sh
	@PYTHON=$(PYTHON) bash deploy/install.sh
	@touch $@

$(SHAPES): $(BIN)/.installed ckanext-jena/jena_shapes/MANIFEST.tsv
	@bash deploy/install-shapes.sh
	@touch $@

$(AXE): $(BIN)/.installed deploy/install-axe.sh
	@bash deploy/install-axe.sh
	@touch $@

install: $(BIN)/.installed $(SHAPES) $(AXE)

run: install
	@$(BIN)/jena-stack run

test: install
	@$(BIN)/jena-stack test $(PYTEST_ARGS)

lint: install
	@$(BIN)/ruff check ckanext-jena tests setup.py && $(BIN)/ruff format --check ckanext-jena tests setup.py

format: install
	@$(BIN)/ruff format ckanext-jena tests setup.py && $(BIN)/ruff check --fix ckanext-jena tests setup.py
