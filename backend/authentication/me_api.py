"""Who am I, and which credential said so."""

from django.conf import settings
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.authentication import JWTAuthentication

from backend.authentication.cookie_jwt import AUTH_KIND as COOKIE_JWT
from backend.authentication.cookie_jwt import CookieJwtAuthentication

AUTH_KINDS = ("session", COOKIE_JWT, "jwt")


def auth_kind(request) -> str:
    """'cookie-jwt', 'jwt' or 'session': the authenticator that accepted this request."""
    authenticator = request.successful_authenticator
    # The cookie authenticator is a JWTAuthentication too: asked first.
    if isinstance(authenticator, CookieJwtAuthentication):
        return COOKIE_JWT
    return "jwt" if isinstance(authenticator, JWTAuthentication) else "session"


class MeApi(APIView):
    @extend_schema(
        responses=inline_serializer(
            "Me",
            {
                "id": serializers.IntegerField(),
                "username": serializers.CharField(),
                "auth": serializers.ChoiceField(AUTH_KINDS),
                "replica": serializers.CharField(),
            },
        )
    )
    def get(self, request):
        user = request.user
        return Response(
            {
                "id": int(user.id),
                "username": user.username,
                "auth": auth_kind(request),
                "replica": settings.REPLICA_NAME,
            }
        )
