"""`python -m infra.matrix --engine firefox --setting default [--https]`: run the live matrix
against the running demo (`make demo`, or `make demo HTTPS=1` with --https) in one engine and
setting, write matrix-results/<engine>-<setting>[-https].json and print the table."""

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

import requests

from infra.config import DEMO_USER, demo_password
from infra.matrix.results import RESULTS_DIR, run_matrix
from infra.matrix.settings import ENGINES, SETTINGS
from infra.matrix.table import heading, table
from infra.matrix.verdict import describe, surprises
from infra.matrix.walk import DEFAULT_TIMEOUT_S, WalkFailed
from infra.servers import POLL_TIMEOUT_S
from infra.tls import ensure_lab_certificates
from web_client.site_config import (
    CROSS_SITE,
    DEFAULT_API_PORT,
    DEFAULT_WEB_CLIENT_PORT,
    HTTP,
    HTTPS,
    public_api_origin,
    topology_urls,
)


def demo_page(scheme: str) -> str:
    """The demo's cross-site page: the run starts where issue 16's user started it."""
    api = public_api_origin(DEFAULT_API_PORT, scheme)
    return topology_urls(DEFAULT_WEB_CLIENT_PORT, api)[CROSS_SITE]


def page_answers(page_url: str, ca_file: Path | None) -> bool:
    """Whether the page answers (asked on 127.0.0.1: Python's resolver knows no *.localhost;
    over https verified against the lab's CA, whose certificate names 127.0.0.1 too)."""
    parts = urlsplit(page_url)
    loopback = parts._replace(netloc=f"127.0.0.1:{parts.port or 80}").geturl()
    try:
        answer = requests.get(loopback, headers={"Host": parts.netloc}, timeout=POLL_TIMEOUT_S,
                              verify=str(ca_file) if ca_file else True)  # fmt: skip
    except requests.RequestException:
        return False
    return answer.status_code == 200


def lab_ca_file() -> Path:
    """The lab's CA: the one `make demo HTTPS=1` serves with (infra.tls reuses what exists)."""
    return ensure_lab_certificates().ca_file


def parse(argv: list[str] | None) -> argparse.Namespace:
    choices = ", ".join(f"{engine}: {'|'.join(n for e, n in SETTINGS if e == engine)}"
                        for engine in ENGINES)  # fmt: skip
    parser = argparse.ArgumentParser(prog="python -m infra.matrix", description=__doc__,
                                     epilog=f"Settings per engine: {choices}.")  # fmt: skip
    parser.add_argument("--engine", required=True, choices=ENGINES)
    parser.add_argument("--setting", required=True)
    parser.add_argument("--https", action="store_true",
                        help="over https: the demo's https page, the lab's CA trusted by the "
                        "engine for this run (make demo HTTPS=1)")  # fmt: skip
    parser.add_argument("--page-url", help=f"default: {demo_page(HTTP)} ({demo_page(HTTPS)})")
    parser.add_argument("--ca-file", type=Path,
                        help="over https, the CA to trust (default: the lab's)")  # fmt: skip
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

    page_url = args.page_url or demo_page(HTTPS if args.https else HTTP)
    https = urlsplit(page_url).scheme == HTTPS
    ca_file = (args.ca_file or lab_ca_file()) if https else None
    if not page_answers(page_url, ca_file):
        demo = "make demo HTTPS=1" if https else "make demo"
        print(f"No lab page answers at {page_url}: start the demo (`{demo}`) first, or "
              "name another page with --page-url.", file=sys.stderr)  # fmt: skip
        return 1

    def progress(text: str) -> None:
        print(f"  [{args.engine}/{args.setting}] {text}", flush=True)

    try:
        path, result = run_matrix(
            args.engine, args.setting, page_url=page_url, username=args.username,
            password=demo_password(), timeout=args.timeout, directory=Path(args.out_dir),
            ca_file=ca_file, progress=progress,
        )  # fmt: skip
    except WalkFailed as error:
        print(f"The matrix did not complete in {args.engine}/{args.setting}: {error}",
              file=sys.stderr)  # fmt: skip
        return 1
    except Exception as error:  # a driver's own error (a browser that would not start, …)
        print(f"The {args.engine} run failed: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    print(f"\n{heading(result)}\n\n{table(result)}\n")
    for cell in surprises(result):
        print(f"  surprise: {describe(cell)}")
    print(f"Wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
