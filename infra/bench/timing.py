"""Per-call timing for in-process microbenchmarks: calibrated loops, best of several repeats.

On a shared machine a loop can only be slowed down by neighbours, never sped up, so the best
repeat is the closest to the code's own cost. Pure computation is timed in process CPU time,
which a descheduled process does not accumulate; calls that wait on a server use wall time.
"""

import time
from collections.abc import Callable

REPEATS = 9
CPU = time.process_time
WALL = time.perf_counter


def per_call_us(
    call: Callable[[], object], *, clock: Callable[[], float] = CPU, repeat_seconds: float = 0.04
) -> float:
    """Microseconds per call: the fastest of REPEATS loops of about repeat_seconds each."""
    call()  # the first call pays for lazy imports and caches; it is not the steady state
    number = _calibrate(call, repeat_seconds)
    best = float("inf")
    for _ in range(REPEATS):
        started = clock()
        for _ in range(number):
            call()
        best = min(best, (clock() - started) / number)
    return round(best * 1e6, 2)


def _calibrate(call: Callable[[], object], repeat_seconds: float) -> int:
    number = 1
    while True:
        started = WALL()
        for _ in range(number):
            call()
        elapsed = WALL() - started
        if elapsed >= repeat_seconds / 4 or number >= 1_000_000:
            return max(1, int(number * repeat_seconds / max(elapsed, 1e-9)))
        number *= 4
