"""GET /api/lab/cookie-probe/: a probe cookie of its own, the page's witness of the browser's
third-party-cookie setting.

The cross-site page calls it twice with credentials: the first answer sets the probe cookie
(its value is the page's nonce), the second says whether that cookie came back. That tells
whether a cross-site cookie set by a credentialed fetch is stored *and* sent, independently of
the matrix cells it explains: the probe has its own names and its Path is this endpoint only,
so it never reaches another request and no cell's cookie (csrftoken, sessionid) is touched.

Two variants, because no single cookie witnesses the setting in every engine over http:
`none-secure` (SameSite=None; Secure) is what Chromium and Firefox demand of a cross-site
cookie; WebKitGTK refuses every Secure cookie over plain http (libsoup counts only https), so
there the page asks for `none` (SameSite=None without Secure, which libsoup 3.2 stores and
always sends; with no SameSite at all libsoup would default to Lax and never send it
cross-site, under any setting).
"""

from dataclasses import dataclass

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.parsers import query_data

PROBE_PATH = "/api/lab/cookie-probe/"
# Long enough for the two calls of one run; short, so a probe cookie never lingers.
PROBE_MAX_AGE_S = 300
NONCE_PATTERN = r"^[A-Za-z0-9]{1,32}$"


@dataclass(frozen=True)
class ProbeVariant:
    cookie_name: str
    secure: bool


VARIANTS = {
    "none-secure": ProbeVariant("lab_probe_none_secure", secure=True),
    "none": ProbeVariant("lab_probe_none", secure=False),
}
PROBE_COOKIE_NAMES = sorted(variant.cookie_name for variant in VARIANTS.values())


class CookieProbeApi(APIView):
    """Never reads another cookie than its own probes; never echoes a cookie value."""

    authentication_classes = []
    permission_classes = [AllowAny]
    uses_backing_stores = False  # read by backend.common.schema: no 503 to document

    class QuerySerializer(serializers.Serializer):
        variant = serializers.ChoiceField(
            choices=list(VARIANTS),
            help_text="none-secure: SameSite=None; Secure. none: SameSite=None without Secure.",
        )
        nonce = serializers.RegexField(
            NONCE_PATTERN,
            help_text="The probe cookie's value: the page's own, so an old probe never counts.",
        )

    @extend_schema(
        parameters=[QuerySerializer],
        responses=inline_serializer(
            "CookieProbe",
            {
                "cookie": serializers.CharField(help_text="The probe cookie this answer sets."),
                "attributes": serializers.CharField(help_text="Its attributes, as sent."),
                "arrived": serializers.BooleanField(
                    help_text="That cookie arrived on this request, holding this nonce."
                ),
                "received": serializers.ListField(
                    child=serializers.CharField(),
                    help_text="Names of the probe cookies (any variant) that arrived.",
                ),
            },
        ),
        description=(
            "Sets a probe cookie (Path limited to this endpoint) and says which probe cookies "
            "arrived: called twice with credentials from a cross-site page, it witnesses "
            "whether the browser keeps and sends a cross-site cookie."
        ),
    )
    def get(self, request):
        query = self.QuerySerializer(data=query_data(request))
        query.is_valid(raise_exception=True)
        variant = VARIANTS[query.validated_data["variant"]]
        nonce = query.validated_data["nonce"]
        response = Response(
            {
                "cookie": variant.cookie_name,
                "attributes": attributes_of(variant),
                "arrived": request.COOKIES.get(variant.cookie_name) == nonce,
                "received": [name for name in PROBE_COOKIE_NAMES if name in request.COOKIES],
            }
        )
        response.set_cookie(
            variant.cookie_name,
            nonce,
            max_age=PROBE_MAX_AGE_S,
            path=PROBE_PATH,
            secure=variant.secure,
            httponly=True,
            samesite="None",
        )
        return response


def attributes_of(variant: ProbeVariant) -> str:
    secure = "; Secure" if variant.secure else ""
    return f"SameSite=None{secure}; HttpOnly; Path={PROBE_PATH}; Max-Age={PROBE_MAX_AGE_S}"
