"""`python -m infra.scale` (`make scale`): how each session store, and the JWT tables, grow with
the number of live sessions; writes results/scale.{json,md,png}.

Reuses the bench's plumbing (private services, gunicorn, wrk, machine description) and the
replica lab's state meters (infra/cluster/state_meters.py)."""

import argparse
import sys
from pathlib import Path

from infra.scale.run import Options, progress, run
from infra.scale.stores import STORES

DEFAULT_OUT = Path(__file__).with_name("results")
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test"


def parse_options(argv: list[str] | None) -> Options:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000,1000000",
                        help="live sessions at each step, comma-separated")  # fmt: skip
    parser.add_argument("--stores", default=",".join(STORES),
                        help=f"any of {', '.join(STORES)}")  # fmt: skip
    parser.add_argument("--seconds", type=float, default=2.0, help="each wrk run")
    parser.add_argument("--latency-runs", type=int, default=2, help="wrk runs; the best p99 counts")
    parser.add_argument(
        "--expired-fraction",
        type=float,
        default=0.1,
        help="expired items added per step, a fraction of the live ones",
    )
    parser.add_argument("--jwt-largest", type=int, default=100_000,
                        help="largest JWT step (token rows); past it, extrapolated")  # fmt: skip
    parser.add_argument(
        "--database-url",
        default=DEFAULT_DATABASE_URL,
        help="PostgreSQL server for the private database; '' for SQLite",
    )
    parser.add_argument("--redis-benchmark", action=argparse.BooleanOptionalAction, default=True,
                        help="measure one redis-server's GETs/s for the capacity note")  # fmt: skip
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--stem", default="scale", help="results/<stem>.{json,md,png}")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    stores = [s for s in STORES if s in args.stores.split(",")]  # db before cached_db
    unknown = set(args.stores.split(",")) - set(STORES)
    if unknown:
        parser.error(f"unknown store(s) {', '.join(sorted(unknown))}")
    if "cached_db" in stores and "db" not in stores:
        parser.error("cached_db's rows are the db store's: measure db with it")
    sizes = sorted(int(size) for size in args.sizes.split(","))
    return Options(sizes=sizes, stores=stores, seconds=args.seconds,
                   latency_runs=args.latency_runs, redis_benchmark=args.redis_benchmark,
                   expired_fraction=args.expired_fraction,
                   jwt_largest=args.jwt_largest, database_url=args.database_url,
                   out=args.out, stem=args.stem)  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    from infra.scale.report import publish

    options = parse_options(argv)
    results = run(options)
    at_home = options.out.resolve() == DEFAULT_OUT.resolve() and options.stem == "scale"
    for path in publish(results, options.out, options.stem, readme=at_home):
        progress(f"wrote {path}")
    print((options.out / f"{options.stem}.md").read_text())
    progress(f"finished in {results['elapsed_seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
