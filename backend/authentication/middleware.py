"""Middleware that gives the session, CSRF and cookie-JWT cookies the policy chosen at login."""

from django.conf import settings

from backend.authentication.cookie_jwt import ACCESS_COOKIE, REFRESH_COOKIE
from backend.authentication.cookie_policy import apply_policy, policy_for_response


class CookiePolicyMiddleware:
    """Applies this response's cookie policy to the session, CSRF and JWT cookies on the way out.

    It sits outside SessionMiddleware and CsrfViewMiddleware so it sees the cookies they set
    (and the deletions they make) and can rewrite SameSite, Secure and Partitioned on them. The
    cookie-JWT views name their policy (`use_policy`) before they set or delete their cookies.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.cookie_names = (
            settings.SESSION_COOKIE_NAME,
            settings.CSRF_COOKIE_NAME,
            ACCESS_COOKIE,
            REFRESH_COOKIE,
        )

    def __call__(self, request):
        response = self.get_response(request)
        present = [name for name in self.cookie_names if name in response.cookies]
        if present:
            policy = policy_for_response(request)
            for name in present:
                apply_policy(response, name, policy)
        return response
