"""Account changes that end sign-ins: change the password, log out everywhere."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.authentication import JWTAuthentication

from backend.authentication.cookie_jwt import CookieJwtAuthentication
from backend.authentication.me_api import auth_kind
from backend.authentication.serializers import LOGIN_THROTTLED
from backend.authentication.services import (
    csrf_cookie_delete,
    password_change,
    sign_out_everywhere,
)
from backend.common.fields import StrictCharField

# An account change writes the user's row, so a token (bearer or cookie) is checked against
# that row (simplejwt's db authenticator) whatever JWT_AUTHENTICATOR says: a deleted,
# deactivated or re-passworded user's token is a 401 here, never a TokenUser with no row.
ACCOUNT_AUTHENTICATORS = [JWTAuthentication, CookieJwtAuthentication, SessionAuthentication]


class PasswordChangeInputSerializer(serializers.Serializer):
    old_password = StrictCharField(max_length=1024, trim_whitespace=False)
    new_password = StrictCharField(max_length=1024, trim_whitespace=False)


class PasswordChangeApi(APIView):
    authentication_classes = ACCOUNT_AUTHENTICATORS

    @extend_schema(
        request=PasswordChangeInputSerializer,
        responses={204: None, 429: LOGIN_THROTTLED},
        description=(
            "Change the password. Every other session of the user ends (the caller's own "
            "session stays), every refresh-token sign-in is revoked (`password_changed`), and "
            "access tokens minted before fail at once on the db authenticator; the stateless "
            "one accepts them until they expire. A wrong `old_password` is a 400 and counts as "
            "a failed login."
        ),
    )
    def post(self, request):
        serializer = PasswordChangeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        password_change(
            request=request,
            user=request.user,
            old_password=serializer.validated_data["old_password"],
            new_password=serializer.validated_data["new_password"],
            keep_session=auth_kind(request) == "session",
        )
        return Response(status=204)


class LogoutAllApi(APIView):
    authentication_classes = ACCOUNT_AUTHENTICATORS

    @extend_schema(
        request=None,
        responses={204: None},
        description=(
            "End every session of the user (the caller's included) and revoke every "
            "refresh-token sign-in (`signed_out_everywhere`). Access tokens keep working "
            "until they expire, on both authenticators."
        ),
    )
    def post(self, request):
        by_session = auth_kind(request) == "session"
        sign_out_everywhere(request=request, user=request.user, by_session=by_session)
        response = Response(status=204)
        if by_session:
            csrf_cookie_delete(response=response)
        return response
