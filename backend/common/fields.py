"""Serializer fields whose validation is what the schema says it is."""

from rest_framework import serializers


class StrictCharField(serializers.CharField):
    """DRF's CharField, except that a JSON number is refused like any other non-string.

    DRF coerces numbers into strings (`{"title": 0}` is stored as "0"), while the schema it
    generates says `type: string`; here a number is the 400 "Not a valid string." that DRF
    already answers for a boolean, a list or an object.
    """

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)
