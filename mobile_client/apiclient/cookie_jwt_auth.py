"""JWT in HttpOnly cookies: the tokens ride the device's cookie jar, never a header or a body.

The login sets `jwt_access` (Path=/api/) and `jwt_refresh` (Path=/api/auth/cookie-jwt/); the
jar sends each only where its Path matches, so the refresh token reaches the refresh and logout
endpoints and nothing else. Being cookies, they need the CSRF dance of every cookie mode.
HttpOnly hides a cookie from a page's scripts; this client never reads the tokens either: it
lets the jar carry them, like a browser would.
"""

from . import paths
from .cookie_auth import CookieAuth, field
from .refresh_refusals import refusal_error
from .server_cookies import JWT_ACCESS, JWT_REFRESH
from .status_errors import error_for_reply
from .transport import Reply

# Their plain names; over https the server sets them `__Secure-` prefixed (server_cookies.py).
ACCESS_COOKIE = JWT_ACCESS
REFRESH_COOKIE = JWT_REFRESH


class CookieJwtAuth(CookieAuth):
    """After a 401 it asks the refresh endpoint, once, for new cookies; a refusal signs out."""

    mode = "cookie-jwt"
    credential_cookie_plain = ACCESS_COOKIE
    login_path = paths.COOKIE_JWT_LOGIN
    logout_path = paths.COOKIE_JWT_LOGOUT

    def user_from(self, login_reply: Reply) -> dict:
        return {"username": field(login_reply, "username")}

    def recover(self) -> bool:
        """After a 401: refresh once; True when a retry with the new cookies makes sense."""
        if self._csrf_token is None:
            return False  # not signed in (or signed out): there is nothing to renew
        reply = self.transport.request(
            "POST",
            paths.COOKIE_JWT_REFRESH,
            headers=self.headers_for("POST"),
            note="the server refused the access cookie (401): refreshing once, then retrying",
        )
        if reply.status in (400, 401):
            # Whatever the reason, this sign-in cannot be renewed: forget its cookies.
            self.forget()
            raise refusal_error(reply)
        if reply.status != 200:
            raise error_for_reply(reply)
        if isinstance(reply.data, dict) and isinstance(reply.data.get("csrfToken"), str):
            self._csrf_token = reply.data["csrfToken"]
        return True

    def replace_access_token(self, token: str) -> None:
        """Overwrite the jar's access cookie (the lab shows a refused token recover)."""
        for cookie in self.transport.session.cookies:
            if cookie.name == self.credential_cookie:
                cookie.value = token
