"""Input and output shapes shared by the session and JWT flows."""

from rest_framework import serializers


class CredentialsInputSerializer(serializers.Serializer):
    # Bounded so that a megabyte of "username" is a 400, not a slow hash.
    username = serializers.CharField(max_length=150, trim_whitespace=False)
    password = serializers.CharField(max_length=1024, trim_whitespace=False)


class UserOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
