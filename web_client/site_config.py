"""What the web client's server knows: its settings, the topologies, and the headers it sends."""

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

CROSS_SITE = "cross-site"
SAME_SITE = "same-site"
SAME_ORIGIN = "same-origin"

# The page and its assets, relative to web_client/: never the server, its tests or dotfiles.
PAGE_FILE = "index.html"
ASSET_DIRS = ("scripts/", "styles/")


def page_asset(path: str) -> str | None:
    """`path` if it names the page or one of its assets, else None.

    Both page servers receive paths with their dot segments intact (a raw
    `scripts/../server.py`, as `curl --path-as-is` sends it): such a path is refused before it
    meets the disk, never normalised into another file.
    """
    if posixpath.normpath(path) != path or "\\" in path:
        return None
    return path if path == PAGE_FILE or path.startswith(ASSET_DIRS) else None


# Page host -> (topology, API host). Chromium treats `localhost` like a top-level domain, so
# app.localhost/api.localhost are two sites while app.lab.localhost/api.lab.localhost share one.
PAGE_HOSTS = {
    "app.localhost": (CROSS_SITE, "api.localhost"),
    "app.lab.localhost": (SAME_SITE, "api.lab.localhost"),
}
# The same-origin page is served by the API itself, under this path.
SAME_ORIGIN_HOST = "api.localhost"
SAME_ORIGIN_PATH = "/app/"

# Cross-Origin-Opener-Policy. A matrix run opens the other topologies' pages as windows and
# talks to them by postMessage. same-origin-allow-popups keeps the page's handles to windows it
# opens, while a page of another origin that opens this one still gets none (as with
# same-origin). A page opened for a run (?matrix-helper=<topology>) must keep its opener, and
# Chromium severs that link for any other value than unsafe-none (measured: a popup of another
# origin with same-origin-allow-popups loses it). Such a page only waits for a postMessage from
# the exact origin of the lab page that opened it, and runs nothing without a click.
# backend/lab/web_client_app.py sends these headers for the same-origin page too.
OPENER_POLICY = "same-origin-allow-popups"
MATRIX_HELPER_PARAM = "matrix-helper"
MATRIX_HELPER_OPENER_POLICY = "unsafe-none"

DEFAULT_WEB_CLIENT_PORT = 5173
DEFAULT_API_PORT = 8000
# The attacker's site (infra/attacker_site/), which the lab trusts for nothing. Its address lives
# here, beside the lab's other ports, because the page's "run the attacker's script here"
# control must say where stolen data goes (config.json's collectorUrl), and infra/attacker_site
# imports this module (the reverse import would be a cycle).
ATTACKER_SITE_HOST = "attacker.localhost"
DEFAULT_ATTACKER_SITE_PORT = 5174
COLLECTOR_PATH = "/collect"
REPO_ROOT = Path(__file__).resolve().parents[1]
# The BFF's sessions (web_client/bff/) when no REDIS_URL is set: a file that outlives a restart.
DEFAULT_BFF_SQLITE_PATH = REPO_ROOT / "bff.sqlite3"
# How long the BFF waits for the API (connect, then each read) before answering 504.
DEFAULT_BFF_UPSTREAM_TIMEOUT_S = 10.0

# The backend-for-frontend answers under this path on every origin that serves the page.
BFF_PATH = "/bff"

# The lab runs all over http (`make demo`) or all over https (`make demo HTTPS=1`): one switch,
# set by the launchers (infra/servers.py) for every server they start. Every origin below is
# built from it, so no list can keep an http origin in https mode.
HTTP = "http"
HTTPS = "https"
HTTPS_ENV = "LAB_HTTPS"
# The lab CA's PEM (infra/tls.py), for a lab server that calls another over https (the BFF
# calling the API, the attacker's server calling the API): trusted explicitly, never globally.
CA_FILE_ENV = "LAB_TLS_CA_FILE"


def scheme_for(https: bool) -> str:
    return HTTPS if https else HTTP


@dataclass(frozen=True)
class Settings:
    port: int
    api_port: int
    bind: str = "127.0.0.1"
    # Signs the BFF's session data; empty: a per-checkout secret (web_client/webserver/settings).
    secret_key: str = ""
    bff_sqlite_path: str = str(DEFAULT_BFF_SQLITE_PATH)
    # Set: the BFF keeps its sessions in this Redis instead of the SQLite file.
    redis_url: str = ""
    bff_upstream_timeout: float = DEFAULT_BFF_UPSTREAM_TIMEOUT_S
    attacker_port: int = DEFAULT_ATTACKER_SITE_PORT
    https: bool = False
    # The lab CA's PEM, which the BFF trusts for the API in https mode (empty: plain http).
    ca_file: str = ""
    # The certificate gunicorn serves (server.py's flags; the environment never names them).
    cert_file: str = ""
    key_file: str = ""

    @property
    def scheme(self) -> str:
        return scheme_for(self.https)


def settings_from_env(environ=None) -> Settings:
    """The one place the web client's server reads the environment (CLI flags override it)."""
    environ = os.environ if environ is None else environ
    return Settings(
        port=int(environ.get("WEB_CLIENT_PORT", DEFAULT_WEB_CLIENT_PORT)),
        api_port=int(environ.get("API_PORT", DEFAULT_API_PORT)),
        bind=environ.get("WEB_CLIENT_BIND", "127.0.0.1"),
        secret_key=environ.get("WEB_CLIENT_SECRET_KEY", ""),
        bff_sqlite_path=environ.get("BFF_SQLITE_PATH", str(DEFAULT_BFF_SQLITE_PATH)),
        redis_url=environ.get("REDIS_URL", ""),
        bff_upstream_timeout=float(
            environ.get("BFF_UPSTREAM_TIMEOUT_SECONDS", DEFAULT_BFF_UPSTREAM_TIMEOUT_S)
        ),
        attacker_port=int(environ.get("ATTACKER_SITE_PORT", DEFAULT_ATTACKER_SITE_PORT)),
        https=environ.get(HTTPS_ENV, "") == "1",
        ca_file=environ.get(CA_FILE_ENV, ""),
    )


def settings_to_env(settings: Settings) -> dict[str, str]:
    """The environment `settings_from_env` reads back as `settings` (for a child process)."""
    return {
        "WEB_CLIENT_PORT": str(settings.port),
        "API_PORT": str(settings.api_port),
        "WEB_CLIENT_BIND": settings.bind,
        "WEB_CLIENT_SECRET_KEY": settings.secret_key,
        "BFF_SQLITE_PATH": settings.bff_sqlite_path,
        "REDIS_URL": settings.redis_url,
        "BFF_UPSTREAM_TIMEOUT_SECONDS": str(settings.bff_upstream_timeout),
        "ATTACKER_SITE_PORT": str(settings.attacker_port),
        HTTPS_ENV: "1" if settings.https else "",
        CA_FILE_ENV: settings.ca_file,
    }


def page_origins(port: int, scheme: str = HTTP) -> dict[str, str]:
    """topology -> origin of the page this server serves for it (the API's CORS allowlist)."""
    return {topology: f"{scheme}://{host}:{port}" for host, (topology, _) in PAGE_HOSTS.items()}


def public_api_origin(api_port: int, scheme: str = HTTP) -> str:
    """The API under the name a browser uses for it (and the same-origin page's origin)."""
    return f"{scheme}://{SAME_ORIGIN_HOST}:{api_port}"


def topology_urls(web_port: int, api_origin: str) -> dict[str, str]:
    """Where each topology's page lives (the same-origin one under `api_origin`), so every
    page can link to the other two. The pages share `api_origin`'s scheme: the lab runs all
    over http or all over https."""
    scheme = urlsplit(api_origin).scheme
    pages = {topology: f"{origin}/" for topology, origin in page_origins(web_port, scheme).items()}
    return {**pages, SAME_ORIGIN: f"{api_origin}{SAME_ORIGIN_PATH}"}


def page_host(host_header: str | None) -> str | None:
    """The known page host named by a Host header (port stripped), or None."""
    hostname = (host_header or "").rsplit(":", 1)[0].lower()
    return hostname if hostname in PAGE_HOSTS else None


def api_origin(hostname: str, settings: Settings) -> str:
    return f"{settings.scheme}://{PAGE_HOSTS[hostname][1]}:{settings.api_port}"


def attacker_site_origin(port: int, scheme: str = HTTP) -> str:
    return f"{scheme}://{ATTACKER_SITE_HOST}:{port}"


def collector_url(attacker_port: int, scheme: str = HTTP) -> str:
    """Where the lab's XSS demo sends what it stole (config.json's collectorUrl): the attacker's
    collector, reached by a top-level navigation, which the page's CSP does not govern."""
    return f"{attacker_site_origin(attacker_port, scheme)}{COLLECTOR_PATH}"


def bff_base_url(page_origin: str) -> str:
    """Where the page finds its BFF: on its own origin, always (config.json's bffBaseUrl)."""
    return f"{page_origin}{BFF_PATH}"


def bff_upstream_origin(hostname: str, api_port: int, scheme: str = HTTP) -> str:
    """The API as the BFF behind the page on `hostname` names it (its Host header, and the URL
    the inspector shows): the topology's API; the API's own name for the same-origin page."""
    api_host = PAGE_HOSTS[hostname][1] if hostname in PAGE_HOSTS else SAME_ORIGIN_HOST
    return f"{scheme}://{api_host}:{api_port}"


def client_config(hostname: str, settings: Settings) -> dict:
    """The page's ./config.json for a request to `hostname`."""
    return {
        "apiBaseUrl": api_origin(hostname, settings),
        "bffBaseUrl": bff_base_url(f"{settings.scheme}://{hostname}:{settings.port}"),
        "topology": PAGE_HOSTS[hostname][0],
        "topologies": topology_urls(
            settings.port, public_api_origin(settings.api_port, settings.scheme)
        ),
        "collectorUrl": collector_url(settings.attacker_port, settings.scheme),
    }


def security_headers(api: str | None, *, matrix_helper: bool = False) -> dict[str, str]:
    """Headers on every answer: scripts only from this origin, fetch only to here and the API
    (`api` None: the page is the API's own, same-origin).

    `matrix_helper`: the answer is a page opened as a window of a matrix run.
    """
    policy = "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            # 'self' for ./config.json; the API for everything else.
            " ".join(["connect-src 'self'", *([api] if api else [])]),
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ]
    )
    return {
        "Content-Security-Policy": policy,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cross-Origin-Opener-Policy": (
            MATRIX_HELPER_OPENER_POLICY if matrix_helper else OPENER_POLICY
        ),
    }
