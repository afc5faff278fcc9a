"""Bytes of server-side state one login leaves, measured as `make state-size` measures them
(infra/cluster/state_meters.py): the store's own size gained over SAMPLE copies of the login.

Kept for the bench's micro worker; the figures are `make state-size`'s to report.
"""

from importlib import import_module

from django.conf import settings

from infra.cluster.state_meters import refresh_token_sizes, session_sizes

SAMPLE = 1000
WHERE = {"db": "database", "redis": "Redis", "memory": "process memory"}


def session_state_bytes(session_key: str) -> dict:
    """Server bytes for one session in the configured store, and the cookie the client carries."""
    client_bytes = len("sessionid=") + len(session_key)
    if settings.SESSION_STORE == "signed":
        return {"server_bytes": 0, "client_bytes": client_bytes, "where": "cookie only"}
    data = import_module(settings.SESSION_ENGINE).SessionStore(session_key).load()
    sizes, _ = session_sizes(data, [SAMPLE])
    where = {WHERE[meter]: round(size / SAMPLE) for meter, size in sizes[SAMPLE].items()}
    return {"server_bytes": sum(where.values()), "client_bytes": client_bytes, "where": where}


def refresh_state_bytes(refresh_jti: str, client_token: str) -> dict:
    """A JWT login's rows: simplejwt's outstanding token and the lab's refresh family."""
    from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

    user = OutstandingToken.objects.get(jti=refresh_jti).user
    sizes, _ = refresh_token_sizes(user, [SAMPLE])
    server = round(sizes[SAMPLE]["outstanding"] / SAMPLE)
    return {
        "server_bytes": server,
        "client_bytes": len("Bearer ") + len(client_token),
        "where": {"refresh token rows": server},
    }
