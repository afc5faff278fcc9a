"""Who am I, and which credential said so."""

from django.conf import settings
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.authentication import JWTAuthentication


def auth_kind(request) -> str:
    """'jwt' or 'session': the authenticator that accepted this request."""
    return "jwt" if isinstance(request.successful_authenticator, JWTAuthentication) else "session"


class MeApi(APIView):
    @extend_schema(
        responses=inline_serializer(
            "Me",
            {
                "id": serializers.IntegerField(),
                "username": serializers.CharField(),
                "auth": serializers.ChoiceField(["session", "jwt"]),
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
