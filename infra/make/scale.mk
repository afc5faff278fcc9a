# The scale lab (issue 18): each session store and the JWT tables at 1k to 1M live sessions.
#   make scale                    about 5 min; writes infra/scale/results/scale.{json,md,png}
#   make scale SCALE_ARGS="--sizes 1000,10000 --stores db,redis"
# It makes its own database on this PostgreSQL server (dropped afterwards) and its own
# redis-servers; `make scale SCALE_DATABASE_URL=` measures on a SQLite file instead.
SCALE_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/test)
SCALE_ARGS ?=

.PHONY: scale

scale: $(VENV)/.installed ## fill every store to 1k..1M live sessions: bytes, /me p50/p99, prune time
	$(PY) -m infra.scale --database-url "$(SCALE_DATABASE_URL)" $(SCALE_ARGS)
