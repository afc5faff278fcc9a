"""Failed-login throttling: per username and per client address; successes never count.

DRF's throttles count every request, which would throttle a matrix of successful logins, so
this counts only failures. Counters live in the default cache, which is Redis when REDIS_URL
is set: then the limit holds across replicas behind a load balancer. The window opens at the
first failure and closes `window` seconds later; `add` and `incr` keep the count atomic.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from rest_framework.exceptions import Throttled
from rest_framework.throttling import BaseThrottle

from backend.common.errors import LoginThrottleUnavailable, store_errors

KEY_PREFIX = "login-failures"


class LoginFailureThrottle:
    def __init__(self, request, username: str):
        address = BaseThrottle().get_ident(request)
        user_digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
        self.keys = (f"{KEY_PREFIX}:user:{user_digest}", f"{KEY_PREFIX}:addr:{address}")
        self.limit = settings.LOGIN_FAILURE_LIMIT
        self.window = settings.LOGIN_FAILURE_WINDOW_SECONDS

    def check(self) -> None:
        """Raise Throttled (429 with Retry-After) while either counter is at the limit."""
        now = time.time()
        try:
            stored = cache.get_many([f"{key}:{part}" for key in self.keys for part in ("n", "t0")])
        except store_errors() as error:
            # Failing closed: without counters, password guessing would be unlimited.
            raise LoginThrottleUnavailable() from error
        waits = []
        for key in self.keys:
            count = stored.get(f"{key}:n", 0)
            opened = stored.get(f"{key}:t0", now)
            if count >= self.limit:
                waits.append(max(1.0, opened + self.window - now))
        if waits:
            wait = max(waits)
            raise Throttled(
                wait=wait,
                detail=f"Too many failed logins. Try again in {int(wait + 0.999)} seconds.",
            )

    def record_failure(self) -> None:
        try:
            self._count_failure()
        except store_errors() as error:
            raise LoginThrottleUnavailable() from error

    def _count_failure(self) -> None:
        now = time.time()
        for key in self.keys:
            cache.add(f"{key}:t0", now, self.window)
            if not cache.add(f"{key}:n", 1, self.window):
                try:
                    cache.incr(f"{key}:n")
                except ValueError:
                    # The counter expired between add and incr: start a new window.
                    cache.set(f"{key}:n", 1, self.window)
