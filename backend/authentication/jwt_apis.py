"""JWT (bearer) flow: obtain, refresh with rotation, verify, log out by blacklisting."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.views import TokenBlacklistView, TokenRefreshView, TokenVerifyView

from backend.authentication.jwt_tokens import LabTokenRefreshSerializer, LabTokenVerifySerializer
from backend.authentication.serializers import CredentialsInputSerializer
from backend.authentication.services import credentials_check, jwt_pair_issue
from backend.common.responses import no_store


class JwtTokenApi(APIView):
    """Trade credentials for an access/refresh pair; failures as for session login."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=CredentialsInputSerializer,
        responses=inline_serializer(
            "TokenPair", {"access": serializers.CharField(), "refresh": serializers.CharField()}
        ),
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

    def post(self, request, *args, **kwargs):
        return no_store(super().post(request, *args, **kwargs))


class JwtVerifyApi(TokenVerifyView):
    serializer_class = LabTokenVerifySerializer


class JwtLogoutApi(TokenBlacklistView):
    """Blacklist the refresh token: it can never mint an access token again."""

    @extend_schema(responses={204: None})
    def post(self, request, *args, **kwargs):
        super().post(request, *args, **kwargs)
        return Response(status=204)
