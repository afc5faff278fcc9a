"""Test-only hooks for live servers: hold one note request at a chosen point until released.

Loaded by `held_notes_settings`, never by the product. Two points, chosen by the title's start:
- HOLD_IN_TRANSACTION: the note is being saved, its Idempotency-Key claimed and committed (a
  repeat now meets the running request; a crash now leaves the claim behind);
- HOLD_ANSWER_PREFIX: everything is committed and the 201 is built but not yet sent (a crash
  now loses only the answer).
Only the first such request is held, on whichever replica: it writes that replica's name to
NOTE_HOLD_MARKER (so the test knows whom to kill), then waits on the named pipe NOTE_HOLD_FIFO:
opening it blocks until the test opens the writing end (`open_gate`), reading it until the
test closes that end (`release`) or kills the server.
"""

import errno
import os
import time
from pathlib import Path

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import pre_save

HOLD_IN_TRANSACTION = "held in its transaction"
HOLD_ANSWER_PREFIX = "held before its answer"
FIFO_VARIABLE = "NOTE_HOLD_FIFO"
MARKER_VARIABLE = "NOTE_HOLD_MARKER"
LEASE_VARIABLE = "NOTE_HOLD_LEASE_SECONDS"  # the three are read by held_notes_settings
SETTINGS_MODULE = "tests.support.held_notes_settings"
REPLAYED_HEADER = "Idempotent-Replayed"


def _hold_the_first() -> None:
    try:
        with open(settings.NOTE_HOLD_MARKER, "x") as marker:
            marker.write(settings.REPLICA_NAME)
    except FileExistsError:
        return
    with open(settings.NOTE_HOLD_FIFO, "rb") as gate:
        gate.read()


def _hold_in_transaction(sender, instance, **kwargs):
    if instance._state.adding and instance.title.startswith(HOLD_IN_TRANSACTION):
        _hold_the_first()


class HoldAnswerMiddleware:
    """Holds the first note answer whose title starts with HOLD_ANSWER_PREFIX."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        data = getattr(response, "data", None)
        title = data.get("title", "") if isinstance(data, dict) else ""
        if title.startswith(HOLD_ANSWER_PREFIX) and REPLAYED_HEADER not in response:
            _hold_the_first()
        return response


class HeldNotesConfig(AppConfig):
    name = "tests.support.held_notes"
    label = "held_notes"

    def ready(self):
        from backend.notes.models import Note

        pre_save.connect(_hold_in_transaction, sender=Note, dispatch_uid="held_notes")


def environment(folder: Path, *, lease_seconds: int | None = None) -> dict[str, str]:
    """The variables the hooks read (beside DJANGO_SETTINGS_MODULE=SETTINGS_MODULE); makes
    the pipe in `folder`. `lease_seconds` shortens the Idempotency-Key lease."""
    gate = folder / "gate"
    os.mkfifo(gate)
    env = {FIFO_VARIABLE: str(gate), MARKER_VARIABLE: str(folder / "held-by")}
    if lease_seconds is not None:
        env[LEASE_VARIABLE] = str(lease_seconds)
    return env


def open_gate(env: dict[str, str], timeout: float = 15.0) -> int:
    """The pipe's writing end, once a held request has opened the reading end."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return os.open(env[FIFO_VARIABLE], os.O_WRONLY | os.O_NONBLOCK)
        except OSError as error:  # ENXIO: no reader yet, i.e. no request held yet
            if error.errno != errno.ENXIO or time.monotonic() > deadline:
                raise
        time.sleep(0.01)


def release(env: dict[str, str]) -> None:
    """Let a held request go, if one is held (a killed one is not)."""
    try:
        os.close(os.open(env[FIFO_VARIABLE], os.O_WRONLY | os.O_NONBLOCK))
    except OSError as error:
        if error.errno != errno.ENXIO:
            raise


def holder(env: dict[str, str], timeout: float = 15.0) -> str:
    """The replica that holds the held request, once it holds it."""
    marker = Path(env[MARKER_VARIABLE])
    deadline = time.monotonic() + timeout
    while not marker.exists() or not marker.read_text():
        if time.monotonic() > deadline:
            raise TimeoutError("no replica held the answer in time")
        time.sleep(0.01)
    return marker.read_text()
