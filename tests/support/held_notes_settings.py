"""The test settings plus the hooks of tests/support/held_notes.py."""

import os

from backend.config.settings.test import *  # noqa: F403
from tests.support.held_notes import LEASE_VARIABLE

INSTALLED_APPS = [*INSTALLED_APPS, "tests.support.held_notes.HeldNotesConfig"]  # noqa: F405
MIDDLEWARE = [*MIDDLEWARE, "tests.support.held_notes.HoldAnswerMiddleware"]  # noqa: F405
# A short lease lets a test watch a dead request's claim run out (backend/notes/idempotency.py).
if os.environ.get(LEASE_VARIABLE):
    IDEMPOTENCY_LEASE_SECONDS = int(os.environ[LEASE_VARIABLE])
