"""A burst of parallel password guesses against a real server: at most the limit get checked.

The server hashes with Django's default (PBKDF2) hasher, as production does, so each guess
spends real time in the hash: a throttle that checks its counter before hashing and counts
after would let every guess of the burst through. Guesses are released together by a barrier.
"""

import threading

import requests

from tests.support.live_api import start_api

LIMIT = 10
GUESSES = 40
THREADS = 8


def test_parallel_guesses_never_exceed_the_failure_limit():
    env = {
        # Default hashers (PBKDF2): the local settings, not the fast test hasher.
        "DJANGO_SETTINGS_MODULE": "backend.config.settings.local",
        "LOGIN_FAILURE_LIMIT": str(LIMIT),
        "LOGIN_FAILURE_WINDOW_SECONDS": "300",
    }
    with start_api(env=env, threads=THREADS) as api:
        barrier = threading.Barrier(THREADS)
        statuses: list[int] = []
        lock = threading.Lock()

        def guess(worker: int) -> None:
            session = requests.Session()
            barrier.wait(timeout=30)
            for n in range(worker, GUESSES, THREADS):
                answer = session.post(
                    f"{api.base_url}/api/auth/jwt/token/",
                    json={"username": "alice", "password": f"guess-{n}"},
                    timeout=60,
                )
                with lock:
                    statuses.append(answer.status_code)

        workers = [threading.Thread(target=guess, args=(w,)) for w in range(THREADS)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=120)

        assert len(statuses) == GUESSES, api.log_tail()
        checked = statuses.count(400)
        assert set(statuses) <= {400, 429}
        assert checked <= LIMIT, f"{checked} guesses were checked; the limit is {LIMIT}"
        # The limit is reached, not undercut: each refused guess gave its count back.
        assert checked == LIMIT
