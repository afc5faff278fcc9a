"""The API client a UI talks to: one server, one authentication mode, typed errors."""

import time
from collections.abc import Callable

from . import cookie_jar, idempotency, paths
from .cookie_jwt_auth import CookieJwtAuth
from .diagnosis import explain_refusal
from .errors import (
    ApiError,
    BadResponseError,
    InvalidCredentials,
    NetworkError,
    NotAuthenticated,
    RequestRejected,
    ServerError,
)
from .exchange import Exchange
from .jwt_auth import JwtAuth
from .server_url import normalize_server_url, origin_of
from .session_auth import NaiveSessionAuth, SessionAuth
from .status_errors import error_for_reply
from .token_store import RefreshTokenStore
from .transport import Transport

MODES = ("jwt", "session", "cookie-jwt", "naive-session")
# The modes whose credentials ride a cookie, with the CSRF dance that cookies need.
COOKIE_AUTH = {
    "session": SessionAuth,
    "cookie-jwt": CookieJwtAuth,
    "naive-session": NaiveSessionAuth,
}
# The modes with a cookie jar; the naive mode is *defined* by having none (like UrlRequest).
KEEPS_COOKIES = frozenset({"session", "cookie-jwt"})
# The modes that hold an access token (in memory, or in the jar) the lab can spoil.
ACCESS_TOKEN_MODES = frozenset({"jwt", "cookie-jwt"})


class ApiClient:
    """Login, /me, notes and logout against `server_url` in one of MODES.

    Not thread-safe: call it from one worker thread at a time. `token_dir` is where the JWT
    refresh token is kept (a Kivy app passes `App.user_data_dir`); `on_exchange` receives every
    request/response pair, including refreshes and retries. `drafts` holds the key of the note
    being written; pass the previous client's so a draft keeps its key across a new sign-in.
    `cookie_policy` is the policy a cookie mode asks for (the server's default when None).
    `ca_file` is a CA certificate (PEM) to trust for an https server, e.g. the lab's mkcert CA.
    """

    def __init__(
        self,
        server_url: str,
        mode: str,
        token_dir: str,
        on_exchange: Callable[[Exchange], None] | None = None,
        origin: str | None = None,
        drafts: idempotency.DraftKeys | None = None,
        cookie_policy: str | None = None,
        ca_file: str | None = None,
    ):
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
        self.server_url = normalize_server_url(server_url)
        self.mode = mode
        self.drafts = drafts if drafts is not None else idempotency.DraftKeys()
        self.sleep = time.sleep
        session = cookie_jar.http_session(keeps_cookies=mode in KEEPS_COOKIES)
        # An https server whose certificate a private CA signed (the lab's mkcert CA): trust
        # that CA's PEM for this client only; otherwise the system's CAs, as always.
        session.verify = ca_file or True
        self.transport = Transport(self.server_url, session, on_exchange)
        if mode == "jwt":
            self.auth = JwtAuth(self.transport, RefreshTokenStore(token_dir))
        else:
            origin = origin or origin_of(self.server_url)
            self.auth = COOKIE_AUTH[mode](self.transport, origin, cookie_policy)

    def login(self, username: str, password: str) -> dict:
        """Sign in; return the user the server issued the credentials for (`username`, and
        `id` where the answer names it)."""
        if not username.strip() or not password:
            raise InvalidCredentials("Enter a username and a password.")
        return self.auth.login(username.strip(), password)

    def resume(self) -> dict | None:
        """The user of a sign-in saved on this device (JWT refresh token), or None."""
        return self.me() if self.auth.can_resume() else None

    def me(self) -> dict:
        return self._call("GET", paths.ME)

    def list_notes(self) -> list[dict]:
        data = self._call("GET", paths.NOTES)
        notes = data.get("results") if isinstance(data, dict) else data  # paginated or not
        if not isinstance(notes, list):
            raise BadResponseError("The notes list is not a list.")
        return notes

    def create_note(self, title: str, text: str) -> dict:
        """Create the note once, however often it has to be sent (see idempotency.py)."""
        if not title.strip():
            raise RequestRejected("Give the note a title.")
        body = {"title": title.strip(), "text": text}
        note = self._call("POST", paths.NOTES, body, idempotency_key=self.drafts.key_for(body))
        self.drafts.settled()  # until now a failed draft sent again kept its key
        return note

    def delete_note(self, note_id: int) -> None:
        self._call("DELETE", paths.note(note_id))

    def logout(self) -> None:
        self.auth.logout()

    def access_claims(self) -> dict:
        return self.auth.access_claims()

    def access_seconds_left(self) -> float | None:
        return self.auth.seconds_left()

    def cookie_names(self) -> list[str]:
        """Names of the cookies the jar holds (empty in the modes that keep no cookies)."""
        return cookie_jar.cookie_names(self.transport.session)

    def cookie_paths(self) -> list[tuple[str, str]]:
        """(name, Path) of the cookies the jar holds: each goes only to URLs under its Path."""
        return cookie_jar.cookie_paths(self.transport.session)

    def spoil_access_token(self) -> None:
        """Replace the access token (in memory, or the jar's cookie) with garbage: a lab button
        to watch the client refresh and retry."""
        if self.mode not in ACCESS_TOKEN_MODES:
            raise RequestRejected("Only the JWT modes hold an access token.")
        self.auth.replace_access_token("not-a-valid.access.token")

    def _call(
        self, method: str, path: str, json_body: dict | None = None, idempotency_key: str = ""
    ):
        """The call's data, or a typed error. A call with a key is sent again after no answer,
        a 502/503/504 or a 409, a few times with a short backoff."""
        attempt = 1
        while True:
            why = f"attempt {attempt} of {idempotency.ATTEMPTS}, same key" if attempt > 1 else ""
            try:
                reply = self._send(method, path, json_body, idempotency_key, why)
            except NetworkError as error:
                delay = idempotency.retry_delay(attempt, None) if idempotency_key else None
                if delay is None:
                    _tell_attempts(error, attempt)
                    raise
            else:
                retry_after = reply.headers.get("Retry-After")
                delay = (
                    idempotency.retry_delay(attempt, reply.status, retry_after)
                    if idempotency_key
                    else None
                )
                if delay is None:
                    break
            self.sleep(delay)
            attempt += 1
        if 200 <= reply.status < 300:
            return reply.data
        error = error_for_reply(reply)
        if isinstance(error, NotAuthenticated):
            error = explain_refusal(self.transport, error, self.auth)
        _tell_attempts(error, attempt)
        raise error

    def _send(self, method, path, json_body, idempotency_key: str, why: str):
        """One request, plus one retry after a refused access token was refreshed."""
        extra = {idempotency.HEADER: idempotency_key} if idempotency_key else {}
        headers = {**self.auth.headers_for(method), **extra}
        reply = self.transport.request(method, path, json_body=json_body, headers=headers, note=why)
        if reply.status == 401 and self.auth.recover():
            headers = {**self.auth.headers_for(method), **extra}
            reply = self.transport.request(
                method,
                path,
                json_body=json_body,
                headers=headers,
                note="retry with the refreshed access token",
            )
        return reply


def _tell_attempts(error: ApiError, attempts: int) -> None:
    """Add to a write's error that it was sent several times, and why that was safe."""
    if attempts > 1 and isinstance(error, ServerError | NetworkError | RequestRejected):
        error.message = (
            f"{error.message} Sent {attempts} times with the same Idempotency-Key, so the note "
            "exists at most once; saving it again is safe."
        )
        error.args = (error.message,)
