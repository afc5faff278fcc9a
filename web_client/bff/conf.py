"""The BFF's settings, each with one home (django-cors-headers' conf.py pattern).

The same app runs under two Django projects: the web client's (web_client/webserver/) and the
API's (backend/config/). `API_PORT` and `SESSION_CACHE_ALIAS` are names both define; the
BFF's own names have defaults that serve the API process, which sets none of them.
"""

from django.conf import settings

from web_client.site_config import DEFAULT_BFF_UPSTREAM_TIMEOUT_S

# The session engines of web_client/bff/: Django's database and cache engines, each with a
# refresh lease (see tokens.py). The API process keeps the default: a table in its database.
DB_ENGINE = "web_client.bff.session_db"
CACHE_ENGINE = "web_client.bff.session_cache"

# The first-party cookie that names a BFF session: scoped to /bff/, so on api.localhost it
# never meets the API's `sessionid`/`csrftoken` (and their names differ anyway).
COOKIE_NAME = "lab_bff"
COOKIE_PATH = "/bff/"
# Strict: no other site's page, link or form ever makes the browser send it.
COOKIE_SAMESITE = "Strict"


def session_engine() -> str:
    return getattr(settings, "BFF_SESSION_ENGINE", DB_ENGINE)


def upstream_timeout() -> float:
    """Seconds the BFF waits for the API to accept, then for each read (504 after that)."""
    return getattr(settings, "BFF_UPSTREAM_TIMEOUT_SECONDS", DEFAULT_BFF_UPSTREAM_TIMEOUT_S)


def api_port() -> int:
    """Where the API listens on 127.0.0.1 (in the API process: its own port)."""
    return settings.API_PORT
