"""A JSON parser that refuses pathological bodies with a 400 instead of a 500."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class SafeJSONParser(JSONParser):
    """DRF's JSONParser, plus a 400 for JSON nested deeper than Python's recursion limit.

    Stock DRF only catches ValueError, so `[[[[…]]]]` 5,000 deep escapes as a RecursionError
    and becomes a 500.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError("JSON parse error - the document is nested too deeply.") from error
