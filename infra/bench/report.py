"""Writes latest.json and latest.md beside each other from one results dict."""

import json
from pathlib import Path

MICRO_LABELS = {
    "hmac_sha256_floor": "raw HMAC-SHA256 of the token's signing input (the floor)",
    "pyjwt_decode_hs256": "PyJWT `jwt.decode` HS256 with aud/iss checks",
    "simplejwt_access_token": "simplejwt `AccessToken(token)`",
    "simplejwt_stateless_authenticate": "simplejwt `JWTStatelessUserAuthentication.authenticate`",
    "simplejwt_db_authenticate": "simplejwt `JWTAuthentication.authenticate` (user query)",
    "session_load": "session load",
    "session_load_and_user": "session load + user lookup (`auth.get_user`)",
}


VERDICTS = {None: "", True: "meets target", False: "**MISSES target**"}
TUNING = {False: "stock", True: "tuned"}


def write_results(results: dict, folder: Path, stem: str = "latest") -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    json_path, md_path = folder / f"{stem}.json", folder / f"{stem}.md"
    json_path.write_text(json.dumps(results, indent=2) + "\n")
    md_path.write_text(markdown(results))
    return json_path, md_path


def markdown(results: dict) -> str:
    config = results["config"]
    lines = [
        f"Measured {results['generated_at']} on {results['cpu_model']} "
        f"({results['cpu_cores']} cores), {config['database']} database, "
        f"gunicorn {config['workers']} sync workers, wrk {config['connections']} connections, "
        f"{config['rounds']} interleaved rounds x {config['seconds']} s per server, "
        "the baseline run before every auth style's pair of servers. "
        f"Baseline path: `{config['baseline_path']}`.",
        "",
        "*Stock*: the libraries' own code (Django, DRF, simplejwt, django-redis) with ordinary "
        "settings (persistent connections, prepared statements), `LAB_TUNING=0`. *Tuned*: the "
        "lab's fast paths switched on (`LAB_TUNING=1`, backend/tuning/). Targets hold for the "
        "tuned figures; stock has none. *Gain* is tuned ÷ stock, from the two runs of the same "
        "bracket.",
        "",
        "Requests/s and latencies are **this machine's only** (shared with other work); "
        "ratios compare each server with the baseline runs right before and after its pair. "
        "*CPU ratio* is the same comparison made with the CPU our gunicorn, Redis and "
        "PostgreSQL processes burnt per request: the throughput ratio a machine with nothing "
        "else running would show.",
        "",
        *_noise_warning(results),
        *_style_table(results["cases"]),
        "",
        *_server_table(results["cases"]),
        "",
        *_micro_table(results["cases"]),
        "",
        *_staleness(results["cases"]),
        *_state_table(results["cases"]),
        "",
    ]
    return "\n".join(lines)


def _style_table(cases: list[dict]) -> list[str]:
    """One row per auth style: stock and tuned side by side, the gain, the tuned target."""
    by_name = {case["name"]: case for case in cases}
    lines = [
        "| auth style | stock ratio | tuned ratio | gain (tuned ÷ stock) | target (tuned) "
        "| result | stock CPU ratio | tuned CPU ratio | gain by CPU | result by CPU |",
        "|---|---:|---:|---:|---:|---|---:|---:|---:|---|",
    ]
    styles = dict.fromkeys(case["style"] for case in cases if case["name"] != "noauth")
    for style in styles:
        stock = by_name.get(f"{style}_stock", {})
        tuned = by_name.get(style, {})
        label = (tuned or stock)["label"]
        target = "" if tuned.get("target") is None else f"≥ {tuned['target']:.2f}"
        lines.append(
            f"| {label} (`{style}`) | {_ratio(stock.get('ratio_median'))} | "
            f"{_ratio(tuned.get('ratio_median'))} | {_ratio(tuned.get('gain_median'))} | "
            f"{target} | {VERDICTS[tuned.get('meets_target')]} | "
            f"{_ratio(stock.get('cpu_ratio_median'))} | {_ratio(tuned.get('cpu_ratio_median'))} | "
            f"{_ratio(tuned.get('cpu_gain_median'))} | "
            f"{VERDICTS[tuned.get('meets_target_by_cpu')]} |"
        )
    return lines


def _server_table(cases: list[dict]) -> list[str]:
    lines = [
        "| server | tuning | req/s (median) | p50 ms | p99 ms | ratio to baseline "
        "| server CPU µs/req | CPU ratio |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for case in cases:
        lines.append(
            f"| {case['label']} (`{case['name']}`) | {TUNING[case['tuned']]} | "
            f"{case['rps_median']:.0f} | {case['p50_ms']:.2f} | {case['p99_ms']:.2f} | "
            f"{case['ratio_median']:.2f}x | {case['cpu_us_per_request']:.0f} | "
            f"{_ratio(case['cpu_ratio_median'])} |"
        )
    return lines


def _ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}x"


def _noise_warning(results: dict) -> list[str]:
    if not results.get("noisy"):
        return []
    return [
        "> **Noisy run:** consecutive baseline runs differed by a median of "
        f"{results['baseline_neighbour_change']:.0%} (whole run: "
        f"{results['baseline_rps_spread']:.0%} between slowest and fastest); other work shared "
        "the CPU. Read the CPU ratio alongside.",
        "",
    ]


def _micro_table(cases: list[dict]) -> list[str]:
    lines = ["| in-process, per call | measured in | µs |", "|---|---|---:|"]
    for case in cases:
        for key, value in case.get("micro_us", {}).items():
            lines.append(f"| {MICRO_LABELS.get(key, key)} | `{case['name']}` | {value:.1f} |")
    return lines


def _staleness(cases: list[dict]) -> list[str]:
    """What the tuned Redis copies cost in freshness: the bound, and what was measured."""
    lines = []
    for case in cases:
        s = case.get("tracking_staleness")
        if not s:
            continue
        if s["stale_reads"]:
            measured = (
                f"{s['stale_reads']} reads returned the old value, the latest beginning "
                f"{s['latest_stale_read_us']} µs after its write; the new value was read "
                f"{s['seen_after_p50_us']} µs after a write (median), {s['seen_after_max_us']} µs "
                "at most"
            )
        else:
            measured = "no read returned the old value (the invalidation had always arrived first)"
        lines += [
            f"Tuned Redis reads (`{case['name']}`): a read never returns a value that a write by "
            f"another process, finished more than {s['bound_ms']:.0f} ms before the read began, "
            f"had replaced (the bound, by construction). Measured over {s['writes']} writes by "
            f"another process, each read back at once: {measured}.",
            "",
        ]
    return lines


def _state_table(cases: list[dict]) -> list[str]:
    lines = [
        "| state per login | server bytes | client bytes per request | where |",
        "|---|---:|---:|---|",
    ]
    for case in cases:
        state = case.get("state")
        if not state:
            continue
        where = state["where"]
        if isinstance(where, dict):
            where = ", ".join(f"{part} {size} B" for part, size in where.items())
        lines.append(
            f"| `{case['style']}` | {state['server_bytes']} | {state['client_bytes']} | {where} |"
        )
    return lines
