"""Session-cookie credentials: a real cookie jar plus the CSRF dance, and the naive variant."""

from http.cookies import CookieError, SimpleCookie

from . import paths
from .cookie_auth import CookieAuth, field
from .server_cookies import CSRF, SESSION
from .transport import Reply

# Their plain names; over https the server prefixes them (server_cookies.py).
CSRF_COOKIE = CSRF
SESSION_COOKIE = SESSION


class SessionAuth(CookieAuth):
    """Relies on the transport's cookie jar for `sessionid`; adds CSRF headers to unsafe calls."""

    mode = "session"
    credential_cookie_plain = SESSION_COOKIE
    login_path = paths.SESSION_LOGIN
    logout_path = paths.SESSION_LOGOUT

    def user_from(self, login_reply: Reply) -> dict:
        return field(login_reply, "user")

    # recover() stays False: a refused session cannot be renewed without the password.


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
            name = self.server_cookie(CSRF_COOKIE)
            if name in cookie:
                return {"Cookie": f"{name}={cookie[name].value}"}
        return {}
