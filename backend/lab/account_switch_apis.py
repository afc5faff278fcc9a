"""The lab's account switches: a demo user deactivates itself, and its password turns it back on.

They exist so that "what happens to each credential when the account is deactivated" can be
shown with the demo users; LAB_ACCOUNT_SWITCHES turns them off (production), and then both
routes answer 404.
"""

from django.conf import settings
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.authentication.account_apis import ACCOUNT_AUTHENTICATORS
from backend.authentication.serializers import LOGIN_THROTTLED, CredentialsInputSerializer
from backend.authentication.services import NotADemoUser, account_deactivate, account_reactivate
from backend.common.schema import CSRF_FAILED, error_response

SWITCHES_OFF = error_response("The lab's account switches are off here (LAB_ACCOUNT_SWITCHES).")
NOT_A_DEMO_USER = NotADemoUser.default_detail


class _LabSwitchApi(APIView):
    def initial(self, request, *args, **kwargs):
        # Before authentication: with the switches off the route answers as if it did not exist.
        if not settings.LAB_ACCOUNT_SWITCHES:
            raise Http404("The lab's account switches are off here.")
        super().initial(request, *args, **kwargs)


class DeactivateMeApi(_LabSwitchApi):
    authentication_classes = ACCOUNT_AUTHENTICATORS

    @extend_schema(
        request=None,
        responses={
            204: None,
            403: error_response(f"{CSRF_FAILED} Or: {NOT_A_DEMO_USER}"),
            404: SWITCHES_OFF,
        },
        description=(
            "Set is_active=False for the caller (a demo user). Nothing is revoked: sessions, "
            "the db authenticator and refresh refuse the user while it is inactive; the "
            "stateless authenticator accepts its access tokens until they expire."
        ),
    )
    def post(self, request):
        account_deactivate(user=request.user)
        return Response(status=204)


class ReactivateApi(_LabSwitchApi):
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=CredentialsInputSerializer,
        responses={
            204: None,
            403: error_response(NOT_A_DEMO_USER),
            404: SWITCHES_OFF,
            429: LOGIN_THROTTLED,
        },
        description=(
            "Set is_active=True again for a demo user, given its password. Wrong credentials "
            "are a 400 and count as failed logins."
        ),
    )
    def post(self, request):
        serializer = CredentialsInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        account_reactivate(
            request=request,
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
        )
        return Response(status=204)
