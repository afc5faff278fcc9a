"""`make demo`: migrate, prune, seed, then run the API, the web client and the attacker's site
until Ctrl-C.

The API answers on http://api.localhost:8000 (and api.lab.localhost, 127.0.0.1); the web
client runs on a different site, http://app.localhost:5173 (and app.lab.localhost); the
attacker's site, which the API trusts for nothing, on http://attacker.localhost:5174.

`--https` (`make demo HTTPS=1`) serves the same names and ports over https with the lab's own
certificate authority (infra/tls.py), cookies as production sets them, and, as root, installs
that CA where the system and the browsers look for it (`--no-install-ca`: it only says how).
"""

import argparse
import os
import signal
import sys
import time
from contextlib import ExitStack
from pathlib import Path

from infra.attacker_site.launcher import AttackerSite
from infra.attacker_site.site_config import DEFAULT_PORT as DEFAULT_ATTACKER_PORT
from infra.attacker_site.site_config import RefusedToStart
from infra.config import inherited_environment
from infra.local_services import busy_ports
from infra.servers import Gunicorn, StartupFailed, WebClient, manage
from infra.tls import (
    DEFAULT_DIRECTORY,
    LabTls,
    TlsUnavailable,
    ensure_lab_certificates,
    install_ca,
    install_command,
    scheme,
    uninstall_command,
)
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


def banner(api_port: int, web_port: int, attacker_url: str, tls: LabTls | None = None) -> str:
    api = public_api_origin(api_port, scheme(tls))
    pages = topology_urls(web_port, api)
    return (
        f"\nSession vs Token Lab is running{' over https' if tls else ''}. "
        "Open in Chromium or Firefox:\n"
        f"  cross-site      {pages[CROSS_SITE]:<34} (page, API: two sites)\n"
        f"  same-site       {pages[SAME_SITE]:<34} (two origins, one site)\n"
        f"  same-origin     {pages[SAME_ORIGIN]:<34} (served by the API itself)\n"
        f"  API             {api}/api/health/  (also api.lab.localhost, 127.0.0.1)\n"
        "  BFF             /bff/ on each page's own origin (backend-for-frontend)\n"
        f"  API docs        {api}/api/docs/\n"
        f"  attacker site   {attacker_url:<34} (trusted by nothing: run the attacks here)\n"
        "Log in as alice or bob with the password printed above. Ctrl-C stops everything.\n"
    )


def trust_lab_ca(tls: LabTls, *, install: bool) -> str:
    """Install the lab's CA (root, `install`) or say how; either way, say how to remove it."""
    where = f"The lab's certificate authority is {tls.ca_file} (CAROOT {tls.ca_root})."
    remove = (
        f"To remove it from every store: {uninstall_command(tls)}  (then delete {tls.ca_root} "
        "to forget the CA itself)."
    )
    if install and os.geteuid() == 0:
        step("trusting the lab's CA: mkcert -install (the system store, and the NSS databases "
             "Chromium and Firefox read)")  # fmt: skip
        report = install_ca(tls)
        return (
            f"{report}\n{where}\nInstalled: it is now trusted by this machine's system store "
            "(/usr/local/share/ca-certificates, update-ca-certificates) and by the NSS "
            "databases above (Chromium: ~/.pki/nssdb, Firefox: its profiles). It signs only "
            f"what this checkout makes, and its key never leaves {tls.ca_root}.\n{remove}"
        )
    return (
        f"{where}\nNot installed: browsers will warn about the certificate until you trust it. "
        f"Run once (it asks for sudo for the system store):\n  {install_command(tls)}\n"
        f"then reload the page. {remove}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--api-port", type=int, default=DEFAULT_API_PORT)
    parser.add_argument("--web-port", type=int, default=DEFAULT_WEB_CLIENT_PORT)
    parser.add_argument("--attacker-port", type=int, default=DEFAULT_ATTACKER_PORT)
    parser.add_argument("--https", action="store_true", help="serve every site over https")
    parser.add_argument(
        "--tls-dir",
        type=Path,
        default=DEFAULT_DIRECTORY,
        help="where the lab's CA and certificate live (made if missing)",
    )
    parser.add_argument("--no-install-ca", dest="install_ca", action="store_false",
                        help="do not run `mkcert -install`; only print how to")  # fmt: skip
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
    tls, trust_note = None, ""
    if args.https:
        step(f"making the lab's CA and certificate with mkcert (in {args.tls_dir})")
        try:
            tls = ensure_lab_certificates(args.tls_dir)
            trust_note = trust_lab_ca(tls, install=args.install_ca)
        except TlsUnavailable as unavailable:
            print(unavailable, file=sys.stderr)
            return 1
    api = Gunicorn("api", api_port, env=env, log_path=None, threads=8, ipv6=True,
                   access_log=True, tls=tls)  # fmt: skip
    web = WebClient(web_port, api_port=api_port, log_path=None, env=env, tls=tls)
    try:
        attacker = AttackerSite(attacker_port, api_port=api_port, web_port=web_port,
                                log_path=None, environ=env, tls=tls)  # fmt: skip
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
            if trust_note:
                print(f"\n{trust_note}", flush=True)
            print(banner(api_port, web_port, attacker.public_url, tls), flush=True)
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
