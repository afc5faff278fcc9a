"""simplejwt serializers with the claims and checks this lab needs."""

from django.contrib.auth import get_user_model
from rest_framework.exceptions import AuthenticationFailed, ValidationError
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.serializers import (
    TokenObtainPairSerializer,
    TokenRefreshSerializer,
    TokenVerifySerializer,
)
from rest_framework_simplejwt.tokens import RefreshToken


class LabTokenObtainPairSerializer(TokenObtainPairSerializer):
    @classmethod
    def get_token(cls, user) -> RefreshToken:
        token = super().get_token(user)
        # Copied into every access token minted from this refresh token, so the stateless
        # authenticator can name the user without a database query.
        token["username"] = user.get_username()
        return token


class LabTokenRefreshSerializer(TokenRefreshSerializer):
    """simplejwt's refresh, except that a deleted user is a 401 rather than a 500."""

    def validate(self, attrs):
        try:
            return super().validate(attrs)
        except get_user_model().DoesNotExist as error:
            raise AuthenticationFailed(
                self.error_messages["no_active_account"], "no_active_account"
            ) from error


class LabTokenVerifySerializer(TokenVerifySerializer):
    """simplejwt's verify, except that a blacklisted token is a 401 like any invalid one."""

    def validate(self, attrs):
        try:
            return super().validate(attrs)
        except ValidationError as error:
            raise InvalidToken("Token is blacklisted") from error
