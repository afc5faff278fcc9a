"""The CSRF check (token and trusted Origin) of every cookie-authenticated unsafe request.

One home for it: the session views, the cookie-JWT views and the cookie-JWT authenticator all
call this, so a cookie is held to the same rule whichever credential it carries.
"""

from rest_framework.authentication import SessionAuthentication


def enforce_csrf(request) -> None:
    """Django's CSRF check as DRF runs it (`SessionAuthentication.enforce_csrf`): a 403
    "CSRF Failed: <reason>" unless an unsafe request carries the token and, if it sends an
    Origin, a trusted one. Safe methods pass.

    DRF checks CSRF only once a session has authenticated the user, which leaves a login
    itself open to login CSRF, and a cookie that is not a session unchecked; callers invoke
    DRF's own check explicitly instead.
    """
    SessionAuthentication().enforce_csrf(request)
