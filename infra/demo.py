"""`make demo`: migrate, prune, seed, then run the API, the web client and the attacker's site
until Ctrl-C.

The API answers on http://api.localhost:8000 (and api.lab.localhost, 127.0.0.1); the web
client runs on a different site, http://app.localhost:5173 (and app.lab.localhost); the
attacker's site, which the API trusts for nothing, on http://attacker.localhost:5174.
"""

import argparse
import signal
import sys
import time
from contextlib import ExitStack

from infra.attacker_site.launcher import AttackerSite
from infra.attacker_site.site_config import DEFAULT_PORT as DEFAULT_ATTACKER_PORT
from infra.attacker_site.site_config import RefusedToStart
from infra.config import inherited_environment
from infra.local_services import busy_ports
from infra.servers import Gunicorn, StartupFailed, WebClient, manage
from web_client.site_config import (
    CROSS_SITE,
    DEFAULT_API_PORT,
    DEFAULT_WEB_CLIENT_PORT,
    SAME_ORIGIN,
    SAME_SITE,
    public_api_origin,
    topology_urls,
)


def step(message: str) -> None:
    print(f"==> {message}", flush=True)


def stop_on_signals() -> None:
    """Ctrl-C and `kill` both end the demo cleanly, even where SIGINT was inherited ignored."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)


def banner(api_port: int, web_port: int, attacker_url: str) -> str:
    api = public_api_origin(api_port)
    pages = topology_urls(web_port, api)
    return (
        "\nSession vs Token Lab is running. Open in Chromium or Firefox:\n"
        f"  cross-site      {pages[CROSS_SITE]:<34} (page, API: two sites)\n"
        f"  same-site       {pages[SAME_SITE]:<34} (two origins, one site)\n"
        f"  same-origin     {pages[SAME_ORIGIN]:<34} (served by the API itself)\n"
        f"  API             {api}/api/health/  (also api.lab.localhost, 127.0.0.1)\n"
        "  BFF             /bff/ on each page's own origin (backend-for-frontend)\n"
        f"  API docs        {api}/api/docs/\n"
        f"  attacker site   {attacker_url:<34} (trusted by nothing: run the attacks here)\n"
        "Log in as alice or bob with the password printed above. Ctrl-C stops everything.\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--api-port", type=int, default=DEFAULT_API_PORT)
    parser.add_argument("--web-port", type=int, default=DEFAULT_WEB_CLIENT_PORT)
    parser.add_argument("--attacker-port", type=int, default=DEFAULT_ATTACKER_PORT)
    args = parser.parse_args(argv)
    api_port, web_port, attacker_port = args.api_port, args.web_port, args.attacker_port
    # The API derives its CORS allowlist from the web client's port.
    # The attacker's port too: both pages' XSS demo sends what it finds to its collector.
    env = {
        **inherited_environment(),
        "WEB_CLIENT_PORT": str(web_port),
        "ATTACKER_SITE_PORT": str(attacker_port),
    }
    stop_on_signals()
    busy = busy_ports([api_port, web_port, attacker_port])
    if busy:
        print(
            f"Port(s) {', '.join(map(str, busy))} already in use on 127.0.0.1 — is another "
            "`make demo` or `make cluster` running? Stop it and try again.",
            file=sys.stderr,
        )
        return 1
    step("migrating the database (SQLite file db.sqlite3 unless DATABASE_URL is set)")
    manage("migrate", "--no-input", "-v", "0", env=env)
    step("pruning expired sessions, refresh tokens and Idempotency-Key records (prune_auth_state)")
    manage("prune_auth_state", env=env)
    step("seeding demo users")
    manage("seed_demo_users", env=env)
    api = Gunicorn("api", api_port, env=env, log_path=None, threads=8, ipv6=True, access_log=True)
    web = WebClient(web_port, api_port=api_port, log_path=None, env=env)
    try:
        attacker = AttackerSite(attacker_port, api_port=api_port, web_port=web_port, log_path=None)
    except RefusedToStart as refused:
        print(refused, file=sys.stderr)
        return 1
    servers = (api, web, attacker)
    with ExitStack() as running:
        try:
            for server in servers:
                step(f"starting the {server.name} on port {server.port}")
                running.enter_context(server.spawn())
            for server in servers:
                server.wait_ready()
            print(banner(api_port, web_port, attacker.public_url), flush=True)
            while all(server.process.poll() is None for server in servers):
                time.sleep(0.5)
            print("A server stopped; shutting the rest down.", file=sys.stderr)
            return 1
        except StartupFailed as error:
            print(f"{error}\nSee the messages above.", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("\nStopping…", flush=True)
            return 0


if __name__ == "__main__":
    sys.exit(main())
