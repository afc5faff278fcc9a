"""Writes of the authentication flows: log in, log out, mint and revoke tokens, change the
password, sign out everywhere, and the lab's account switches."""

from django.conf import settings
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.backends import AllowAllUsersModelBackend
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import F
from django.middleware.csrf import get_token, rotate_token
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError

from backend.authentication.cookie_jwt import POLICY_CLAIM
from backend.authentication.cookie_policy import CookiePolicy, session_policy, use_policy
from backend.authentication.jwt_tokens import LabTokenObtainPairSerializer
from backend.authentication.models import SessionGeneration
from backend.authentication.refresh_families import (
    PASSWORD_CHANGED,
    SIGNED_OUT_EVERYWHERE,
    FamilyRefreshToken,
    families_revoke,
)
from backend.authentication.throttling import LoginFailureThrottle


class InvalidCredentials(APIException):
    # One body for an unknown user, a wrong password and an inactive account: the response
    # must not reveal which usernames exist.
    status_code = 400
    default_detail = "Invalid username or password."
    default_code = "invalid_credentials"


class NotADemoUser(PermissionDenied):
    default_detail = "Only the demo users can be switched off and on in the lab."
    default_code = "not_a_demo_user"


def credentials_check(*, request, username: str, password: str, allow_inactive: bool = False):
    """The active user these credentials name (or inactive too, if allowed); throttled on
    failures, never on successes."""
    throttle = LoginFailureThrottle(request, username)
    # Counted before the (deliberately slow) password hash, so parallel guesses can't overtake
    # the counter; a success gives its count back.
    throttle.count_attempt()
    if allow_inactive:
        # Django's backend for exactly this: the password checked, is_active not.
        backend = AllowAllUsersModelBackend()
        user = backend.authenticate(request, username=username, password=password)
    else:
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
    """A token pair; its refresh token starts a new family (a new sign-in)."""
    refresh = LabTokenObtainPairSerializer.get_token(user)
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


def cookie_jwt_login(*, request, user, policy: CookiePolicy) -> tuple[FamilyRefreshToken, str]:
    """A new sign-in (family) whose tokens carry `policy`, and the rotated CSRF token.

    The CSRF secret rotates as at a session login, so a secret planted before the login (or
    read by someone before it) is worthless after it; the new CSRF cookie gets `policy` too.
    """
    refresh = LabTokenObtainPairSerializer.get_token(user)
    # Copied into every access token, and kept by every rotation (cookie_jwt.py).
    refresh[POLICY_CLAIM] = policy.name
    rotate_token(request)
    use_policy(request, policy, store_in_session=False)
    return refresh, get_token(request)


def password_change(
    *, request, user, old_password: str, new_password: str, keep_session: bool
) -> None:
    """Change the password: every other session and every refresh family of the user ends, and
    access tokens minted before fail on the db authenticator (simplejwt's CHECK_REVOKE_TOKEN).

    A wrong old password counts against the failed-login limit: the form must not be a way
    around it. `keep_session`: the caller's own session (if it called with one) stays.
    """
    throttle = LoginFailureThrottle(request, user.get_username())
    throttle.count_attempt()
    if not user.check_password(old_password):
        raise ValidationError({"old_password": ["This is not the current password."]})
    throttle.forget_attempt()
    try:
        validate_password(new_password, user)
    except DjangoValidationError as error:
        raise ValidationError({"new_password": list(error.messages)}) from error
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        families_revoke(user=user, reason=PASSWORD_CHANGED)
    if keep_session:
        update_session_auth_hash(request, user)


def sign_out_everywhere(*, request, user, by_session: bool) -> None:
    """End every session (in any store) and every refresh family of the user; access tokens
    live on until they expire. `by_session`: the caller's cookies are deleted too."""
    with transaction.atomic():
        generation, _ = SessionGeneration.objects.get_or_create(user_id=user.pk)
        # Raised in the database (race-safe), and saved through the model so that whatever
        # keeps a copy of the user (the tuning app's snapshots) hears of it.
        generation.generation = F("generation") + 1
        generation.save(update_fields=["generation"])
        families_revoke(user=user, reason=SIGNED_OUT_EVERYWHERE)
    if by_session:
        session_logout(request=request)


def _require_demo_user(username: str) -> None:
    if username not in settings.DEMO_USERNAMES:
        raise NotADemoUser()


def account_deactivate(*, user) -> None:
    """The lab's switch: is_active=False. Nothing is revoked; each check that reads the row
    (sessions, the db authenticator, refresh) refuses the user until it is reactivated."""
    _require_demo_user(user.get_username())
    user.is_active = False
    user.save(update_fields=["is_active"])


def account_reactivate(*, request, username: str, password: str) -> None:
    """The lab's switch back: the demo user's own password turns it on again."""
    _require_demo_user(username)
    user = credentials_check(
        request=request, username=username, password=password, allow_inactive=True
    )
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
