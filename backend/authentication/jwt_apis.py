"""JWT (bearer) flow: obtain, refresh with rotation, verify, log out by blacklisting."""

from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.views import TokenBlacklistView, TokenRefreshView, TokenVerifyView

from backend.authentication.jwt_tokens import LabTokenRefreshSerializer, LabTokenVerifySerializer
from backend.authentication.serializers import LOGIN_THROTTLED, CredentialsInputSerializer
from backend.authentication.services import credentials_check, jwt_pair_issue
from backend.common.responses import no_store
from backend.common.schema import error_response

# simplejwt answers a token it cannot use (malformed, expired, blacklisted, of a deleted user)
# with 401 `token_not_valid`, although these views need no credentials themselves.
TOKEN_REFUSED = error_response("The token is malformed, expired or revoked.")


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
    def post(self, request):
        serializer = CredentialsInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = credentials_check(
            request=request._request,
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
        )
        return no_store(Response(jwt_pair_issue(user=user)))


class JwtRefreshApi(TokenRefreshView):
    serializer_class = LabTokenRefreshSerializer

    @extend_schema(responses={200: LabTokenRefreshSerializer, 401: TOKEN_REFUSED})
    def post(self, request, *args, **kwargs):
        return no_store(super().post(request, *args, **kwargs))


@extend_schema_view(
    post=extend_schema(responses={200: LabTokenVerifySerializer, 401: TOKEN_REFUSED})
)
class JwtVerifyApi(TokenVerifyView):
    serializer_class = LabTokenVerifySerializer


class JwtLogoutApi(TokenBlacklistView):
    """Blacklist the refresh token: it can never mint an access token again."""

    @extend_schema(responses={204: None, 401: TOKEN_REFUSED})
    def post(self, request, *args, **kwargs):
        super().post(request, *args, **kwargs)
        return Response(status=204)
