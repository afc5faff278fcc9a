"""Entries of the log pane: every exchange, and every failure even when nothing was sent."""

import time
from dataclasses import dataclass

from ..apiclient import ApiError, Exchange

MAX_ENTRIES = 200


@dataclass(frozen=True)
class LogEntry:
    kind: str  # "ok", "refused" (4xx), "failed" (5xx or no response), "error"
    summary: str
    detail: str


def entry_for_exchange(exchange: Exchange) -> LogEntry:
    if exchange.error or (exchange.status or 0) >= 500:
        kind = "failed"
    elif (exchange.status or 0) >= 400:
        kind = "refused"
    else:
        kind = "ok"
    return LogEntry(kind, f"{_clock()}  {exchange.summary()}", exchange.describe())


def entry_for_error(error: ApiError) -> LogEntry:
    name = type(error).__name__
    return LogEntry("error", f"{_clock()}  {name}: {error}", f"{name}\n\n{error}")


def _clock() -> str:
    return time.strftime("%H:%M:%S")
