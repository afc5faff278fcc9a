# The live matrix in other engines (infra/matrix/): against the running demo (`make demo`).
#   make matrix ENGINE=chromium SETTING=blocked|allowed
#   make matrix ENGINE=firefox  SETTING=default|strict
#   make matrix ENGINE=webkit   SETTING=default|always
#   … HTTPS=1: against `make demo HTTPS=1`, the lab's CA trusted by the engine for the run.
# Writes matrix-results/<engine>-<setting>[-https].json and prints the table. MATRIX_ARGS passes
# more options (e.g. --page-url http://app.localhost:5173/ --timeout 300).
ENGINE ?=
SETTING ?=
MATRIX_ARGS ?=
# HTTPS=1 means what it means for `make demo` (the root Makefile's HTTPS_FLAG, one home).
MATRIX_HTTPS = $(HTTPS_FLAG)

.PHONY: matrix matrix-all matrix-tables

matrix: $(VENV)/.installed
	@test -n "$(ENGINE)" && test -n "$(SETTING)" || { echo "usage: make matrix ENGINE=chromium|firefox|webkit SETTING=… [HTTPS=1] (see infra/matrix/README.md)" >&2; exit 2; }
	$(PY) -m infra.matrix --engine $(ENGINE) --setting $(SETTING) $(MATRIX_HTTPS) $(MATRIX_ARGS)

# All six, one after another (about a minute and a half on this machine).
matrix-all: $(VENV)/.installed
	@for run in chromium:blocked chromium:allowed firefox:default firefox:strict webkit:default webkit:always; do \
	  $(PY) -m infra.matrix --engine $${run%%:*} --setting $${run##*:} $(MATRIX_HTTPS) $(MATRIX_ARGS) || exit 1; \
	done

# The README tables of every run in matrix-results/ (Markdown).
matrix-tables: $(VENV)/.installed
	$(PY) -m infra.matrix.table --markdown matrix-results/*.json
