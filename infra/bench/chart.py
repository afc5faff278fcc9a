"""The PNG beside latest.json: throughput ratio per mode, and server state per login."""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: no display on servers and in CI
import matplotlib.pyplot as plt

MEETS, MISSES, NEUTRAL = "#2e7d32", "#c62828", "#78909c"


def write_chart(results: dict, path: Path) -> Path:
    cases = results["cases"]
    figure, (ratios, state) = plt.subplots(
        1, 2, figsize=(13, 5), gridspec_kw={"width_ratios": [3, 2]}
    )
    _ratio_panel(ratios, cases)
    _state_panel(state, [case for case in cases if case.get("state")])
    figure.suptitle(
        f"{results['cpu_model']}, {results['cpu_cores']} cores, {results['generated_at'][:10]}"
        " (this machine only)",
        fontsize=10,
    )
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def _ratio_panel(axes, cases: list[dict]) -> None:
    names = [case["name"] for case in cases]
    values = [case["ratio_median"] for case in cases]
    colors = [
        NEUTRAL if case["meets_target"] is None else MEETS if case["meets_target"] else MISSES
        for case in cases
    ]
    bars = axes.barh(names, values, color=colors)
    for bar, case in zip(bars, cases, strict=True):
        y = bar.get_y() + bar.get_height() / 2
        # Right of the bar and of its target line, so the figure never sits on the dashes.
        label_x = max(bar.get_width(), case["target"] or 0) + 0.01
        axes.text(label_x, y + 0.15, f"{case['ratio_median']:.2f}x", va="center")
        if case["target"] is not None:
            axes.plot([case["target"]] * 2, [bar.get_y(), bar.get_y() + bar.get_height()], "k--")
        if case.get("cpu_ratio_median"):
            axes.plot(case["cpu_ratio_median"], y, "kD", markersize=5)
    axes.invert_yaxis()
    axes.set_xlim(0, max(1.2, *values) + 0.05)
    axes.set_xlabel(
        "req/s ÷ no-auth req/s run just before and after, median   (dashed: target, ◆: from CPU)"
    )
    axes.set_title("Throughput relative to no auth")


def _state_panel(axes, cases: list[dict]) -> None:
    names = [
        f"{case['name']}\n(refresh token row)" if case["name"].startswith("jwt") else case["name"]
        for case in cases
    ]
    server = [case["state"]["server_bytes"] for case in cases]
    client = [case["state"]["client_bytes"] for case in cases]
    positions = range(len(cases))
    axes.barh([p - 0.2 for p in positions], server, height=0.4, label="server state per login")
    axes.barh([p + 0.2 for p in positions], client, height=0.4, label="client sends per request")
    axes.set_yticks(list(positions), names)
    axes.invert_yaxis()
    axes.set_xlabel("bytes")
    axes.set_title("Bytes per login: server state, client per request")
    axes.legend(loc="lower right", fontsize=8)
