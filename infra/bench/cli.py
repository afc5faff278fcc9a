"""Command-line options of `python -m infra.bench`; the environment comes from infra.config."""

import argparse
from dataclasses import dataclass
from pathlib import Path

from infra import config
from infra.bench.server import DEFAULT_WSGI_APP

RESULTS_DIR = Path(__file__).with_name("results")


@dataclass(frozen=True)
class Options:
    rounds: int
    seconds: float
    warmup_seconds: float
    connections: int
    workers: int
    cases: list[str] | None
    out: Path
    stem: str
    extra_env: dict
    wsgi_app: str
    micro: bool
    chart: bool
    strict: bool
    # Where the private database and Redis come from (a new database is made on that server).
    database_url: str
    redis_url: str


def parse_options(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(
        prog="python -m infra.bench",
        description="What each auth style costs per request and in server state.",
    )
    # 4 rounds of 13 servers (each auth style stock and tuned) keep `make bench` under 6 minutes.
    parser.add_argument("--rounds", type=int, default=4, help="interleaved rounds (≥ 4 for ratios)")
    parser.add_argument("--seconds", type=float, default=3, help="wrk duration per case and round")
    parser.add_argument("--warmup-seconds", type=float, default=1)
    parser.add_argument("--connections", type=int, default=4, help="wrk connections")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers per server")
    parser.add_argument("--cases", help="comma list of case names (the baseline is always added)")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR, help="results folder")
    parser.add_argument("--stem", default="latest", help="results file name without extension")
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="extra server environment for every case, e.g. CONN_MAX_AGE=0 (repeatable)",
    )
    parser.add_argument(
        "--wsgi-app", default=DEFAULT_WSGI_APP, help="gunicorn app (to measure a prototype)"
    )
    parser.add_argument("--no-micro", action="store_true", help="skip in-process microbenchmarks")
    parser.add_argument("--no-chart", action="store_true", help="skip the PNG chart")
    parser.add_argument("--strict", action="store_true", help="exit 3 when a target is missed")
    args = parser.parse_args(argv)
    return Options(
        rounds=args.rounds,
        seconds=args.seconds,
        warmup_seconds=args.warmup_seconds,
        connections=args.connections,
        workers=args.workers,
        cases=[name.strip() for name in args.cases.split(",")] if args.cases else None,
        out=args.out,
        stem=args.stem,
        extra_env=dict(parse_pair(item) for item in args.env),
        wsgi_app=args.wsgi_app,
        micro=not args.no_micro,
        chart=not args.no_chart,
        strict=args.strict,
        database_url=config.database_url(),
        redis_url=config.redis_url(),
    )


def parse_pair(item: str) -> tuple[str, str]:
    name, separator, value = item.partition("=")
    if not separator or not name:
        raise SystemExit(f"--env expects NAME=VALUE, got {item!r}")
    return name, value
