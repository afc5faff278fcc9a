"""The device's cookie jar: the one place that decides whether this client keeps cookies.

A native app has no browser to hold cookies for it; it holds them only if it builds a jar.
`requests.Session` keeps its cookies in a `RequestsCookieJar`, a subclass of the stdlib's
`http.cookiejar.CookieJar` with its `DefaultCookiePolicy`, so the stdlib decides which cookie
goes back to which URL: Domain and Path are honoured (a cookie with `Path=/api/auth/cookie-jwt/`
goes only to that folder), `Max-Age` expires it, `Secure` keeps it off plain http. SameSite
means nothing here: it ranks a request's *site* against the cookie's, and an app has no site.
"""

from http.cookiejar import DefaultCookiePolicy

import requests


def http_session(*, keeps_cookies: bool) -> requests.Session:
    """A session with a working stdlib cookie jar, or with one that refuses every cookie."""
    session = requests.Session()
    session.trust_env = False  # the lab talks to a known host; no proxy from the environment
    if not keeps_cookies:
        session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
    return session


def cookie_paths(session: requests.Session) -> list[tuple[str, str]]:
    """(name, Path) of every cookie the jar holds, sorted: where each one will be sent."""
    return sorted({(cookie.name, cookie.path) for cookie in session.cookies})


def cookie_names(session: requests.Session) -> list[str]:
    """The names of the cookies the jar holds (for every path), sorted."""
    return sorted({name for name, _ in cookie_paths(session)})


def forget_cookies(session: requests.Session) -> None:
    """Empty the jar: after a logout the device holds nothing the server gave it."""
    session.cookies.clear()
