# The SEF course. `make lab` starts the course, `make test` runs every test.
# Both create the virtual environment in .venv on first use and reinstall only
# when pyproject.toml changes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help venv lab test test-fast lint format bench claims release check clean-notebooks navbar grade demo-cohort sandbox clean

help:  ## List every target
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[course,test]'
	@touch $(STAMP)

venv: $(STAMP)  ## Create or update the virtual environment (.venv)

# The trainee set-up (jupyter-config/): no news pop-up, no nbgrader instructor panels.
# Facilitators start JupyterLab with everything on: make lab LAB_CONFIG=
LAB_CONFIG ?= $(CURDIR)/jupyter-config

lab: $(STAMP)  ## Start JupyterLab on the course at the welcome lesson (trainee set-up)
	$(if $(LAB_CONFIG),JUPYTER_CONFIG_PATH="$(LAB_CONFIG)$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}") \
		$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) course/00_welcome.ipynb

test: $(STAMP) lint  ## Run the whole test suite (lint, library, notebooks, grading, browser)
	$(BIN)/python -m pytest -n 2 --dist loadgroup

test-fast: $(STAMP)  ## Run the library tests only, skipping slow and browser tests
	$(BIN)/python -m pytest -m "not slow and not browser"

lint: $(STAMP)  ## Check style with ruff
	$(BIN)/ruff check .

format: $(STAMP)  ## Fix what ruff can fix and format the code
	$(BIN)/ruff check --fix .

# Every benchmark runs, even after one fails; the target fails at the end if any missed a target.
bench: $(STAMP)  ## Print speed and memory figures against their targets (benchmarks/bench_*.py); fails on a miss
	@failed=""; for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || failed="$$failed $$f"; done; \
	if [ -n "$$failed" ]; then echo "missed a target or failed:$$failed"; exit 1; fi

claims: $(STAMP)  ## Re-measure the course's claims over their seeds and store them (after an engine change)
	$(BIN)/python benchmarks/claims.py --write

# The course chores, one `sefkit` command each (sefkit --help).
release: $(STAMP)  ## Regenerate exercises/ (student versions) from solutions/ and record them in the gradebook
	$(BIN)/sefkit release

check: $(STAMP)  ## Check exercises/ is up to date and shows no answers, and every notebook is clean
	$(BIN)/sefkit check

clean-notebooks: $(STAMP)  ## Strip outputs, execution counts and noisy metadata from every notebook
	$(BIN)/sefkit clean

navbar: $(STAMP)  ## Write the navigation bar at the top of every lesson
	$(BIN)/sefkit navbar

ASSIGNMENT ?=
grade: $(STAMP)  ## Grade a cohort's submissions and write the report: make grade ASSIGNMENT=05_pipeline
	@test -n "$(ASSIGNMENT)" || { echo "say which assignment: make grade ASSIGNMENT=05_pipeline"; exit 2; }
	$(BIN)/sefkit grade $(ASSIGNMENT)

demo-cohort: $(STAMP)  ## Build a demo cohort in sef-demo/ and grade it (a facilitator's five-minute tour)
	$(BIN)/sefkit grade --demo

# bubblewrap (bwrap) is the sandbox `nbgrader autograde` runs trainees' kernels in
# (docs/GRADING.md); the grading machine needs it, trainees' machines do not.
sandbox:  ## Install bubblewrap, the grading sandbox (Debian/Ubuntu, needs apt-get)
	@command -v bwrap >/dev/null 2>&1 || { SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO="sudo"; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq bubblewrap >/dev/null; }
	@bwrap --version

clean:  ## Remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build *.egg-info
