"""Middleware that gives the session and CSRF cookies the policy chosen at login."""

from django.conf import settings

from backend.authentication.cookie_policy import apply_policy, policy_for_response


class CookiePolicyMiddleware:
    """Applies the session's cookie policy to the session and CSRF cookies on the way out.

    It sits outside SessionMiddleware and CsrfViewMiddleware so it sees the cookies they set
    (and the deletions they make) and can rewrite SameSite, Secure and Partitioned on them.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.cookie_names = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)

    def __call__(self, request):
        response = self.get_response(request)
        present = [name for name in self.cookie_names if name in response.cookies]
        if present:
            policy = policy_for_response(request)
            for name in present:
                apply_policy(response, name, policy)
        return response
