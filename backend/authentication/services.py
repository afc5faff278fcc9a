"""Writes of the authentication flows: log in, log out, mint and revoke tokens."""

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.middleware.csrf import get_token
from rest_framework.exceptions import APIException

from backend.authentication.cookie_policy import CookiePolicy, session_policy, use_policy
from backend.authentication.jwt_tokens import LabTokenObtainPairSerializer
from backend.authentication.throttling import LoginFailureThrottle


class InvalidCredentials(APIException):
    # One body for an unknown user, a wrong password and an inactive account: the response
    # must not reveal which usernames exist.
    status_code = 400
    default_detail = "Invalid username or password."
    default_code = "invalid_credentials"


def credentials_check(*, request, username: str, password: str):
    """The active user these credentials name; throttled on failures, never on successes."""
    throttle = LoginFailureThrottle(request, username)
    # Counted before the (deliberately slow) password hash, so parallel guesses can't overtake
    # the counter; a success gives its count back.
    throttle.count_attempt()
    user = authenticate(request, username=username, password=password)
    if user is None:
        raise InvalidCredentials()
    throttle.forget_attempt()
    return user


def session_login(*, request, user, policy: CookiePolicy) -> str:
    """Log `user` into a fresh session carrying `policy`; returns the rotated CSRF token."""
    previous_key = request.session.session_key
    login(request, user)
    # Django keeps the session id when the same user logs in again; a login must always
    # issue a new id, or a planted (fixated) id would survive it.
    if request.session.session_key == previous_key:
        request.session.cycle_key()
    use_policy(request, policy, store_in_session=True)
    return get_token(request)


def session_logout(*, request) -> None:
    """End the session; its cookies are deleted with the attributes they were set with."""
    policy = session_policy(request)
    logout(request)
    if policy is not None:
        use_policy(request, policy, store_in_session=False)


def csrf_cookie_delete(*, response) -> None:
    """Delete the CSRF cookie; the cookie-policy middleware gives the deletion its attributes."""
    response.delete_cookie(
        settings.CSRF_COOKIE_NAME,
        path=settings.CSRF_COOKIE_PATH,
        domain=settings.CSRF_COOKIE_DOMAIN,
    )


def csrf_cookie_issue(*, request, requested: CookiePolicy) -> tuple[str, CookiePolicy]:
    """A CSRF token, its cookie set with the session's policy if any, else `requested`."""
    policy = session_policy(request) or requested
    use_policy(request, policy, store_in_session=False)
    return get_token(request), policy


def jwt_pair_issue(*, user) -> dict[str, str]:
    refresh = LabTokenObtainPairSerializer.get_token(user)
    return {"access": str(refresh.access_token), "refresh": str(refresh)}
