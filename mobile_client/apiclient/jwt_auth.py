"""Bearer-token credentials: access token in memory, refresh token on disk, rotated on refresh."""

import time

from . import paths
from .errors import BadResponseError, InvalidCredentials, SignInExpired
from .jwt_claims import decode_claims, lifetime_seconds
from .refresh_refusals import refusal_error
from .status_errors import error_for_reply, server_detail
from .token_store import RefreshTokenStore
from .transport import Transport

# Refresh this long before expiry, so a request never leaves with a token about to die in flight;
# capped at a fifth of the lifetime so very short-lived tokens are not refreshed on every call.
REFRESH_MARGIN_S = 30.0


class JwtAuth:
    """Adds `Authorization: Bearer`; refreshes before expiry and once after a 401."""

    mode = "jwt"
    refusal_hint = None
    credential_cookie = ""  # no cookie: the token rides the Authorization header

    def __init__(self, transport: Transport, store: RefreshTokenStore, clock=time.monotonic):
        self.transport = transport
        self.store = store
        self.clock = clock
        self._access: str | None = None
        self._claims: dict = {}
        self._expires_at: float | None = None

    def login(self, username: str, password: str) -> dict:
        reply = self.transport.request(
            "POST", paths.JWT_TOKEN, json_body={"username": username, "password": password}
        )
        if reply.status in (400, 401):
            detail = server_detail(reply)
            raise InvalidCredentials(
                "Wrong username or password.", status=reply.status, detail=detail
            )
        if reply.status != 200:
            raise error_for_reply(reply)
        self._accept(reply.data)
        # The token response names no user; the access token's claims do.
        return {"id": self._claims.get("user_id"), "username": self._claims.get("username")}

    def can_resume(self) -> bool:
        return self.store.load() is not None

    def headers_for(self, method: str) -> dict:
        if self._access is None and self.store.load() is not None:
            self._refresh("no access token in memory: using the saved refresh token")
        elif self._access is not None and self._expiring():
            left = self.seconds_left()
            when = f"expires in {left:.0f} s" if left > 0 else f"expired {-left:.0f} s ago"
            self._refresh(f"access token {when}: refreshing first")
        return {"Authorization": f"Bearer {self._access}"} if self._access else {}

    def recover(self) -> bool:
        """After a 401: refresh once; True when a retry with the new access token makes sense."""
        if self.store.load() is None:
            return False
        self._refresh("the server refused the access token (401): refreshing once, then retrying")
        return True

    def logout(self) -> None:
        """Blacklist the refresh token on the server, then forget both tokens on this device."""
        refresh = self.store.load()
        try:
            if refresh:
                reply = self.transport.request(
                    "POST",
                    paths.JWT_LOGOUT,
                    json_body={"refresh": refresh},
                    headers={"Authorization": f"Bearer {self._access}"} if self._access else None,
                )
                # 401 means the token was already dead: there is nothing left to revoke.
                if reply.status not in (200, 204, 401):
                    raise error_for_reply(reply)
        finally:
            self.store.clear()
            self._forget_access()

    def access_claims(self) -> dict:
        return dict(self._claims)

    def seconds_left(self) -> float | None:
        if self._expires_at is None:
            return None
        return self._expires_at - self.clock()

    def replace_access_token(self, token: str) -> None:
        """Swap the in-memory access token (the lab uses it to show a rejected token recover)."""
        self._access = token

    def _expiring(self) -> bool:
        left = self.seconds_left()
        if left is None:
            return False
        lifetime = lifetime_seconds(self._claims) or REFRESH_MARGIN_S * 5
        return left <= min(REFRESH_MARGIN_S, lifetime / 5)

    def _refresh(self, why: str) -> None:
        refresh = self.store.load()
        if refresh is None:
            raise SignInExpired("You are not signed in on this device. Please log in.")
        reply = self.transport.request(
            "POST", paths.JWT_REFRESH, json_body={"refresh": refresh}, note=why
        )
        if reply.status in (400, 401):
            # Whatever the reason, this refresh token will never work again: forget it.
            self.store.clear()
            self._forget_access()
            raise refusal_error(reply)
        if reply.status != 200:
            raise error_for_reply(reply)
        self._accept(reply.data)

    def _accept(self, tokens: object) -> None:
        if not isinstance(tokens, dict) or not isinstance(tokens.get("access"), str):
            raise BadResponseError("The server's token response has no access token.")
        if tokens.get("refresh"):  # rotation: the old refresh token is now blacklisted
            self.store.save(tokens["refresh"])
        self._access = tokens["access"]
        self._claims = decode_claims(self._access)
        # Expiry counted from the token's own lifetime on the local monotonic clock, so a
        # device whose wall clock is wrong still refreshes on time.
        lifetime = lifetime_seconds(self._claims)
        self._expires_at = None if lifetime is None else self.clock() + lifetime

    def _forget_access(self) -> None:
        self._access, self._claims, self._expires_at = None, {}, None
