"""Health and echo: what the server received on a request and what it concluded."""

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.authentication.cookie_policy import CookiePolicyField
from backend.common.parsers import query_data
from backend.lab.authenticator_probe import probe_authenticators
from backend.lab.echo_diagnosis import Evidence, diagnose, request_relation


def authorization_scheme(header: str) -> str | None:
    """The scheme word only ("Bearer"); a header without one is never echoed back."""
    if not header:
        return None
    scheme = header.split(" ", 1)[0]
    return scheme if scheme.isalpha() and len(scheme) <= 20 else "unrecognised"


class HealthApi(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    uses_backing_stores = False  # read by backend.common.schema: no 503 to document

    @extend_schema(
        responses=inline_serializer(
            "Health", {"status": serializers.CharField(), "replica": serializers.CharField()}
        )
    )
    def get(self, request):
        return Response({"status": "ok", "replica": settings.REPLICA_NAME})


class EchoApi(APIView):
    """Never echoes a cookie value, a token or a password: names and verdicts only."""

    authentication_classes = []
    permission_classes = [AllowAny]

    class QuerySerializer(serializers.Serializer):
        cookie_policy = CookiePolicyField(
            required=False,
            help_text="The cookie policy the client believes it set; sharpens the diagnosis.",
        )

    def perform_authentication(self, request):
        # Skip DRF's own pass: with no authenticators it would overwrite the Django request's
        # user with AnonymousUser before the probe below gets to run the real authenticators.
        pass

    @extend_schema(
        parameters=[QuerySerializer],
        responses=OpenApiTypes.OBJECT,
        description="What the server received and concluded; names and verdicts, no secrets.",
    )
    def get(self, request):
        query = self.QuerySerializer(data=query_data(request))
        query.is_valid(raise_exception=True)
        chosen = query.validated_data.get("cookie_policy")
        policy = chosen.name if chosen else None
        meta = request.META
        origin = meta.get("HTTP_ORIGIN")
        sec_fetch_site = meta.get("HTTP_SEC_FETCH_SITE")
        host = request.get_host()
        cookies = sorted(request.COOKIES)
        authorization = meta.get("HTTP_AUTHORIZATION", "")
        outcomes = probe_authenticators(request)
        relation = request_relation(
            origin=origin, scheme=request.scheme, host=host, sec_fetch_site=sec_fetch_site
        )
        evidence = Evidence(
            relation=relation,
            session_cookie_arrived=settings.SESSION_COOKIE_NAME in request.COOKIES,
            csrf_cookie_arrived=settings.CSRF_COOKIE_NAME in request.COOKIES,
            authenticators=outcomes,
            cookie_policy=policy,
        )
        winner = next((o for o in outcomes if o.result == "authenticated"), None)
        return Response(
            {
                "origin": origin,
                "host": host,
                "sec_fetch_site": sec_fetch_site,
                "relation": relation,
                "cookie_policy": policy,
                "cookies_received": cookies,
                "session_cookie_received": evidence.session_cookie_arrived,
                "csrf_cookie_received": evidence.csrf_cookie_arrived,
                "authorization_header": bool(authorization),
                "authorization_scheme": authorization_scheme(authorization),
                "authenticators": [
                    {"name": o.name, "result": o.result, "reason": o.reason} for o in outcomes
                ],
                "authenticated_as": winner.username if winner else None,
                "replica": settings.REPLICA_NAME,
                **diagnose(evidence),
            }
        )


class BenchNoAuthApi(APIView):
    """The shape of /api/auth/me/ with no authenticator run: the benchmarks' baseline.

    It differs from MeApi only by the authentication work, so ratios to it measure auth alone.
    """

    authentication_classes = []
    permission_classes = [AllowAny]
    uses_backing_stores = False  # read by backend.common.schema: no 503 to document

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response(
            {"id": 0, "username": "anonymous", "auth": "none", "replica": settings.REPLICA_NAME}
        )
