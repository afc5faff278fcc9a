"""Runs wrk against one URL and returns requests/s and exact latency percentiles."""

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from infra.servers import find_program

REPORTER = Path(__file__).with_name("latency.lua")
RESULT_PREFIX = "BENCH_RESULT "


class LoadError(RuntimeError):
    """A load run that measured something other than the case (errors, refusals, 401s)."""


@dataclass(frozen=True)
class LoadResult:
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float


def require_wrk() -> str:
    return find_program("wrk")


def run_wrk(
    url: str, *, headers: dict[str, str], seconds: float, connections: int, threads: int = 1
) -> LoadResult:
    """One bounded wrk run; raises LoadError if any response was not 2xx."""
    command = [
        require_wrk(),
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={max(1, round(seconds))}s",
        "--timeout=5s",
        f"--script={REPORTER}",
    ]
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    command.append(url)
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 30, check=False
    )
    if completed.returncode != 0:
        raise LoadError(f"wrk failed ({completed.returncode}): {completed.stderr.strip()}")
    return parse_report(completed.stdout, url=url)


def parse_report(stdout: str, *, url: str) -> LoadResult:
    lines = [line for line in stdout.splitlines() if line.startswith(RESULT_PREFIX)]
    if not lines:
        raise LoadError(f"wrk printed no result for {url}:\n{stdout}")
    raw = json.loads(lines[-1][len(RESULT_PREFIX) :])
    if raw["requests"] == 0:
        raise LoadError(f"wrk completed no request against {url}")
    if raw["non_2xx"]:
        # A benchmark of 401s or 503s would report the price of failing, not of authenticating.
        raise LoadError(f"{raw['non_2xx']} of {raw['requests']} responses from {url} were not 2xx")
    if raw["socket_errors"] > raw["requests"] // 100:
        raise LoadError(f"{raw['socket_errors']} socket errors against {url}")
    return LoadResult(
        requests=raw["requests"],
        rps=raw["requests"] / (raw["duration_us"] / 1e6),
        p50_ms=raw["p50_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
    )
