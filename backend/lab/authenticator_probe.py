"""Runs each configured authenticator on a request and records what it concluded."""

from django.conf import settings
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework_simplejwt.authentication import JWTAuthentication

from backend.authentication.cookie_jwt import ACCESS_COOKIE, CookieJwtAuthentication
from backend.common.errors import StoreUnavailable
from backend.lab.echo_diagnosis import AuthenticatorOutcome


def _detail_text(error: exceptions.APIException) -> str:
    detail = error.detail
    if isinstance(detail, dict):
        messages = detail.get("messages") or []
        if messages and isinstance(messages[0], dict) and messages[0].get("message"):
            return f"{detail.get('detail', '')}: {messages[0]['message']}".strip(": ")
        return str(detail.get("detail", detail))
    return str(detail)


def _probe_jwt(authenticator, request) -> AuthenticatorOutcome:
    if authenticator.get_header(request) is None:
        return AuthenticatorOutcome("jwt", "not-attempted", "no Authorization header was sent")
    try:
        result = authenticator.authenticate(request)
    except exceptions.APIException as error:
        return AuthenticatorOutcome(
            "jwt", "failed", f"the bearer token was refused: {_detail_text(error)}"
        )
    if result is None:
        return AuthenticatorOutcome(
            "jwt",
            "not-attempted",
            "an Authorization header arrived, but not with the Bearer scheme",
        )
    user = result[0]
    return AuthenticatorOutcome(
        "jwt", "authenticated", "a valid bearer token arrived", user.username
    )


def _probe_cookie_jwt(authenticator, request) -> AuthenticatorOutcome:
    if not request.COOKIES.get(ACCESS_COOKIE):
        return AuthenticatorOutcome(
            "cookie-jwt", "not-attempted", f"no {ACCESS_COOKIE} cookie arrived"
        )
    try:
        result = authenticator.authenticate(request)
    except exceptions.APIException as error:
        return AuthenticatorOutcome(
            "cookie-jwt", "failed", f"the {ACCESS_COOKIE} cookie was refused: {_detail_text(error)}"
        )
    return AuthenticatorOutcome(
        "cookie-jwt", "authenticated", f"a valid {ACCESS_COOKIE} cookie arrived", result[0].username
    )


def _probe_session(authenticator, request) -> AuthenticatorOutcome:
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return AuthenticatorOutcome("session", "not-attempted", "no session cookie arrived")
    try:
        result = authenticator.authenticate(request)
    except StoreUnavailable:
        return AuthenticatorOutcome("session", "failed", "the session store is unavailable")
    if result is None:
        return AuthenticatorOutcome(
            "session",
            "failed",
            "a session cookie arrived but names no live session: it was logged out, it "
            "expired, or it lives in another replica's memory",
        )
    return AuthenticatorOutcome(
        "session", "authenticated", "the session cookie names a live session", result[0].username
    )


def probe_authenticators(request) -> list[AuthenticatorOutcome]:
    outcomes = []
    for authenticator_class in api_settings.DEFAULT_AUTHENTICATION_CLASSES:
        authenticator = authenticator_class()
        # The cookie authenticator is a JWTAuthentication too: ask for it first.
        if isinstance(authenticator, CookieJwtAuthentication):
            outcomes.append(_probe_cookie_jwt(authenticator, request))
        elif isinstance(authenticator, JWTAuthentication):
            outcomes.append(_probe_jwt(authenticator, request))
        else:
            outcomes.append(_probe_session(authenticator, request))
    return outcomes
