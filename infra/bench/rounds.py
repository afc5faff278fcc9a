"""Interleaved load rounds with the baseline run before every case: B A B C B … B.

The machine's speed drifts within seconds here (neighbours on the host), so a case is compared
with the baseline runs right before and right after it rather than with one baseline run at
the start of its round, which may be 20 s away.
"""

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from infra.bench.cpu import CpuMeter
from infra.bench.wrk import LoadResult, run_wrk

T = TypeVar("T")  # a Target, or a Case when counting runs ahead


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


def run_order(targets: Sequence[T], rounds: int) -> list[tuple[int, T]]:
    """(round, target) in time order: the baseline (first target) before every case, and once
    more at the very end so that the last case has a baseline after it too."""
    baseline, *cases = targets
    if not cases:
        return [(round_number, baseline) for round_number in range(rounds)]
    order = [
        (round_number, target)
        for round_number in range(rounds)
        for case in cases
        for target in (baseline, case)
    ]
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
