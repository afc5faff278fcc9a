"""Bounded load through the load balancer: a fixed number of requests, a time limit, a tally.

Each worker thread has its own LabClient (requests sessions are not shared between threads);
the load runs in the background so that the caller can break a replica in the middle of it.
"""

import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import requests

from infra.cluster.client import LabClient, replica_of

NO_RESPONSE = 0  # the status recorded when the connection failed and no response came back


@dataclass(frozen=True)
class Outcome:
    index: int
    method: str
    status: int
    replica: str
    error: str = ""


Request = Callable[[LabClient, int], requests.Response]


class Load:
    """`count` requests spread over the clients' threads, stopped at `time_limit` seconds."""

    def __init__(
        self, clients: list[LabClient], request: Request, *, count: int, time_limit: float = 30.0
    ):
        self.clients = clients
        self.request = request
        self.count = count
        self.deadline = 0.0
        self.time_limit = time_limit
        self.outcomes: list[Outcome] = []
        self._next_index = 0
        self._running: set[int] = set()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._work, args=(c,)) for c in clients]

    def start(self) -> "Load":
        self.deadline = time.monotonic() + self.time_limit
        for thread in self._threads:
            thread.start()
        return self

    @property
    def issued(self) -> int:
        """How many requests have been handed to a thread so far."""
        with self._lock:
            return self._next_index

    def in_flight(self) -> set[int]:
        """The indices of the requests sent and not answered yet."""
        with self._lock:
            return set(self._running)

    def wait_for(self, done: int) -> None:
        """Block until `done` requests have completed (or the time limit has passed)."""
        while len(self.outcomes) < done and time.monotonic() < self.deadline:
            time.sleep(0.005)

    def join(self) -> list[Outcome]:
        for thread in self._threads:
            thread.join()
        return sorted(self.outcomes, key=lambda outcome: outcome.index)

    def run(self) -> list[Outcome]:
        return self.start().join()

    def _take_index(self) -> int | None:
        with self._lock:
            if self._next_index >= self.count or time.monotonic() > self.deadline:
                return None
            self._next_index += 1
            self._running.add(self._next_index - 1)
            return self._next_index - 1

    def _work(self, client: LabClient) -> None:
        while (index := self._take_index()) is not None:
            try:
                response = self.request(client, index)
                outcome = Outcome(index, response.request.method, response.status_code,
                                  replica_of(response))  # fmt: skip
            except requests.RequestException as error:
                outcome = Outcome(index, "?", NO_RESPONSE, "-", error=type(error).__name__)
            with self._lock:
                self.outcomes.append(outcome)
                self._running.discard(index)


def tally(outcomes: list[Outcome]) -> dict[str, Counter]:
    """replica -> Counter of statuses."""
    table: dict[str, Counter] = defaultdict(Counter)
    for outcome in outcomes:
        table[outcome.replica][outcome.status] += 1
    return dict(table)
