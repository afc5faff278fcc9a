"""Session (cookie) flow: CSRF cookie, login, logout — for browsers on an allowed origin."""

from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.authentication.cookie_policy import parse_policy
from backend.authentication.serializers import CredentialsInputSerializer, UserOutputSerializer
from backend.authentication.services import (
    credentials_check,
    csrf_cookie_delete,
    csrf_cookie_issue,
    session_login,
    session_logout,
)
from backend.common.responses import no_store


def enforce_csrf(request) -> None:
    """CSRF check (token and trusted Origin) for a request that is not yet authenticated.

    DRF checks CSRF only once a session has authenticated the user, which leaves login itself
    open to login CSRF; these views call DRF's own check explicitly.
    """
    SessionAuthentication().enforce_csrf(request)


class SessionCsrfApi(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    def get(self, request):
        requested = parse_policy(request.query_params.get("cookie_policy"))
        token, policy = csrf_cookie_issue(request=request._request, requested=requested)
        return no_store(Response({"csrfToken": token, "cookiePolicy": policy.name}))


class SessionLoginApi(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    class InputSerializer(CredentialsInputSerializer):
        cookie_policy = serializers.CharField(required=False, allow_blank=True, max_length=32)

    def post(self, request):
        enforce_csrf(request)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        policy = parse_policy(data.get("cookie_policy"))
        user = credentials_check(
            request=request._request, username=data["username"], password=data["password"]
        )
        csrf_token = session_login(request=request._request, user=user, policy=policy)
        body = {
            "user": UserOutputSerializer(user).data,
            "csrfToken": csrf_token,
            "cookiePolicy": policy.name,
        }
        return no_store(Response(body))


class SessionLogoutApi(APIView):
    # Logout works whether or not the session is still alive, but always needs the CSRF token:
    # it is a cookie-authenticated unsafe request like any other.
    authentication_classes = []
    permission_classes = [AllowAny]

    def post(self, request):
        enforce_csrf(request)
        session_logout(request=request._request)
        response = Response(status=204)
        csrf_cookie_delete(response=response)
        return response
