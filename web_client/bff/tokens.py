"""The tokens a BFF session holds, and their renewal: before the access token expires, by one
request of the session at a time.

Rotation with reuse detection (backend/authentication/refresh_families.py) ends the whole
sign-in when a refresh token is used twice, so two requests of one session must never both
refresh with the token they read. A request that finds the access token due takes the
session's *refresh lease* in the store (session_db.py: one conditional UPDATE; session_cache.py:
the cache's SET NX), reads the session again (another request may have renewed it meanwhile),
and only then refreshes. The others wait for the new tokens to appear in the store. The lease
lives in the shared store, not in a thread lock, so it holds across threads, gunicorn workers
and replicas alike; it expires by itself if its holder dies.
"""

import time
from dataclasses import dataclass
from datetime import UTC, datetime

import jwt
from django.contrib.sessions.backends.base import UpdateError

from web_client.bff import conf, upstream

REFRESH_PATH = "/api/auth/jwt/refresh/"
# The API's answers that end the sign-in (401: reused, revoked, expired family; 400: a token
# it cannot read). Any other failure leaves the session for a later try.
REFUSED = (400, 401)
# Renew when this much of the access token's life is left, or a quarter of its lifetime if
# that is shorter (a token of a few seconds is not renewed on every request).
REFRESH_MARGIN_S = 30.0
# The lease outlives the holder's refresh call (connect + read timeouts) with room to spare.
LEASE_EXTRA_S = 5
WAIT_STEP_S = 0.05


@dataclass(frozen=True)
class Held:
    username: str
    access: str
    refresh: str


class SessionEnded(Exception):
    """The session is gone, or the API refused to renew it (`exchange` says why)."""

    def __init__(self, exchange: upstream.Exchange | None = None):
        super().__init__("BFF session ended")
        self.exchange = exchange


class RefreshUnanswered(Exception):
    """The API answered the refresh with neither tokens nor a refusal (a 503, a 429): the
    session is kept, and the page gets the API's answer."""

    def __init__(self, exchange: upstream.Exchange):
        super().__init__(f"refresh answered {exchange.status}")
        self.exchange = exchange


def claims(token: str) -> dict:
    """A token's claims, unverified: the BFF only reads when its own tokens expire; the API
    verifies them (the BFF has no signing key)."""
    return jwt.decode(token, options={"verify_signature": False})


def keep(store, *, username: str, access: str, refresh: str) -> None:
    """Put a token pair in `store`; the session lasts as long as its refresh token."""
    store.update({"username": username, "access": access, "refresh": refresh})
    store.set_expiry(datetime.fromtimestamp(claims(refresh)["exp"], tz=UTC))
    store.save()


def held(store) -> Held | None:
    if not store.get("access"):
        return None
    return Held(store["username"], store["access"], store["refresh"])


def expires_in(token: str) -> float:
    return claims(token)["exp"] - time.time()


def due(token: str) -> bool:
    payload = claims(token)
    margin = min(REFRESH_MARGIN_S, (payload["exp"] - payload["iat"]) / 4)
    return payload["exp"] - time.time() <= margin


def access_for(store, hostname: str, *, rejected: str | None = None):
    """(access token to send now, the refresh exchange if this request renewed it).

    `rejected`: an access token the API just refused; renew unless another request already
    replaced it. Raises SessionEnded, or upstream.UpstreamFailed (the session is kept).
    """
    lease_s = int(2 * conf.upstream_timeout()) + LEASE_EXTRA_S
    deadline = time.monotonic() + lease_s + LEASE_EXTRA_S
    while True:
        tokens = held(store)
        if tokens is None:
            raise SessionEnded()
        if tokens.access != rejected and not due(tokens.access):
            return tokens.access, None
        if store.claim_refresh(lease_s):
            try:
                return _renew(type(store)(store.session_key), hostname, rejected)
            finally:
                store.release_refresh()
        if time.monotonic() > deadline:  # bounded, though a lease expires before this
            raise upstream.UpstreamFailed(
                upstream.Exchange("POST", REFRESH_PATH, error="waited for another renewal"),
                504, upstream.TIMEOUT, "Another request of this session was renewing its "
                "tokens and did not finish in time; try again.",
            )  # fmt: skip
        time.sleep(WAIT_STEP_S)
        store = type(store)(store.session_key)  # a fresh read of the shared store


def _renew(store, hostname: str, rejected: str | None):
    """Holding the lease: refresh unless the session, read again now, no longer needs it."""
    tokens = held(store)
    if tokens is None:
        raise SessionEnded()
    if tokens.access != rejected and not due(tokens.access):
        return tokens.access, None
    exchange = upstream.post_json(hostname, REFRESH_PATH, {"refresh": tokens.refresh})
    if exchange.status in REFUSED:
        store.delete()
        raise SessionEnded(exchange)
    if exchange.status != 200:
        raise RefreshUnanswered(exchange)
    pair = exchange.json()
    try:
        keep(store, username=tokens.username, access=pair["access"], refresh=pair["refresh"])
    except UpdateError as error:  # signed out by another request meanwhile
        raise SessionEnded() from error
    return pair["access"], exchange
