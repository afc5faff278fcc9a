"""GET /api/lab/attack-log/<marker>/: what arrived for one attack marker (lab/attack_log.py).

Read server-to-server by the attacker's site, which cannot read a cross-site answer in the
browser. Off (LAB_ATTACK_LOG, production): 404, as if the route did not exist.
"""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.schema import error_response
from backend.lab import attack_log
from backend.lab.attack_marker import MARKER_PATTERN

ATTEMPT = inline_serializer(
    "AttackAttempt",
    {
        "at": serializers.FloatField(help_text="Unix time the answer left the API."),
        "method": serializers.CharField(),
        "host": serializers.CharField(),
        "path": serializers.CharField(),
        "origin": serializers.CharField(allow_null=True),
        "sec_fetch_site": serializers.CharField(allow_null=True),
        "sec_fetch_mode": serializers.CharField(allow_null=True),
        "sec_fetch_dest": serializers.CharField(allow_null=True),
        "relation": serializers.CharField(),
        "content_type": serializers.CharField(allow_null=True),
        "cookies": serializers.ListField(
            child=serializers.CharField(), help_text="Names of the cookies that arrived."
        ),
        "authorization_scheme": serializers.CharField(allow_null=True),
        "status": serializers.IntegerField(),
        "detail": serializers.CharField(allow_null=True, help_text="The API's refusal."),
        "code": serializers.CharField(allow_null=True),
        "authenticated_as": serializers.CharField(allow_null=True),
        "cors_allowed_origin": serializers.CharField(allow_null=True),
    },
)


class AttackLogApi(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    def initial(self, request, *args, **kwargs):
        # Before anything else: with the log off the route answers as if it did not exist.
        if not attack_log.enabled():
            raise Http404("The lab's attack log is off here.")
        super().initial(request, *args, **kwargs)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "marker",
                str,
                OpenApiParameter.PATH,
                pattern=f"^{MARKER_PATTERN}$",
                description="The `lab_attack` value the attack's requests carried.",
            )
        ],
        responses={
            200: inline_serializer(
                "AttackLog",
                {
                    "marker": serializers.CharField(),
                    "attempts": serializers.ListField(child=ATTEMPT),
                },
            ),
            404: error_response(
                "The attack log is off here (LAB_ATTACK_LOG), or the marker is malformed."
            ),
        },
        description=(
            "What arrived for requests tagged `?lab_attack=<marker>` in the last "
            f"{attack_log.RETENTION_SECONDS // 60} minutes: cookie names, Origin, "
            "Sec-Fetch-Site, content type, status and the API's refusal. Never a cookie value, "
            "a token or a body. Lab only."
        ),
    )
    def get(self, request, marker: str):
        return Response({"marker": marker, "attempts": attack_log.attempts_for(marker)})
