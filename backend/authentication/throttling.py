"""Failed-login throttling: per username and per client address; successes never count.

DRF's throttles count every request, which would throttle a matrix of successful logins, so
this counts only failures. Counters live in the default cache, which is Redis when REDIS_URL
is set: then the limit holds across replicas behind a load balancer.

An attempt is counted *before* the password is hashed and given back if it succeeds. Checking
first and counting after the hash would let a burst of parallel guesses all pass the check
while none has been counted yet; with the count taken first (an atomic increment), at most
`limit` guesses are ever being checked or have failed within one window.

The window opens at the first attempt and closes `window` seconds later.
"""

import contextlib
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
        # DRF's client identity: the TCP peer, or the entry NUM_PROXIES from the right of
        # X-Forwarded-For when trusted proxies append to it (never a client-chosen entry).
        address = BaseThrottle().get_ident(request)
        user_digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
        self.keys = (f"{KEY_PREFIX}:user:{user_digest}", f"{KEY_PREFIX}:addr:{address}")
        self.limit = settings.LOGIN_FAILURE_LIMIT
        self.window = settings.LOGIN_FAILURE_WINDOW_SECONDS

    def count_attempt(self) -> None:
        """Count this attempt; raise Throttled (429, Retry-After) if it is over the limit.

        A refused attempt is not left on the counters: being throttled costs nothing more.
        """
        try:
            counts = [self._increment(key) for key in self.keys]
            if all(count <= self.limit for count in counts):
                return
            self._decrement_all()
            opened = cache.get_many([f"{key}:t0" for key in self.keys])
        except store_errors() as error:
            # Failing closed: without counters, password guessing would be unlimited.
            raise LoginThrottleUnavailable() from error
        now = time.time()
        wait = max(
            max(1.0, opened.get(f"{key}:t0", now) + self.window - now)
            for key, count in zip(self.keys, counts, strict=True)
            if count > self.limit
        )
        raise Throttled(
            wait=wait, detail=f"Too many failed logins. Try again in {int(wait + 0.999)} seconds."
        )

    def forget_attempt(self) -> None:
        """Give back the attempt counted for a login that succeeded."""
        try:
            self._decrement_all()
        except store_errors() as error:
            raise LoginThrottleUnavailable() from error

    def _increment(self, key: str) -> int:
        cache.add(f"{key}:t0", time.time(), self.window)
        cache.add(f"{key}:n", 0, self.window)
        try:
            return cache.incr(f"{key}:n")
        except ValueError:
            # The counter expired between add and incr: open a new window.
            cache.add(f"{key}:n", 0, self.window)
            return cache.incr(f"{key}:n")

    def _decrement_all(self) -> None:
        for key in self.keys:
            # ValueError: the window closed meanwhile, nothing left to give back.
            with contextlib.suppress(ValueError):
                cache.decr(f"{key}:n")
