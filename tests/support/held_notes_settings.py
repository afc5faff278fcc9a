"""The test settings plus the hooks of tests/support/held_notes.py."""

import os

from backend.config.settings.test import *  # noqa: F403
from tests.support.held_notes import FIFO_VARIABLE, LEASE_VARIABLE, MARKER_VARIABLE

INSTALLED_APPS = [*INSTALLED_APPS, "tests.support.held_notes.HeldNotesConfig"]  # noqa: F405
MIDDLEWARE = [*MIDDLEWARE, "tests.support.held_notes.HoldAnswerMiddleware"]  # noqa: F405
# The pipe a held request waits on, and the file that names the replica holding it.
NOTE_HOLD_FIFO = os.environ.get(FIFO_VARIABLE, "")
NOTE_HOLD_MARKER = os.environ.get(MARKER_VARIABLE, "")
# A short lease lets a test watch a dead request's claim run out (backend/notes/idempotency.py).
if os.environ.get(LEASE_VARIABLE):
    IDEMPOTENCY_LEASE_SECONDS = int(os.environ[LEASE_VARIABLE])
