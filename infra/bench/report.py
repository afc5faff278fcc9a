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
        f"{config['rounds']} interleaved rounds x {config['seconds']} s per case, "
        "the baseline run before every case. "
        f"Baseline path: `{config['baseline_path']}`.",
        "",
        "Requests/s and latencies are **this machine's only** (shared with other work); "
        "ratios compare each case with the baseline runs right before and after it. "
        "*Server CPU* is what our gunicorn, Redis and PostgreSQL processes burnt per request; "
        "its ratio is the throughput ratio a machine with nothing else running would show.",
        "",
        *_noise_warning(results),
        "| case | req/s (median) | p50 ms | p99 ms | ratio to baseline | target | result "
        "| server CPU µs/req | CPU ratio | result by CPU |",
        "|---|---:|---:|---:|---:|---:|---|---:|---:|---|",
    ]
    for case in results["cases"]:
        target = "" if case["target"] is None else f"≥ {case['target']:.2f}"
        verdict = VERDICTS[case["meets_target"]]
        lines.append(
            f"| {case['label']} (`{case['name']}`) | {case['rps_median']:.0f} | "
            f"{case['p50_ms']:.2f} | {case['p99_ms']:.2f} | {case['ratio_median']:.2f}x | "
            f"{target} | {verdict} | {case['cpu_us_per_request']:.0f} | "
            f"{_ratio(case['cpu_ratio_median'])} | {VERDICTS[case['meets_target_by_cpu']]} |"
        )
    lines += ["", *_micro_table(results["cases"]), "", *_state_table(results["cases"]), ""]
    return "\n".join(lines)


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
            f"| `{case['name']}` | {state['server_bytes']} | {state['client_bytes']} | {where} |"
        )
    return lines
