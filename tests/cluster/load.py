"""Bounded load through the load balancer: a fixed number of requests and a time limit.

Each thread has its own client (an ApiClient is not shared between threads); the load runs in
the background so that a test can break a replica in the middle of it. A request is a function
of (client, index) that returns the (status, replica) of its final answer.
"""

import threading
import time
from dataclasses import dataclass

from mobile_client.apiclient import ApiError

NO_RESPONSE = 0  # the status recorded when no answer came back


@dataclass(frozen=True)
class Outcome:
    index: int
    status: int
    replica: str
    error: str = ""


class Load:
    """`count` requests spread over the clients' threads, stopped at `time_limit` seconds."""

    def __init__(self, clients, request, *, count: int, time_limit: float = 30.0):
        self.request, self.count, self.time_limit = request, count, time_limit
        self.outcomes: list[Outcome] = []
        self.issued = 0  # requests handed to a thread so far
        self._deadline = 0.0
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._work, args=(c,)) for c in clients]

    def start(self) -> "Load":
        self._deadline = time.monotonic() + self.time_limit
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        """Hand out no more requests; those in flight finish."""
        with self._lock:
            self.count = self.issued

    def join(self) -> list[Outcome]:
        for thread in self._threads:
            thread.join()
        return sorted(self.outcomes, key=lambda outcome: outcome.index)

    def _next_index(self) -> int | None:
        with self._lock:
            if self.issued >= self.count or time.monotonic() > self._deadline:
                return None
            self.issued += 1
            return self.issued - 1

    def _work(self, client) -> None:
        while (index := self._next_index()) is not None:
            try:
                outcome = Outcome(index, *self.request(client, index))
            except ApiError as error:
                outcome = Outcome(index, error.status or NO_RESPONSE, "-", str(error))
            with self._lock:
                self.outcomes.append(outcome)
