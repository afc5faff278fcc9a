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

# HTTPS=1: every site over https with the lab's own CA (mkcert; installed as root, else the
# command is printed), cookies Secure and __Host-/__Secure- named as in production.
HTTPS ?=
HTTPS_FLAG := $(if $(filter 1 yes true,$(HTTPS)),--https)

demo: $(VENV)/.installed
	$(PY) -m infra.demo $(HTTPS_FLAG)

# pytest on two workers (pytest-xdist), one per core; tests/conftest.py puts the tests that
# share state in one group, which runs whole on one worker. PYTEST_WORKERS=0: one process.
PYTEST_WORKERS ?= 2
PYTEST_PARALLEL := -n $(PYTEST_WORKERS) --dist loadgroup

# The whole suite: API, browser (real Chromium), mobile (real Kivy window), cluster, bench smoke.
# infra.system_packages installs (as root) or names what is missing, node included, and stops
# the run then: no suite is skipped for want of a program.
test: $(VENV)/.installed
	@$(PY) -m infra.system_packages
	@$(MAKE) --no-print-directory test-web-js
	$(PY) -m pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

test-api: $(VENV)/.installed
	$(PY) -m pytest $(PYTEST_PARALLEL) tests/api tests/unit $(PYTEST_ARGS)

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
