# Benchmarks (issue 6): what each auth style costs per request and in server state.
# The bench makes its own database on this PostgreSQL server (dropped afterwards) and its own
# redis-server; `make bench BENCH_DATABASE_URL=` measures on a SQLite file instead.
BENCH_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/test)
# Extra options, e.g. BENCH_ARGS="--rounds 6 --env CONN_MAX_AGE=0 --stem conn-max-age-0".
BENCH_ARGS ?=

.PHONY: bench bench-profile

bench: $(VENV)/.installed ## load every auth style under gunicorn + wrk (about 5 min: stock and tuned); writes infra/bench/results/
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(PY) -m infra.bench $(BENCH_ARGS)

bench-profile: $(VENV)/.installed ## where each auth style's request time goes (in-process, cProfile)
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(PY) -m infra.bench.hotspots $(BENCH_ARGS)
