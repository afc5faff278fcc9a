# Session vs Token Lab — two commands do everything: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install demo test test-api lint format prune system-packages

$(VENV)/.installed: pyproject.toml
	@echo "==> creating $(VENV) and installing the project (first run takes a minute)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,mobile]"
	@touch $@

install: $(VENV)/.installed

demo: $(VENV)/.installed
	$(PY) -m infra.demo

# The whole suite: API, browser (real Chromium), mobile (real Kivy window), cluster, bench smoke.
# infra.system_packages installs (as root) or names what is missing, node included, and stops
# the run then: no suite is skipped for want of a program.
test: $(VENV)/.installed
	@$(PY) -m infra.system_packages
	@$(MAKE) --no-print-directory test-web-js
	$(PY) -m pytest $(PYTEST_ARGS)

test-api: $(VENV)/.installed
	$(PY) -m pytest tests/api tests/unit $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The Debian packages the suites drive (installed as root, else the command is printed).
system-packages:
	$(PYTHON) -m infra.system_packages

prune: $(VENV)/.installed
	$(PY) manage.py prune_auth_state

# Fragments contributed by each part of the project (web client, mobile, cluster, bench).
-include infra/make/*.mk
