"""The cluster launcher's choices, defaults and the one place it reads the environment.

The backend reads its own knobs in `backend/config/env.py`; the launcher only decides which
values to hand each replica, and reads here what the user's shell says about shared servers.
"""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
NGINX_TEMPLATES = Path(__file__).with_name("nginx")

# The session stores the backend offers (backend/config/stores.py) and the JWT authenticators.
STORES = ("memory", "db", "cached_db", "redis", "signed")
JWT_AUTHENTICATORS = ("db", "stateless")
# Stores whose sessions live inside one process: wrong with more than one replica.
IN_PROCESS_STORES = ("memory",)
SERVER_SIDE_STORES = ("memory", "db", "cached_db", "redis")

DEFAULT_STORE = "db"
DEFAULT_REPLICAS = 3
DEFAULT_PORT = 8000
DEFAULT_WEB_CLIENT_PORT = 5173
# The name a browser uses for the API; Chromium resolves every *.localhost name to loopback.
PUBLIC_HOST = "api.localhost"
DEMO_USER = "alice"

# What `make cluster` says before it starts a store that is broken or has a catch.
STORE_WARNINGS = {
    "memory": (
        "STORE=memory is the BROKEN configuration, shown on purpose: every replica keeps its "
        "sessions in its own process memory. Each replica is told REPLICAS=1 so that the "
        "backend's check lets it start. A session is then known only to the replica that "
        "created it (1 request in N through nginx), and a browser is logged out by the first "
        "other replica it reaches: that replica finds no such session and deletes the cookie."
    ),
    "signed": (
        "STORE=signed keeps no session state on the server: the whole session is a signed "
        "cookie. Nothing to share between replicas, but also no server-side revocation: "
        "logout clears this browser's cookie, yet a copy of it stays valid until it expires."
    ),
}

INSTALL_HINTS = {
    "nginx": "apt-get update && apt-get install -y nginx",
    "redis-server": "apt-get update && apt-get install -y redis-server",
}


def shared_redis_url() -> str:
    """REDIS_URL from the shell: use that Redis instead of starting a private one."""
    return os.environ.get("REDIS_URL", "")


def shared_database_url() -> str:
    """DATABASE_URL from the shell: the replicas share that PostgreSQL database."""
    return os.environ.get("DATABASE_URL", "")


def demo_password() -> str:
    """The demo users' password, as the backend's seed command sets it."""
    return os.environ.get("DEMO_PASSWORD", "lab-demo-password")


def inherited_environment() -> dict[str, str]:
    """The environment every child process starts from (PATH, locale, the venv)."""
    return dict(os.environ)
