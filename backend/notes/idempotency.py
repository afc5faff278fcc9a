"""The Idempotency-Key request header (IETF httpapi draft "The Idempotency-Key HTTP Header
Field"): its published format, the request fingerprint, the errors and the time limits.

Format (the draft asks a server to fix and publish one): the field is a Structured Field
String (RFC 8941 §3.3.3), e.g. `Idempotency-Key: "8e03978e-40d5-43e8-bc93-6894a57f9324"`,
whose value is 1-255 visible ASCII characters or spaces; `\\"` and `\\\\` are its escapes.
Parameters, lists and unquoted tokens are refused with a 400, so there is one spelling per key.
"""

import hashlib
import json
import math
import re
from datetime import datetime

from django.utils import timezone
from rest_framework import status
from rest_framework.exceptions import APIException

from backend.common.headers import IDEMPOTENCY_KEY
from backend.notes.models import IDEMPOTENCY_KEY_MAX_LENGTH

HEADER = IDEMPOTENCY_KEY
# The header's whole published format, for `parse_key` and the schema alike: a quoted string of
# 1-IDEMPOTENCY_KEY_MAX_LENGTH characters, each visible ASCII or space, or an escaped `"` or `\`.
SF_STRING_PATTERN = (
    r'^"((?:[\x20\x21\x23-\x5B\x5D-\x7E]|\\["\\])' + f"{{1,{IDEMPOTENCY_KEY_MAX_LENGTH}}})" + r'"$'
)
_SF_STRING = re.compile(SF_STRING_PATTERN)
_ESCAPE = re.compile(r'\\(["\\])')

# The lease (settings.IDEMPOTENCY_LEASE_SECONDS) is gunicorn's --timeout, after which a sync
# worker still on the request is killed. A request that outlives its lease anyway (a thread
# worker) is fenced off at its commit (services.py): it rolls back, it never doubles the note.
# Finished answers are replayed for settings.IDEMPOTENCY_RETENTION_SECONDS; `prune_auth_state`
# deletes older ones.


class InvalidIdempotencyKey(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = (
        f"{HEADER} must be one quoted string of 1-{IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII "
        "characters (an RFC 8941 sf-string), e.g. "
        f'{HEADER}: "8e03978e-40d5-43e8-bc93-6894a57f9324".'
    )
    default_code = "idempotency_key_invalid"


class IdempotencyKeyReused(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = (
        f"This {HEADER} was already used for a request with a different body. "
        "Send a new key for a new note; repeat a request only with its own body."
    )
    default_code = "idempotency_key_reused"


class IdempotencyKeyInProgress(APIException):
    """409 with Retry-After (DRF's exception handler sends `wait` as that header)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = (
        f"A request with this {HEADER} is still being processed. Repeat it after the "
        "Retry-After seconds to get its answer; it will not be carried out twice."
    )
    default_code = "idempotency_key_in_progress"

    def __init__(self, *, until: datetime | None = None):
        super().__init__()
        left = (until - timezone.now()).total_seconds() if until else 0
        self.wait = max(1, math.ceil(left))


def parse_key(header: str | None) -> str | None:
    """The key carried by the header's value, None without the header, or a 400."""
    if header is None:
        return None
    match = _SF_STRING.fullmatch(header.strip(" "))
    if match is None:
        raise InvalidIdempotencyKey()
    return _ESCAPE.sub(r"\1", match.group(1))


def fingerprint(operation: str, fields: dict) -> str:
    """A digest of what the request asks for: a repeat with other content is a 422."""
    canonical = json.dumps([operation, fields], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
