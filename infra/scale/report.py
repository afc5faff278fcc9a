"""results/<stem>.json (every figure), .md (the tables and the capacity note) and .png."""

import json
from pathlib import Path

from infra.cluster.state_size import markdown
from infra.scale.capacity import TypicalServer, bytes_per_item, capacity_lines, extrapolated

NOTE = "Latencies hold for this machine only; bytes are what the stores themselves report."


README = Path(__file__).with_name("README.md")
README_BLOCK = ("<!-- scale-results:start -->", "<!-- scale-results:end -->")


def publish(results: dict, out: Path, stem: str, *, readme: bool = False) -> list[Path]:
    """Write the results; `readme`: also the results block of this folder's README."""
    out.mkdir(parents=True, exist_ok=True)
    server = TypicalServer()
    capacity = {"server": server.__dict__, "notes": capacity_lines(results, server)}
    results = {**results, "capacity": capacity}
    json_path = out / f"{stem}.json"
    json_path.write_text(json.dumps(results, indent=1) + "\n")
    md_path = out / f"{stem}.md"
    md_path.write_text(markdown_report(results, server))
    written = [json_path, md_path]
    if readme:
        written.append(write_readme_block(markdown_report(results, server), README))
    try:
        from infra.scale.chart import write_chart
    except ImportError:  # matplotlib is a dev extra
        return written
    written.append(write_chart(results, out / f"{stem}.png", server))
    return written


def markdown_report(results: dict, server: TypicalServer) -> str:
    stores = results["stores"]
    parts = [
        f"# make scale — {results['generated_at']}",
        "",
        f"{results['machine']['cpu_model']}, {results['machine']['cpu_cores']} cores; "
        f"{results['database']}, private "
        f"redis-servers; `GET {results['latency']['path']}` through "
        f"{results['latency']['server']}, wrk, 1 connection, {results['latency']['seconds']:g} s "
        f"per run, {results['latency']['runs']}. {NOTE} Run took {results['elapsed_seconds']} s.",
        "",
        "## Sessions: state, latency and prune time by live sessions",
        "",
        session_table(stores),
        "",
        "Extrapolated (the largest step's bytes per session, not measured): "
        + "; ".join(_extrapolations(stores)) + ".",
    ]  # fmt: skip
    if "jwt" in stores:
        parts += ["", "## JWT: the state rotation keeps", "", jwt_table(stores["jwt"], server)]
    parts += ["", "## Capacity note", "", *(f"- {line}" for line in results["capacity"]["notes"])]
    return "\n".join(parts) + "\n"


def write_readme_block(report: str, readme: Path) -> Path:
    """Replace the README's results block with the report (its headings one level down)."""
    start, end = README_BLOCK
    text = readme.read_text()
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    body = report.split("\n", 1)[1].replace("\n## ", "\n### ")
    readme.write_text(f"{head}{start}\n{body.strip()}\n{end}{tail}")
    return readme


def session_table(stores: dict) -> str:
    head = ["store", "live sessions", "state", "bytes/session", "store read µs",
            "/me p50 ms", "/me p99 ms", "prune s (removed/expired)"]  # fmt: skip
    rows = []
    for name, store in stores.items():
        if name == "jwt":
            continue
        for step in store["steps"]:
            rows.append([
                name, f"{step['live']:,}", _mb(step["bytes"]),
                f"{step['bytes'] / step['live']:,.0f}",
                "" if step.get("load_us") is None else f"{step['load_us']:,.0f}",
                f"{step['p50_ms']:.2f}", f"{step['p99_ms']:.2f}", _prune(step),
            ])  # fmt: skip
    return markdown(head, rows, text_columns=1)


def jwt_table(store: dict, server: TypicalServer) -> str:
    head = ["refresh-token rows", "= users active all day", "state", "bytes/row", "/me p50 ms",
            "/me p99 ms (bearer)", "prune s (removed/expired)"]  # fmt: skip
    rows = [[f"{s['live']:,}", f"{s['live'] / server.refreshes_per_day:,.0f}", _mb(s["bytes"]),
             f"{s['bytes'] / s['live']:,.0f}", f"{s['p50_ms']:.2f}", f"{s['p99_ms']:.2f}",
             _prune(s)] for s in store["steps"]]  # fmt: skip
    per_user = bytes_per_item(store) * server.refreshes_per_day
    table = markdown(head, rows, text_columns=0)
    users = ", ".join(f"{n:,} users: {_mb(n * per_user)}" for n in (10**5, 10**6, 10**8))
    return (
        f"{table}\n\nEach refresh of a rotating refresh token leaves simplejwt's outstanding row "
        "and, once rotated, its blacklisted row, kept until the refresh token expires (24 h). A "
        f"user active all day refreshes {server.refreshes_per_day} times (one per "
        f"{server.access_lifetime_s} s access lifetime): {per_user / 1e3:,.0f} kB per user. "
        f'Extrapolated: {users}. The "stateless" access tokens need no read per request, but '
        "rotation with a blacklist keeps this state in the database."
    )


def _extrapolations(stores: dict) -> list[str]:
    out = []
    for name, store in stores.items():
        if name == "jwt":
            continue
        sizes = extrapolated(store)
        if sizes:
            out.append(f"{name} " + ", ".join(f"{_mb(v)} at {n:,}" for n, v in sizes.items()))
    return out


def _mb(value: float) -> str:
    if value >= 1e9:
        return f"{value / 1e9:,.1f} GB"
    return f"{value / 1e6:,.1f} MB"


def _prune(step: dict) -> str:
    if step.get("prune_s") is None:
        return step.get("prune_note", "")
    return f"{step['prune_s']:.2f} ({step['removed']:,}/{step['expired']:,})"
