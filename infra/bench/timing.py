"""Per-call timing for in-process microbenchmarks: timeit's calibration and repeats.

On a shared machine a loop can only be slowed down by neighbours, never sped up, so the best
repeat is the closest to the code's own cost (as timeit's own documentation advises). Pure
computation is timed in process CPU time, which a descheduled process does not accumulate;
calls that wait on a server use wall time.
"""

import time
import timeit
from collections.abc import Callable

REPEATS = 9
CPU = time.process_time
WALL = time.perf_counter


def per_call_us(
    call: Callable[[], object], *, clock: Callable[[], float] = CPU, repeat_seconds: float = 0.04
) -> float:
    """Microseconds per call: the fastest of REPEATS loops of about repeat_seconds each."""
    call()  # the first call pays for lazy imports and caches; it is not the steady state
    number, elapsed = timeit.Timer(call).autorange()  # a loop of at least 0.2 s
    number = max(1, round(number * repeat_seconds / elapsed))
    best = min(timeit.Timer(call, timer=clock).repeat(REPEATS, number))
    return round(best / number * 1e6, 2)
