"""Creating a note exactly once over an unreliable network (the API's Idempotency-Key header).

A create carries a key made once per note draft. When no answer arrives, or a gateway answers
502/503/504 (a replica died with the request), the same request is sent again with the same
key: the server either creates the note or replays the answer it already gave, never both.
A 409 means the first request is still running somewhere; its Retry-After says when to ask.
"""

import uuid
from dataclasses import dataclass

HEADER = "Idempotency-Key"
RETRY_STATUSES = frozenset({502, 503, 504})
IN_PROGRESS = 409
ATTEMPTS = 3
# Seconds before the 2nd and 3rd attempt; a 409's Retry-After is honoured up to MAX_WAIT_S.
BACKOFF_S = (0.5, 1.0)
MAX_WAIT_S = 2.0


def new_key() -> str:
    """A fresh key as the header carries it: an RFC 8941 quoted string around a UUID4."""
    return f'"{uuid.uuid4()}"'


def retry_delay(attempt: int, status: int | None, retry_after: str | None = None) -> float | None:
    """Seconds to wait before sending attempt `attempt + 1`, or None to stop.

    `status` is None when no answer arrived at all (refused, reset, timed out).
    """
    if attempt >= ATTEMPTS:
        return None
    backoff = BACKOFF_S[min(attempt, len(BACKOFF_S)) - 1]
    if status is None or status in RETRY_STATUSES:
        return backoff
    if status == IN_PROGRESS:
        asked = float(retry_after) if retry_after and retry_after.isdigit() else backoff
        return min(max(asked, backoff), MAX_WAIT_S)
    return None


@dataclass
class DraftKeys:
    """One key per note draft: sending the same note again after a failure reuses its key.

    Cleared once the server has answered the draft for good (created, or refused its content),
    so writing the same text again later is a new note.
    """

    _body: dict | None = None
    _key: str = ""

    def key_for(self, body: dict) -> str:
        if body != self._body:
            self._body, self._key = dict(body), new_key()
        return self._key

    @property
    def key(self) -> str:
        """The key of the draft not yet settled ("" when there is none)."""
        return self._key

    def settled(self) -> None:
        self._body, self._key = None, ""
