"""What reached the attacker: stolen tokens and cookies, kept in this process's memory only.

A bounded deque (COLLECTOR_MAX_ENTRIES, the oldest dropped first); nothing is ever written to
disk, and the site's gunicorn keeps no access log (a stolen token can ride in a query string).
"""

import itertools
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from infra.attacker_site.site_config import COLLECTOR_MAX_ENTRIES

# The fields a payload may send, and which of them are credentials the replay can use.
TOKEN_FIELDS = ("access", "refresh")
TEXT_FIELDS = ("source", "storage", "cookies", "memory", "csp", "page")
FIELD_MAX_CHARS = 4096


@dataclass
class Loot:
    id: int
    at: float
    channel: str  # how it arrived: "navigation", "form post", "replay"
    tokens: dict[str, str]
    facts: dict[str, str]
    events: list[str] = field(default_factory=list)

    def public(self) -> dict:
        """For the page: the facts, and each token shortened (the server keeps it whole)."""
        return {
            "id": self.id,
            "at": self.at,
            "channel": self.channel,
            "tokens": {name: shorten(value) for name, value in self.tokens.items()},
            # The attacker's own page may use them (the bearer-from-this-browser attempt).
            "raw": self.tokens,
            "facts": self.facts,
            "events": self.events,
        }


def shorten(token: str) -> str:
    return f"{token[:12]}…{token[-6:]} ({len(token)} chars)" if len(token) > 24 else token


class Collector:
    def __init__(self, max_entries: int = COLLECTOR_MAX_ENTRIES):
        self._entries: deque[Loot] = deque(maxlen=max_entries)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def add(self, fields: dict[str, str], *, channel: str) -> Loot:
        tokens = {name: fields[name][:FIELD_MAX_CHARS] for name in TOKEN_FIELDS if fields.get(name)}
        facts = {name: fields[name][:FIELD_MAX_CHARS] for name in TEXT_FIELDS if fields.get(name)}
        with self._lock:
            loot = Loot(next(self._ids), time.time(), channel, tokens, facts)
            self._entries.append(loot)
        return loot

    def get(self, loot_id: int) -> Loot | None:
        with self._lock:
            return next((loot for loot in self._entries if loot.id == loot_id), None)

    def note(self, loot: Loot, event: str) -> None:
        with self._lock:
            loot.events.append(event)

    def entries(self) -> list[dict]:
        with self._lock:
            return [loot.public() for loot in reversed(self._entries)]

    def __len__(self) -> int:
        return len(self._entries)


# The one collector of this process (gunicorn runs one worker: see launcher.py).
COLLECTOR = Collector()
