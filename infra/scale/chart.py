"""The PNG beside scale.json: state per store against live sessions (log-log, extrapolations
dashed), and /me's p99 and p50 against live sessions."""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: no display on servers and in CI
import matplotlib.pyplot as plt

from infra.scale.capacity import TypicalServer, extrapolated

COLORS = {"db": "#1565c0", "cached_db": "#6a1b9a", "redis": "#c62828", "memory": "#2e7d32",
          "jwt": "#ef6c00"}  # fmt: skip
LABELS = {
    "db": "db (PostgreSQL table)",
    "cached_db": "cached_db (table + Redis copy)",
    "redis": "redis (used_memory)",
    "memory": "memory (RSS, per replica)",
    "jwt": "JWT rotation, per sign-in active 24 h",
}


def write_chart(results: dict, path: Path, server: TypicalServer) -> Path:
    figure, (state, latency) = plt.subplots(1, 2, figsize=(14, 6))
    for name, store in results["stores"].items():
        _state_line(state, name, store, server)
        _latency_lines(latency, name, store, server)
    state.set(xscale="log", yscale="log", xlabel="live sessions (JWT: users refreshing all day)",
              ylabel="bytes of server state",
              title="Server state vs live sessions (dashed: extrapolated)")  # fmt: skip
    state.axhline(server.usable_bytes, color="grey", linestyle=":", linewidth=1)
    state.text(1e3, server.usable_bytes * 1.2, f"{server.usable_fraction:.0%} of "
               f"{server.ram_gib} GiB RAM", fontsize=8, color="grey")  # fmt: skip
    state.legend(fontsize=8, loc="upper left")
    state.grid(True, which="major", alpha=0.3)
    latency.set(xscale="log", yscale="log", xlabel="live sessions (JWT: refresh-token rows)",
                ylabel="ms", title="GET /api/auth/me/: p99 (solid), p50 (dotted)")  # fmt: skip
    latency.legend(fontsize=8, loc="upper left")
    latency.grid(True, which="major", alpha=0.3)
    figure.suptitle(
        f"{results['machine']['cpu_model']}, {results['machine']['cpu_cores']} cores, "
        f"{results['database']}, "
        f"{results['generated_at'][:10]} (this machine only; load average "
        f"{results['load_average']['start'][0]:.1f} at start, "
        f"{results['load_average']['end'][0]:.1f} at end: the p99s carry it)",
        fontsize=10,
    )
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def _x(name: str, live: float, server: TypicalServer) -> float:
    """JWT steps count refresh-token rows; a user refreshing all day leaves this many."""
    return live / server.refreshes_per_day if name == "jwt" else live


def _state_line(axes, name: str, store: dict, server: TypicalServer) -> None:
    points = [(_x(name, s["live"], server), s["bytes"]) for s in store["steps"] if s["bytes"] > 0]
    if not points:
        return
    axes.plot(*zip(*points, strict=True), "o-", color=COLORS[name], label=LABELS[name])
    last = points[-1]
    ahead = [(_x(name, size, server), value) for size, value in extrapolated(store).items()]
    if name == "jwt":  # per user: extend to the sizes the session stores reach
        per_user = last[1] / last[0]
        ahead = [(users, users * per_user) for users in (1e5, 1e6, 1e8) if users > last[0]]
    if ahead:
        axes.plot(*zip(last, *ahead, strict=True), "--", color=COLORS[name], alpha=0.6)


def _latency_lines(axes, name: str, store: dict, server: TypicalServer) -> None:
    lives = [s["live"] for s in store["steps"]]
    axes.plot(lives, [s["p99_ms"] for s in store["steps"]], "o-", color=COLORS[name],
              label=name)  # fmt: skip
    axes.plot(lives, [s["p50_ms"] for s in store["steps"]], ":", color=COLORS[name])
