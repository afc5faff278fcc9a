"""Starts the attacker's site with infra's one launcher: gunicorn, ONE worker process (the
collector lives in its memory), a few threads, on 127.0.0.1 only, and no access log (a stolen
token can ride in a query string; it must never reach a disk).

`python -m infra.attacker_site.launcher` (`make attacker-site`) runs it until Ctrl-C; `make
demo` starts `AttackerSite` beside the API and the web client.
"""

import argparse
import sys
import time
from pathlib import Path

from infra.attacker_site import site_config
from infra.config import inherited_environment
from infra.servers import Gunicorn, StartupFailed, answers_ok, ca_verify
from infra.tls import LabTls, ensure_lab_certificates

WSGI_APP = "infra.attacker_site.wsgi:application"
THREADS = 4


class AttackerSite(Gunicorn):
    """The attacker's site on `port`, ready once its config.json answers."""

    def __init__(self, port: int, *, api_port: int, web_port: int, log_path: Path | None,
                 environ: dict[str, str] | None = None, tls: LabTls | None = None):  # fmt: skip
        shell = inherited_environment() if environ is None else environ
        # The launcher vouches for the lab (LAB_FLAG); production settings still refuse.
        reason = site_config.refusal({**shell, site_config.LAB_FLAG: "1"})
        if reason:
            raise site_config.RefusedToStart(reason)
        env = {
            **shell,
            site_config.LAB_FLAG: "1",
            site_config.BACKEND_SETTINGS: shell.get("DJANGO_SETTINGS_MODULE", ""),
            "DJANGO_SETTINGS_MODULE": "infra.attacker_site.settings",
            "ATTACKER_SITE_PORT": str(port),
            "API_PORT": str(api_port),
            "WEB_CLIENT_PORT": str(web_port),
        }
        super().__init__("attacker site", port, env=env, log_path=log_path, workers=1,
                         threads=THREADS, wsgi_app=WSGI_APP, access_log=False,
                         tls=tls)  # fmt: skip
        config = f"{self.scheme}://127.0.0.1:{port}/config.json"
        host = {"Host": f"{site_config.HOST}:{port}"}
        self.ready = lambda: answers_ok(config, host, verify=ca_verify(tls))

    @property
    def public_url(self) -> str:
        return f"{site_config.attacker_site_origin(self.port, self.scheme)}/"


def main(argv: list[str] | None = None) -> int:
    defaults = site_config.settings_from_env(inherited_environment())
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=defaults.port)
    parser.add_argument("--api-port", type=int, default=defaults.api_port)
    parser.add_argument("--web-port", type=int, default=defaults.web_port)
    parser.add_argument(
        "--https",
        action="store_true",
        help="serve https with the lab's certificate (beside `make demo HTTPS=1`)",
    )
    args = parser.parse_args(argv)
    tls = ensure_lab_certificates() if args.https else None
    try:
        site = AttackerSite(args.port, api_port=args.api_port, web_port=args.web_port,
                            log_path=None, tls=tls)  # fmt: skip
    except site_config.RefusedToStart as refused:
        print(refused, file=sys.stderr)
        return 2
    try:
        with site:
            print(f"The attacker's site is running: {site.public_url} (Ctrl-C stops it)")
            while site.process.poll() is None:
                time.sleep(0.5)
            return 1
    except StartupFailed as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
