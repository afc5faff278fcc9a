"""Interleaved load rounds: A B C … A B C …, so drift and neighbours' noise hit every case alike."""

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

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


def run_rounds(
    targets: list[Target],
    *,
    rounds: int,
    seconds: float,
    connections: int,
    progress: Callable[[str], None],
) -> list[Sample]:
    samples = []
    total = rounds * len(targets)
    started = time.monotonic()
    for round_number in range(rounds):
        for target in targets:
            result, cpu_us = measure(target, seconds=seconds, connections=connections)
            samples.append(Sample(round_number, target.case, result, cpu_us))
            done = len(samples)
            eta = (time.monotonic() - started) / done * (total - done)
            progress(
                f"round {round_number + 1}/{rounds} {target.case:<18} "
                f"{result.rps:8.0f} req/s  p50 {result.p50_ms:6.2f} ms  "
                f"p99 {result.p99_ms:6.2f} ms  cpu {cpu_us:5.0f} µs/req   "
                f"[{done}/{total}, ~{eta:.0f} s left]"
            )
    return samples
