"""simplejwt serializers with the claims and checks this lab needs.

Rotation, blacklisting and verification stay simplejwt's; refresh and logout run them inside
the family's turn (refresh_families.py), which decides first whether the token may be used.
"""

import functools

from django.contrib.auth import get_user_model
from rest_framework.exceptions import ValidationError
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.serializers import (
    TokenBlacklistSerializer,
    TokenObtainPairSerializer,
    TokenRefreshSerializer,
    TokenVerifySerializer,
)

from backend.authentication.refresh_families import (
    USER_NOT_FOUND,
    FamilyRefreshToken,
    RefreshRefused,
    family_check,
    family_logout,
    family_refresh,
)


class LabTokenObtainPairSerializer(TokenObtainPairSerializer):
    # Every login starts a refresh family.
    token_class = FamilyRefreshToken

    @classmethod
    def get_token(cls, user) -> FamilyRefreshToken:
        token = super().get_token(user)
        # Copied into every access token minted from this refresh token, so the stateless
        # authenticator can name the user without a database query.
        token["username"] = user.get_username()
        return token


class LabTokenRefreshSerializer(TokenRefreshSerializer):
    """simplejwt's refresh, run only for its family's current token; a deleted user is a 401."""

    token_class = FamilyRefreshToken

    def validate(self, attrs):
        rotate = functools.partial(super().validate, attrs)
        try:
            return family_refresh(attrs["refresh"], rotate=rotate)
        except get_user_model().DoesNotExist as error:
            # Deleted between the family's check and simplejwt's own lookup: the same 401.
            raise RefreshRefused(USER_NOT_FOUND) from error


class LabTokenVerifySerializer(TokenVerifySerializer):
    """simplejwt's verify; a refresh token also meets its user's and family's refusals, and a
    blacklisted token is a 401 like any invalid one."""

    def validate(self, attrs):
        family_check(attrs["token"])
        try:
            return super().validate(attrs)
        except ValidationError as error:
            raise InvalidToken("Token is blacklisted") from error


class LabTokenBlacklistSerializer(TokenBlacklistSerializer):
    """simplejwt's logout, run only for its family's current token (else: a reuse)."""

    token_class = FamilyRefreshToken

    def validate(self, attrs):
        blacklist = functools.partial(super().validate, attrs)
        return family_logout(attrs["refresh"], blacklist=blacklist)
