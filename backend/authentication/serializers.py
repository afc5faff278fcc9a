"""Input and output shapes shared by the session and JWT flows."""

from rest_framework import serializers

from backend.common.fields import StrictCharField
from backend.common.schema import error_response


class CredentialsInputSerializer(serializers.Serializer):
    # Bounded so that a megabyte of "username" is a 400, not a slow hash. A blank or non-string
    # value is refused too, as the schema says (minLength 1, type string).
    username = StrictCharField(max_length=150, trim_whitespace=False)
    password = StrictCharField(max_length=1024, trim_whitespace=False)


class UserOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


# Both login flows share the failed-login limit (authentication/throttling.py).
LOGIN_THROTTLED = error_response(
    "Too many failed logins for this username or from this address; even the right password "
    "is refused until Retry-After seconds have passed."
)
