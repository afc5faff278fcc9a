"""The same access token judged by each of simplejwt's two authenticators, in one running API.

/api/auth/me/ uses whichever JWT_AUTHENTICATOR configures; these two name theirs, so a client
can watch a revoked user's token be refused by one and still accepted by the other.
"""

from datetime import UTC, datetime

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.authentication import (
    JWTAuthentication,
    JWTStatelessUserAuthentication,
)


class TokenIdentityOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    auth = serializers.ChoiceField(["jwt"])
    authenticator = serializers.ChoiceField(["db", "stateless"])
    replica = serializers.CharField()
    expires_at = serializers.DateTimeField(help_text="When the access token expires (its exp).")
    why = serializers.CharField(help_text="Why this authenticator accepted the token.")


class _TokenIdentityApi(APIView):
    authenticator = ""

    def why(self, expires_at: datetime) -> str:
        raise NotImplementedError

    @extend_schema(responses=TokenIdentityOutputSerializer)
    def get(self, request):
        expires_at = datetime.fromtimestamp(request.auth["exp"], tz=UTC)
        body = {
            "id": int(request.user.id),
            "username": request.user.username,
            "auth": "jwt",
            "authenticator": self.authenticator,
            "replica": settings.REPLICA_NAME,
            "expires_at": expires_at,
            "why": self.why(expires_at),
        }
        return Response(TokenIdentityOutputSerializer(body).data)


class MeDbApi(_TokenIdentityApi):
    """simplejwt's JWTAuthentication: the signature, then the user row, on every request."""

    authentication_classes = [JWTAuthentication]
    authenticator = "db"

    def why(self, expires_at: datetime) -> str:
        return (
            "signature valid, and the user row says active and has the password this token was "
            "minted under; checked against the database on every request"
        )


class MeStatelessApi(_TokenIdentityApi):
    """simplejwt's JWTStatelessUserAuthentication: the signature and exp, and nothing else."""

    authentication_classes = [JWTStatelessUserAuthentication]
    authenticator = "stateless"
    uses_backing_stores = False  # read by backend.common.schema: no 503 to document

    def why(self, expires_at: datetime) -> str:
        return (
            "signature still valid; nothing on the server is consulted until it expires at "
            f"{expires_at:%H:%M:%S} UTC"
        )
