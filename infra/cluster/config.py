"""The replica lab's choices and defaults (the environment is read in infra/config.py)."""

from pathlib import Path

from web_client.site_config import DEFAULT_API_PORT, SAME_ORIGIN_HOST

NGINX_TEMPLATES = Path(__file__).with_name("nginx")

# The session stores the backend offers (backend/config/stores.py) and the JWT authenticators.
STORES = ("memory", "db", "cached_db", "redis", "signed", "redis-cluster")
JWT_AUTHENTICATORS = ("db", "stateless")
# Stores whose sessions live inside one process: wrong with more than one replica.
IN_PROCESS_STORES = ("memory",)
# Stores on a Redis Cluster (infra/cluster/redis_cluster.py) instead of one redis-server.
REDIS_CLUSTER_STORES = ("redis-cluster",)

DEFAULT_STORE = "db"
DEFAULT_REPLICAS = 3
DEFAULT_PORT = DEFAULT_API_PORT
# The name a browser uses for the API; Chromium resolves every *.localhost name to loopback.
PUBLIC_HOST = SAME_ORIGIN_HOST

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
