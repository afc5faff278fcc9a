"""`python -m infra.matrix --engine firefox --setting default`: run the live matrix against the
running demo (`make demo`) in one engine and setting, write matrix-results/<engine>-<setting>.json
and print the table."""

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

from infra.config import DEMO_USER, demo_password
from infra.matrix.results import RESULTS_DIR, run_matrix
from infra.matrix.settings import ENGINES, SETTINGS
from infra.matrix.table import heading, table
from infra.matrix.walk import DEFAULT_TIMEOUT_S, WalkFailed
from infra.servers import answers_ok
from web_client.site_config import (
    CROSS_SITE,
    DEFAULT_API_PORT,
    DEFAULT_WEB_CLIENT_PORT,
    public_api_origin,
    topology_urls,
)

# The demo's cross-site page: the run starts where issue 16's user started it.
DEMO_PAGE = topology_urls(DEFAULT_WEB_CLIENT_PORT, public_api_origin(DEFAULT_API_PORT))[CROSS_SITE]


def page_answers(page_url: str) -> bool:
    """Whether the page answers (asked on 127.0.0.1: Python's resolver knows no *.localhost)."""
    parts = urlsplit(page_url)
    loopback = parts._replace(netloc=f"127.0.0.1:{parts.port or 80}").geturl()
    return answers_ok(loopback, {"Host": parts.netloc})


def parse(argv: list[str] | None) -> argparse.Namespace:
    choices = ", ".join(f"{engine}: {'|'.join(n for e, n in SETTINGS if e == engine)}"
                        for engine in ENGINES)  # fmt: skip
    parser = argparse.ArgumentParser(prog="python -m infra.matrix", description=__doc__,
                                     epilog=f"Settings per engine: {choices}.")  # fmt: skip
    parser.add_argument("--engine", required=True, choices=ENGINES)
    parser.add_argument("--setting", required=True)
    parser.add_argument("--page-url", default=DEMO_PAGE, help=f"default: {DEMO_PAGE}")
    parser.add_argument("--username", default=DEMO_USER)
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S,
                        help="seconds the whole run may take")  # fmt: skip
    parser.add_argument("--out-dir", default=str(RESULTS_DIR))
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if (args.engine, args.setting) not in SETTINGS:
        known = "|".join(n for e, n in SETTINGS if e == args.engine)
        print(f"SETTING for {args.engine} is one of: {known}", file=sys.stderr)
        return 2

    if not page_answers(args.page_url):
        print(f"No lab page answers at {args.page_url}: start the demo (`make demo`) first, or "
              "name another page with --page-url.", file=sys.stderr)  # fmt: skip
        return 1

    def progress(text: str) -> None:
        print(f"  [{args.engine}/{args.setting}] {text}", flush=True)

    try:
        path, result = run_matrix(
            args.engine, args.setting, page_url=args.page_url, username=args.username,
            password=demo_password(), timeout=args.timeout, directory=Path(args.out_dir),
            progress=progress,
        )  # fmt: skip
    except WalkFailed as error:
        print(f"The matrix did not complete in {args.engine}/{args.setting}: {error}",
              file=sys.stderr)  # fmt: skip
        return 1
    except Exception as error:  # a driver's own error (a browser that would not start, …)
        print(f"The {args.engine} run failed: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    print(f"\n{heading(result)}\n\n{table(result)}\n\nWrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
