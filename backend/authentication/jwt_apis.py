"""JWT (bearer) flow: obtain, refresh with rotation, verify, log out by blacklisting.

Refresh and logout go through the token's family (refresh_families.py): a token that was
already used ends its whole sign-in.
"""

from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.views import TokenBlacklistView, TokenRefreshView, TokenVerifyView

from backend.authentication.jwt_tokens import (
    LabTokenBlacklistSerializer,
    LabTokenRefreshSerializer,
    LabTokenVerifySerializer,
)
from backend.authentication.serializers import LOGIN_THROTTLED, CredentialsInputSerializer
from backend.authentication.services import credentials_check, jwt_pair_issue
from backend.common.schema import error_response

# simplejwt answers a token it cannot use (malformed, expired, blacklisted) with 401
# `token_not_valid`, although these views need no credentials themselves; a well-formed,
# signed refresh token can still be refused for its sign-in (refresh_families.py).
REFUSAL_CODES = (
    "`refresh_reused` (a token of this sign-in that was already rotated or logged out came "
    "back, so the whole sign-in was ended), `signed_out_everywhere`, `password_changed`, "
    "`user_inactive`, `user_not_found`, `family_expired` (the sign-in's absolute lifetime has "
    "passed) or `token_not_valid` (malformed, expired, revoked)"
)
REFRESH_REFUSED = error_response(
    f"The refresh token was refused. `code` says why: {REFUSAL_CODES}."
)


class JwtTokenApi(APIView):
    """Trade credentials for an access/refresh pair; failures as for session login."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=CredentialsInputSerializer,
        responses={
            200: inline_serializer(
                "TokenPair",
                {"access": serializers.CharField(), "refresh": serializers.CharField()},
            ),
            429: LOGIN_THROTTLED,
        },
    )
    @method_decorator(never_cache)
    def post(self, request):
        serializer = CredentialsInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = credentials_check(
            request=request,
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
        )
        return Response(jwt_pair_issue(user=user))


class JwtRefreshApi(TokenRefreshView):
    serializer_class = LabTokenRefreshSerializer

    @extend_schema(responses={200: LabTokenRefreshSerializer, 401: REFRESH_REFUSED})
    @method_decorator(never_cache)
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


@extend_schema_view(
    post=extend_schema(responses={200: LabTokenVerifySerializer, 401: REFRESH_REFUSED})
)
class JwtVerifyApi(TokenVerifyView):
    serializer_class = LabTokenVerifySerializer


class JwtLogoutApi(TokenBlacklistView):
    """Blacklist the refresh token: it can never mint an access token again."""

    serializer_class = LabTokenBlacklistSerializer

    @extend_schema(responses={204: None, 401: REFRESH_REFUSED})
    def post(self, request, *args, **kwargs):
        super().post(request, *args, **kwargs)
        return Response(status=204)
