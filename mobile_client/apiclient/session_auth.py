"""Session-cookie credentials: a real cookie jar plus the CSRF dance, and the naive variant."""

from http.cookies import CookieError, SimpleCookie

from . import paths
from .errors import BadResponseError, CsrfRejected, InvalidCredentials
from .status_errors import error_for_reply, server_detail
from .transport import Reply, Transport

CSRF_COOKIE = "csrftoken"
CSRF_HEADER = "X-CSRFToken"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class SessionAuth:
    """Relies on the transport's cookie jar for `sessionid`; adds CSRF headers to unsafe calls.

    `origin` is the Origin header sent with unsafe requests. A native app is not a web page
    and has no origin of its own; it sends the API's own origin, i.e. it declares itself a
    same-origin, first-party client rather than borrowing a web client's origin (see
    "Which Origin does a native client send?" in mobile_client/README.md).
    """

    mode = "session"
    refusal_hint = None

    def __init__(self, transport: Transport, origin: str):
        self.transport = transport
        self.origin = origin
        self._csrf_token: str | None = None

    def login(self, username: str, password: str) -> dict:
        csrf_reply = self.transport.request(
            "GET", paths.SESSION_CSRF, note="fetch a CSRF token before the unsafe login"
        )
        if csrf_reply.status != 200:
            raise error_for_reply(csrf_reply)
        token = _field(csrf_reply, "csrfToken")
        headers = {CSRF_HEADER: token, "Origin": self.origin}
        headers.update(self.cookies_for_login(csrf_reply))
        reply = self.transport.request(
            "POST",
            paths.SESSION_LOGIN,
            json_body={"username": username, "password": password},
            headers=headers,
        )
        if reply.status in (400, 401):
            detail = server_detail(reply)
            raise InvalidCredentials(
                "Wrong username or password.", status=reply.status, detail=detail
            )
        if reply.status == 403:
            raise CsrfRejected(
                f"The server refused the login with Origin {self.origin} (403): "
                f"{server_detail(reply)} Ask the API to trust this origin.",
                status=403,
                detail=server_detail(reply),
            )
        if reply.status != 200:
            raise error_for_reply(reply)
        # Django rotates the CSRF token at login; the old one would be refused from now on.
        self._csrf_token = _field(reply, "csrfToken")
        return _field(reply, "user")

    def cookies_for_login(self, csrf_reply: Reply) -> dict:
        """Extra headers for the login POST; the cookie jar already carries `csrftoken`."""
        return {}

    def can_resume(self) -> bool:
        return False  # the session cookie lives in memory only: a restart means a new login

    def headers_for(self, method: str) -> dict:
        if method in SAFE_METHODS or self._csrf_token is None:
            return {}
        return {CSRF_HEADER: self._csrf_token, "Origin": self.origin}

    def recover(self) -> bool:
        return False  # a refused session cannot be renewed without the password

    def logout(self) -> None:
        try:
            reply = self.transport.request(
                "POST", paths.SESSION_LOGOUT, headers=self.headers_for("POST")
            )
            if reply.status not in (200, 204, 401):
                raise error_for_reply(reply)
        finally:
            self._csrf_token = None
            self.transport.session.cookies.clear()

    def access_claims(self) -> dict:
        return {}

    def seconds_left(self) -> float | None:
        return None


class NaiveSessionAuth(SessionAuth):
    """What a client without a cookie jar (Kivy's UrlRequest) ends up doing.

    Login only succeeds because the CSRF cookie is copied by hand into that one request, as
    such code usually does after Django first answers "CSRF cookie not set". The `sessionid`
    cookie set by the login is dropped like every other cookie, so the next call is anonymous.
    """

    mode = "naive-session"
    refusal_hint = (
        "this client keeps no cookie jar (like Kivy's UrlRequest), so the session cookie "
        "set by the login was never sent back"
    )

    def cookies_for_login(self, csrf_reply: Reply) -> dict:
        for header in csrf_reply.set_cookies:
            try:
                cookie = SimpleCookie(header)
            except CookieError:
                continue
            if CSRF_COOKIE in cookie:
                return {"Cookie": f"{CSRF_COOKIE}={cookie[CSRF_COOKIE].value}"}
        return {}


def _field(reply: Reply, name: str):
    if not isinstance(reply.data, dict) or name not in reply.data:
        raise BadResponseError(f"The server's answer has no '{name}' field.")
    return reply.data[name]
