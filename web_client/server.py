"""Serve the web client on app.localhost (cross-site) and app.lab.localhost (same-site): the
page, its config.json and its backend-for-frontend (/bff/), a small Django project
(web_client/webserver/) under gunicorn.

Usage: python web_client/server.py [--port 5173] [--api-port 8000] [--bind 127.0.0.1]
                                   [--certfile lab.pem --keyfile lab-key.pem]
With a certificate and key it serves https (and the page's config.json names https origins);
infra.servers.WebClient passes the lab's (infra/tls.py).

It migrates the BFF's session store, drops expired sessions, then becomes gunicorn (exec: the
same process, so whoever started it stops the server with it).
"""

import argparse
import dataclasses
import os
import sys
from pathlib import Path

# Run as a script (python web_client/server.py): the project's packages live one folder up.
REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from web_client.site_config import (  # noqa: E402
    PAGE_HOSTS,
    Settings,
    settings_from_env,
    settings_to_env,
)
from web_client.webserver import SETTINGS_MODULE, WSGI_APP  # noqa: E402

# One process, threads for concurrency: a page load fetches a dozen modules at once, and a
# BFF request waits on the API meanwhile. The BFF's refresh lease lives in its store, so more
# processes (or servers) would be just as safe.
THREADS = 8


def parse_settings(argv=None) -> Settings:
    defaults = settings_from_env()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=defaults.port)
    parser.add_argument("--api-port", type=int, default=defaults.api_port)
    parser.add_argument("--bind", default=defaults.bind)
    parser.add_argument("--certfile", default="", help="serve https with this certificate")
    parser.add_argument("--keyfile", default="", help="the certificate's private key")
    args = parser.parse_args(argv)
    if bool(args.certfile) != bool(args.keyfile):
        parser.error("--certfile and --keyfile go together")
    return dataclasses.replace(
        defaults, port=args.port, api_port=args.api_port, bind=args.bind,
        https=bool(args.certfile), cert_file=args.certfile,
        key_file=args.keyfile,
    )  # fmt: skip


def gunicorn_argv(settings: Settings) -> list[str]:
    tls = ["--certfile", settings.cert_file, "--keyfile", settings.key_file]
    return [
        sys.executable, "-m", "gunicorn", WSGI_APP, "--name", "web-client",
        "--chdir", str(REPO_ROOT), "--bind", f"{settings.bind}:{settings.port}",
        "--workers", "1", "--threads", str(THREADS), "--worker-class", "gthread",
        "--graceful-timeout", "3", "--no-control-socket", "--access-logfile", "-",
        *(tls if settings.cert_file else []),
    ]  # fmt: skip


def prepare_store() -> None:
    """Create or update the BFF's session table, and drop the sessions that have expired."""
    import django
    from django.core.management import call_command
    from django.utils.module_loading import import_string

    django.setup()
    from web_client.bff.conf import DB_ENGINE, session_engine

    if session_engine() == DB_ENGINE:  # Redis needs no table, and expires keys itself
        call_command("migrate", interactive=False, verbosity=0)
        import_string(f"{DB_ENGINE}.SessionStore").clear_expired()


def main(argv=None):
    settings = parse_settings(argv)
    # The flags win over the environment; gunicorn's Django reads them back from it.
    os.environ.update(settings_to_env(settings))
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    prepare_store()
    urls = ", ".join(f"{settings.scheme}://{host}:{settings.port}/" for host in PAGE_HOSTS)
    print(f"Web client on {urls} (API port {settings.api_port}; BFF at /bff/)", flush=True)
    # Our own interpreter with a fixed argv (no shell involved).
    os.execv(sys.executable, gunicorn_argv(settings))  # noqa: S606


if __name__ == "__main__":
    main()
