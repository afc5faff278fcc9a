"""Interleaved load rounds with the baseline run before every auth style: B As At B Cs Ct … B.

The machine's speed drifts within seconds here (neighbours on the host), so a case is compared
with the baseline runs right before and right after it rather than with one baseline run at
the start of its round, which may be 20 s away. A style's stock and tuned servers share one
bracket, run back to back (their order swapped every other round), so the gain of tuning is
read from two runs a few seconds apart.
"""

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from infra.bench.cases import style_of
from infra.bench.cpu import CpuMeter
from infra.bench.wrk import LoadResult, run_wrk


@dataclass(frozen=True)
class Target:
    """One case's loaded URL, the headers that authenticate it, and the processes serving it."""

    case: str
    url: str
    headers: dict
    server_pids: Callable[[], Iterable[int]] = list


@dataclass(frozen=True)
class Sample:
    round: int
    case: str
    result: LoadResult
    cpu_us_per_request: float = 0.0
    sequence: int = 0  # position in the run's time order


def measure(target: Target, *, seconds: float, connections: int) -> tuple[LoadResult, float]:
    """One wrk run, and the server-side CPU microseconds it cost per request."""
    meter = CpuMeter(target.server_pids)
    meter.start()
    result = run_wrk(target.url, headers=target.headers, seconds=seconds, connections=connections)
    return result, meter.stop() / result.requests * 1e6


def warm_up(targets: list[Target], *, seconds: float, connections: int) -> None:
    """Load every server once before measuring: imports, URL caches, DB connections."""
    for target in targets:
        run_wrk(target.url, headers=target.headers, seconds=seconds, connections=connections)


def run_order(targets: Sequence[Target], rounds: int) -> list[tuple[int, Target]]:
    """(round, target) in time order: the baseline (first target) before every style's bracket,
    and once more at the very end so that the last bracket has a baseline after it too."""
    baseline, *cases = targets
    if not cases:
        return [(round_number, baseline) for round_number in range(rounds)]
    brackets: dict[str, list[Target]] = {}
    for target in cases:
        brackets.setdefault(style_of(target.case), []).append(target)
    order = []
    for round_number in range(rounds):
        for bracket in brackets.values():
            members = bracket if round_number % 2 == 0 else bracket[::-1]
            order += [(round_number, target) for target in (baseline, *members)]
    return [*order, (rounds - 1, baseline)]


def run_rounds(
    targets: list[Target],
    *,
    rounds: int,
    seconds: float,
    connections: int,
    progress: Callable[[str], None],
) -> list[Sample]:
    samples = []
    order = run_order(targets, rounds)
    started = time.monotonic()
    for sequence, (round_number, target) in enumerate(order):
        result, cpu_us = measure(target, seconds=seconds, connections=connections)
        samples.append(Sample(round_number, target.case, result, cpu_us, sequence))
        done = len(samples)
        eta = (time.monotonic() - started) / done * (len(order) - done)
        progress(
            f"round {round_number + 1}/{rounds} {target.case:<18} "
            f"{result.rps:8.0f} req/s  p50 {result.p50_ms:6.2f} ms  "
            f"p99 {result.p99_ms:6.2f} ms  cpu {cpu_us:5.0f} µs/req   "
            f"[{done}/{len(order)}, ~{eta:.0f} s left]"
        )
    return samples
