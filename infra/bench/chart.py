"""The PNG beside latest.json: throughput ratio per auth style, stock and tuned side by side, and
server state per login."""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: no display on servers and in CI
import matplotlib.pyplot as plt

MEETS, MISSES, NO_TARGET, STOCK = "#2e7d32", "#c62828", "#5c6bc0", "#b0bec5"
BAR = 0.38


def write_chart(results: dict, path: Path) -> Path:
    cases = results["cases"]
    figure, (ratios, state) = plt.subplots(
        1, 2, figsize=(14, 6), gridspec_kw={"width_ratios": [3, 2]}
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


def _tuned_color(case: dict) -> str:
    if case["meets_target"] is None:
        return NO_TARGET
    return MEETS if case["meets_target"] else MISSES


def _ratio_panel(axes, cases: list[dict]) -> None:
    styles = list(dict.fromkeys(case["style"] for case in cases if case["name"] != "noauth"))
    by_name = {case["name"]: case for case in cases}
    widest = 1.0
    for row, style in enumerate(styles):
        for offset, case, color in (
            (-BAR / 2, by_name.get(f"{style}_stock"), STOCK),
            (BAR / 2, by_name.get(style), None),
        ):
            if case is None:
                continue
            y = row + offset
            value = case["ratio_median"]
            widest = max(widest, value)
            axes.barh(y, value, height=BAR, color=color or _tuned_color(case))
            text = f"{value:.2f}x {'tuned' if case['tuned'] else 'stock'}"
            if case.get("gain_median"):
                text += f" (gain {case['gain_median']:.2f}x)"
            # Right of the bar and of its target line, so the figure never sits on the dashes.
            axes.text(max(value, case["target"] or 0) + 0.01, y, text, va="center", fontsize=8)
            if case["target"] is not None:
                axes.plot([case["target"]] * 2, [y - BAR / 2, y + BAR / 2], "k--")
            if case.get("cpu_ratio_median"):
                axes.plot(case["cpu_ratio_median"], y, "kD", markersize=4)
    axes.set_yticks(range(len(styles)), styles)
    axes.invert_yaxis()
    axes.set_xlim(0, widest + 0.45)
    axes.set_xlabel(
        "req/s ÷ no-auth req/s run just before and after, median   (dashed: target, ◆: from CPU)"
    )
    axes.set_title("Throughput relative to no auth: stock (grey) and tuned (LAB_TUNING=1)")


def _state_panel(axes, cases: list[dict]) -> None:
    names = [
        case["style"] + ("\n(refresh token rows)" if case["style"].startswith("jwt") else "")
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
