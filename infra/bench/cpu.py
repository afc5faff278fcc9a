"""CPU seconds spent by the processes that serve one case: a cost that neighbours barely move.

Throughput on a shared 2-core machine swings with whatever else runs; the CPU our own
processes burn per request does not. Counted: the gunicorn master and workers, the private
redis-server, and the PostgreSQL backends connected to the private database (Linux /proc).
"""

import os
from collections.abc import Callable, Iterable
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PROC = Path("/proc")


def cpu_seconds(pid: int) -> float:
    """CPU time of one process, all threads; 0 if it is gone.

    schedstat counts nanoseconds; utime + stime in stat count 10 ms ticks, too coarse for
    a DB backend that spends a few milliseconds per second of load.
    """
    try:
        return (
            sum(
                int((task / "schedstat").read_text().split()[0])
                for task in (PROC / str(pid) / "task").iterdir()
            )
            / 1e9
        )
    except (OSError, ValueError):
        return _stat_cpu_seconds(pid)


def _stat_cpu_seconds(pid: int) -> float:
    try:
        raw = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return 0.0
    # Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    fields = raw[raw.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def session_pids(session_id: int) -> list[int]:
    """Every live process in a session: a gunicorn master started in its own session + workers."""
    pids = []
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        fields = raw[raw.rindex(")") + 2 :].split()
        if int(fields[3]) == session_id:  # field 6: session id
            pids.append(int(entry.name))
    return pids


class CpuMeter:
    """CPU seconds used by a changing set of processes between start() and stop()."""

    def __init__(self, pids: Callable[[], Iterable[int]]):
        self._pids = pids
        self._before: dict[int, float] = {}

    def start(self) -> None:
        self._before = {pid: cpu_seconds(pid) for pid in self._pids()}

    def stop(self) -> float:
        # A process that appeared during the run (a new DB backend) counts from zero.
        return sum(cpu_seconds(pid) - self._before.get(pid, 0.0) for pid in self._pids())
