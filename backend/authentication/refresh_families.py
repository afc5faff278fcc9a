"""Refresh-token families: rotation with reuse detection that ends the whole sign-in, and an
absolute lifetime per sign-in (OAuth 2.0 Security BCP, RFC 9700 §2.2.2 and §4.14.2).

simplejwt rotates and blacklists single tokens; it has no notion of the chain one login starts,
so a thief who refreshes first keeps a chain that never ends. This module is the one owner of
that chain, the *family*:

- every JWT login starts one (`FamilyRefreshToken.for_user`): its id and absolute end ride in
  the refresh token as signed claims; its row (`RefreshFamily`) names the one token that may be
  used now;
- a refresh or a logout runs simplejwt's own serializer code inside a transaction that holds
  the family's row (SELECT … FOR UPDATE on PostgreSQL; on SQLite the IMMEDIATE transactions of
  settings/base.py take the write lock at BEGIN), so of N simultaneous uses of one token
  exactly one finds it current;
- any other token of the family that comes back (rotated, logged out, or the loser of that
  race) is a reuse: the family is revoked — its live token blacklisted with simplejwt's models —
  and that is committed before the 401 is raised;
- a password change or "log out everywhere" revokes every family of the user.
"""

import time
from collections.abc import Callable
from datetime import timedelta
from uuid import uuid4

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from rest_framework_simplejwt.exceptions import (
    AuthenticationFailed,
    ExpiredTokenError,
    TokenBackendError,
    TokenError,
)
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken, UntypedToken
from rest_framework_simplejwt.utils import datetime_from_epoch

from backend.authentication.models import RefreshFamily
from backend.authentication.token_backend import token_backend_from_settings

FAMILY_CLAIM = "family"
FAMILY_END_CLAIM = "family_exp"

# The 401 codes of a refused refresh (the API contract of issue 12).
REFRESH_REUSED = "refresh_reused"
SIGNED_OUT_EVERYWHERE = "signed_out_everywhere"
PASSWORD_CHANGED = "password_changed"
USER_INACTIVE = "user_inactive"
USER_NOT_FOUND = "user_not_found"
FAMILY_EXPIRED = "family_expired"
UNKNOWN_FAMILY = "token_not_valid"

MESSAGES = {
    REFRESH_REUSED: "This sign-in was ended because a refresh token that had already been used "
    "came back (possible theft). Sign in again.",
    SIGNED_OUT_EVERYWHERE: 'This sign-in was ended by "log out everywhere". Sign in again.',
    PASSWORD_CHANGED: "This sign-in was ended because the password was changed. Sign in again "
    "with the new password.",
    USER_INACTIVE: "This account is deactivated: its sign-ins cannot be renewed until it is "
    "reactivated.",
    USER_NOT_FOUND: "This account no longer exists.",
    FAMILY_EXPIRED: "This sign-in reached its maximum lifetime, which no refresh extends. "
    "Sign in again.",
    UNKNOWN_FAMILY: "This refresh token belongs to no sign-in this server knows (it was issued "
    "before sign-in families, or long ago). Sign in again.",
}


class RefreshRefused(AuthenticationFailed):
    """A 401 whose body is {"detail", "code"} (simplejwt's exception keeps the code)."""

    def __init__(self, code: str):
        super().__init__(MESSAGES[code], code=code)


def family_lifetime() -> timedelta:
    return timedelta(seconds=settings.JWT_REFRESH_FAMILY_TTL_SECONDS)


class FamilyRefreshToken(RefreshToken):
    """simplejwt's refresh token, carrying its family's id and end; `exp` never passes the end."""

    # The family describes the refresh chain, not what an access token grants.
    no_copy_claims = (*RefreshToken.no_copy_claims, FAMILY_CLAIM, FAMILY_END_CLAIM)

    def __init__(self, token=None, verify=True):
        super().__init__(token, verify)
        if token is None:  # minted at login: a new family
            self.payload[FAMILY_CLAIM] = uuid4().hex
            self.set_exp(FAMILY_END_CLAIM, lifetime=family_lifetime())
            self.set_exp()  # again, now that the family's end caps it

    def set_exp(self, claim="exp", from_time=None, lifetime=None) -> None:
        super().set_exp(claim, from_time, lifetime)
        end = self.payload.get(FAMILY_END_CLAIM)
        if claim == "exp" and end is not None:
            self.payload["exp"] = min(self.payload["exp"], end)

    def check_blacklist(self) -> None:
        """Deferred: `_family_turn` asks `blacklisted()` while it holds the family's row, where
        a blacklisted token is a reuse that ends the family, not merely a refused token."""

    def blacklisted(self) -> bool:
        """simplejwt's own blacklist check, as a yes or no."""
        try:
            super().check_blacklist()
        except TokenError:
            return True
        return False

    @classmethod
    def for_user(cls, user) -> "FamilyRefreshToken":
        with transaction.atomic():
            token = super().for_user(user)  # simplejwt records the outstanding token
            RefreshFamily.objects.create(
                id=token[FAMILY_CLAIM],
                user=user,
                expires_at=datetime_from_epoch(token[FAMILY_END_CLAIM]),
                current_jti=token[api_settings.JTI_CLAIM],
            )
        return token


def family_refresh(raw: str, *, rotate: Callable[[], dict]) -> dict:
    """simplejwt's rotation (`rotate`), run only if `raw` is its family's current token."""

    def act() -> tuple[dict, str]:
        data = rotate()
        return data, FamilyRefreshToken(data["refresh"])[api_settings.JTI_CLAIM]

    return _family_turn(raw, act, require_active=True)


def family_logout(raw: str, *, blacklist: Callable[[], dict]) -> dict:
    """simplejwt's logout (`blacklist`), run only if `raw` is its family's current token."""
    return _family_turn(raw, lambda: (blacklist(), ""), require_active=False)


def family_check(raw: str) -> None:
    """Raise the refusal a refresh of `raw` would meet now, without using it (for verify).

    Tokens that are not family refresh tokens are left to simplejwt's checks.
    """
    try:
        token = UntypedToken(raw)
    except ExpiredTokenError:
        _raise_if_family_ended(raw)
        raise
    if token.get(api_settings.TOKEN_TYPE_CLAIM) != FamilyRefreshToken.token_type:
        return
    user = _user_of(token, require_active=True)
    family = RefreshFamily.objects.filter(pk=token.get(FAMILY_CLAIM), user_id=user.pk).first()
    code = _standing_refusal(family)
    if code is not None:
        raise RefreshRefused(code)


def families_revoke(*, user, reason: str) -> int:
    """End every live family of `user`; each later use of its tokens answers `reason`."""
    with transaction.atomic():
        families = list(
            RefreshFamily.objects.select_for_update().filter(user_id=user.pk, revoked_reason="")
        )
        _revoke(families, reason)
    return len(families)


def families_prune() -> int:
    """Delete the families whose absolute lifetime has passed; returns how many."""
    deleted, _ = RefreshFamily.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted


def _family_turn(raw: str, act: Callable[[], tuple[dict, str]], *, require_active: bool) -> dict:
    try:
        token = FamilyRefreshToken(raw)
    except ExpiredTokenError:
        _raise_if_family_ended(raw)
        raise
    user = _user_of(token, require_active=require_active)
    with transaction.atomic():
        family = (
            RefreshFamily.objects.select_for_update()
            .filter(pk=token.get(FAMILY_CLAIM), user_id=user.pk)
            .first()
        )
        code = _standing_refusal(family)
        if code is None and (
            token[api_settings.JTI_CLAIM] != family.current_jti or token.blacklisted()
        ):
            _revoke([family], REFRESH_REUSED)
            code = REFRESH_REUSED
        if code is None:
            result, family.current_jti = act()
            family.save(update_fields=["current_jti"])
    # Outside the transaction: raised inside it, the revocation would be rolled back.
    if code is not None:
        raise RefreshRefused(code)
    return result


def _standing_refusal(family: RefreshFamily | None) -> str | None:
    if family is None:
        return UNKNOWN_FAMILY
    if family.revoked_reason:
        return family.revoked_reason
    if family.expires_at <= timezone.now():
        return FAMILY_EXPIRED
    return None


def _user_of(token, *, require_active: bool):
    user_id = token.get(api_settings.USER_ID_CLAIM)
    user = get_user_model()._default_manager.filter(**{api_settings.USER_ID_FIELD: user_id}).first()
    if user is None:
        raise RefreshRefused(USER_NOT_FOUND)
    if require_active and not api_settings.USER_AUTHENTICATION_RULE(user):
        raise RefreshRefused(USER_INACTIVE)
    return user


def _revoke(families: list[RefreshFamily], reason: str) -> None:
    live = [family.current_jti for family in families if family.current_jti]
    BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in OutstandingToken.objects.filter(jti__in=live)],
        ignore_conflicts=True,
    )
    RefreshFamily.objects.filter(pk__in=[family.pk for family in families]).update(
        revoked_reason=reason, revoked_at=timezone.now()
    )


def _raise_if_family_ended(raw: str) -> None:
    """An expired refresh token whose family's end has passed: say so (`family_expired`).

    A rotated token's `exp` is capped at the family's end, so that end shows up as an expired
    token. Its claims are read with simplejwt's backend (signature, audience and issuer
    verified) given a leeway of one family lifetime, only to name the reason of the refusal.
    """
    try:
        claims = token_backend_from_settings(leeway=family_lifetime()).decode(raw)
    except TokenBackendError:
        return
    end = claims.get(FAMILY_END_CLAIM)
    if (
        claims.get(api_settings.TOKEN_TYPE_CLAIM) == FamilyRefreshToken.token_type
        and isinstance(end, int)
        and end <= time.time()
    ):
        raise RefreshRefused(FAMILY_EXPIRED)
