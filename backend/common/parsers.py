"""Reading request input: JSON bodies that refuse pathological nesting, query strings as data."""

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


def query_data(request) -> dict[str, str]:
    """The query string as a serializer's `data`, the last value of each name winning.

    A plain dict, not DRF's QueryDict: serializers read a QueryDict as an HTML form, where an
    empty value means "field left out". In a query string `?cookie_policy=` is a value, and
    validated like any other (so an empty name is refused rather than silently defaulted).
    """
    return request.query_params.dict()
