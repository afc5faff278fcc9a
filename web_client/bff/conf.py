"""The BFF's settings, each with one home (django-cors-headers' conf.py pattern).

The same app runs under two Django projects: the web client's (web_client/webserver/) and the
API's (backend/config/). `API_PORT`, `SESSION_CACHE_ALIAS`, `BFF_COOKIE_NAME`, `LAB_HTTPS` and
`LAB_TLS_CA_FILE` are names both define; the BFF's own names have defaults that serve the API
process, which sets none of them.
"""

from django.conf import settings

from web_client.site_config import DEFAULT_BFF_UPSTREAM_TIMEOUT_S, scheme_for

# The session engines of web_client/bff/: Django's database and cache engines, each with a
# refresh lease (see tokens.py). The API process keeps the default: a table in its database.
DB_ENGINE = "web_client.bff.session_db"
CACHE_ENGINE = "web_client.bff.session_cache"

# The first-party cookie that names a BFF session (`lab_bff`, `__Host-lab_bff` over https: its
# name has its home in the settings, backend/authentication/cookie_names.py). Over http it is
# scoped to /bff/, so on api.localhost it never meets the API's session and CSRF cookies (their
# names differ anyway); `__Host-` requires Path=/, so over https it goes to every path of its
# origin, where nothing but the BFF reads it.
HTTP_COOKIE_PATH = "/bff/"
HOST_PREFIX_COOKIE_PATH = "/"
# Strict: no other site's page, link or form ever makes the browser send it.
COOKIE_SAMESITE = "Strict"


def https() -> bool:
    """Whether the lab serves over https (LAB_HTTPS): the cookie is then Secure and prefixed."""
    return settings.LAB_HTTPS


def cookie_name() -> str:
    return settings.BFF_COOKIE_NAME


def cookie_path() -> str:
    return HOST_PREFIX_COOKIE_PATH if https() else HTTP_COOKIE_PATH


def upstream_scheme() -> str:
    """How the BFF reaches the API: the lab's scheme."""
    return scheme_for(https())


def upstream_verify() -> str | bool:
    """What the BFF trusts for the API's certificate: the lab CA's PEM when one is named
    (https mode), else requests' default (the system's CAs)."""
    return settings.LAB_TLS_CA_FILE or True


def session_engine() -> str:
    return getattr(settings, "BFF_SESSION_ENGINE", DB_ENGINE)


def upstream_timeout() -> float:
    """Seconds the BFF waits for the API to accept, then for each read (504 after that)."""
    return getattr(settings, "BFF_UPSTREAM_TIMEOUT_SECONDS", DEFAULT_BFF_UPSTREAM_TIMEOUT_S)


def api_port() -> int:
    """Where the API listens on 127.0.0.1 (in the API process: its own port)."""
    return settings.API_PORT
