"""What the attacker's site knows: its settings (the one place it reads the environment), the
lab's addresses it attacks, and the rule that keeps it out of production.

Every address is a loopback name: the site binds 127.0.0.1, and its server talks to the API
at 127.0.0.1 with the API's public name in the Host header. In https mode (LAB_HTTPS, set by
the launcher with the lab's certificate) every origin is https, and the server checks the
lab's certificates against the lab's CA (LAB_TLS_CA_FILE).
"""

import os
from dataclasses import dataclass

from web_client.site_config import (
    ATTACKER_SITE_HOST,
    CA_FILE_ENV,
    CROSS_SITE,
    DEFAULT_API_PORT,
    DEFAULT_ATTACKER_SITE_PORT,
    DEFAULT_WEB_CLIENT_PORT,
    HTTPS_ENV,
    PAGE_HOSTS,
    SAME_ORIGIN,
    SAME_ORIGIN_HOST,
    SAME_SITE,
    attacker_site_origin,
    page_origins,
    public_api_origin,
    scheme_for,
    topology_urls,
)

# The site's name and default port have their home in the web client's site_config: the lab
# page names the collector in its config.json (the XSS demo).
HOST = ATTACKER_SITE_HOST
DEFAULT_PORT = DEFAULT_ATTACKER_SITE_PORT
# The launcher sets this; the site refuses to start without it (`manage.py`-style imports of
# its settings by anything else fail loudly instead of serving an attacker by accident).
LAB_FLAG = "ATTACKER_SITE_LAB"
PRODUCTION_SETTINGS = "backend.config.settings.production"
# The backend settings the shell had selected when the launcher ran (it passes them on).
BACKEND_SETTINGS = "ATTACKER_SITE_BACKEND_SETTINGS"
# The collector's memory: at most this many entries, oldest dropped first, never on disk.
COLLECTOR_MAX_ENTRIES = 200


class RefusedToStart(SystemExit):
    """The attacker's site will not run here; the message says why."""


@dataclass(frozen=True)
class Settings:
    port: int
    api_port: int
    web_port: int
    https: bool = False
    # The lab CA's PEM: what this site's server trusts for the lab's https servers.
    ca_file: str = ""

    @property
    def scheme(self) -> str:
        return scheme_for(self.https)

    @property
    def verify(self) -> str | bool:
        """requests' `verify` for the lab's servers: the lab's CA in https mode."""
        return self.ca_file or True

    @property
    def origin(self) -> str:
        return attacker_site_origin(self.port, self.scheme)

    @property
    def api_origins(self) -> dict[str, str]:
        """topology -> the API origin that topology's page talks to (the cookies' home)."""
        api_host = {topology: api for _, (topology, api) in PAGE_HOSTS.items()}
        return {
            CROSS_SITE: f"{self.scheme}://{api_host[CROSS_SITE]}:{self.api_port}",
            SAME_SITE: f"{self.scheme}://{api_host[SAME_SITE]}:{self.api_port}",
            SAME_ORIGIN: public_api_origin(self.api_port, self.scheme),
        }

    @property
    def page_urls(self) -> dict[str, str]:
        return topology_urls(self.web_port, public_api_origin(self.api_port, self.scheme))

    @property
    def page_origins(self) -> dict[str, str]:
        """topology -> the lab page's origin, where its BFF answers at /bff/."""
        return {
            **page_origins(self.web_port, self.scheme),
            SAME_ORIGIN: public_api_origin(self.api_port, self.scheme),
        }

    @property
    def api_for_servers(self) -> str:
        """Where this site's server reaches the API (the system resolver knows no *.localhost)."""
        return f"{self.scheme}://127.0.0.1:{self.api_port}"

    @property
    def api_host_header(self) -> str:
        return f"{SAME_ORIGIN_HOST}:{self.api_port}"


def settings_from_env(environ=None) -> Settings:
    environ = os.environ if environ is None else environ
    return Settings(
        port=int(environ.get("ATTACKER_SITE_PORT", DEFAULT_PORT)),
        api_port=int(environ.get("API_PORT", DEFAULT_API_PORT)),
        web_port=int(environ.get("WEB_CLIENT_PORT", DEFAULT_WEB_CLIENT_PORT)),
        https=environ.get(HTTPS_ENV, "") == "1",
        ca_file=environ.get(CA_FILE_ENV, ""),
    )


def refusal(environ=None) -> str | None:
    """Why the attacker's site must not start with this environment, or None."""
    environ = os.environ if environ is None else environ
    backend = environ.get(BACKEND_SETTINGS) or environ.get("DJANGO_SETTINGS_MODULE", "")
    if backend == PRODUCTION_SETTINGS:
        return (
            f"The attacker's site refuses to start: the backend's production settings "
            f"({PRODUCTION_SETTINGS}) are selected. It is a lab tool for loopback names only."
        )
    if environ.get(LAB_FLAG) != "1":
        return (
            f"The attacker's site refuses to start without {LAB_FLAG}=1 (set by its launcher, "
            "`make attacker-site` or `make demo`). It is a lab tool for loopback names only."
        )
    return None
