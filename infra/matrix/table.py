"""The run as a table: a row per topology and cookie policy, a column per auth mode (whatever
modes the export holds), each cell pass or the step where it failed; and, for READMEs, the
Markdown table of one run (`python -m infra.matrix.table --markdown matrix-results/*.json`)."""

import argparse
import json
import sys
from pathlib import Path

from infra.matrix.verdict import FAIL, PASS, cell_key, disagrees, surprises, witness
from web_client.site_config import CROSS_SITE, SAME_ORIGIN, SAME_SITE

# The page's own order (logic/topology.js), whatever order an export lists its topologies in.
TOPOLOGY_ORDER = (CROSS_SITE, SAME_SITE, SAME_ORIGIN)
# The Markdown table's two cookie columns: the modes whose credential is an API cookie.
COOKIE_MODES = ("session", "cookie-jwt")
MODE_TITLES = {"session": "session", "cookie-jwt": "cookie JWT", "jwt": "JWT bearer", "bff": "BFF"}
PASSED, FAILED, SURPRISE = "✓", "✗", "⚠"


def _cell_text(cell: dict | None) -> str:
    if cell is None:
        return "(missing)"
    text = PASS if cell["outcome"] == PASS else f"FAIL {cell.get('failedStep') or ''}".strip()
    return f"{text} {SURPRISE}" if disagrees(cell) else text


def _order(result: dict) -> tuple[list[str], list[str], list[str]]:
    """(topologies, policies, modes) in the page's order."""
    seen = dict.fromkeys(c["topology"] for c in result["cells"])
    topologies = [t for t in TOPOLOGY_ORDER if t in seen] + [
        t for t in seen if t not in TOPOLOGY_ORDER
    ]
    policies = list(dict.fromkeys(c["cookiePolicy"] for c in result["cells"]))
    modes = list(dict.fromkeys(c["mode"] for c in result["cells"]))
    return topologies, policies, modes


def _by_key(result: dict) -> dict[tuple[str, str, str], dict]:
    return {(c["topology"], c["cookiePolicy"], c["mode"]): c for c in result["cells"]}


def table(result: dict) -> str:
    cells = _by_key(result)
    topologies, policies, modes = _order(result)
    rows = [["topology", "policy", *modes]]
    for topology in topologies:
        for policy in policies:
            row = [_cell_text(cells.get((topology, policy, mode))) for mode in modes]
            rows.append([topology, policy, *row])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(text.ljust(width) for text, width in zip(row, widths, strict=True))
             for row in rows]  # fmt: skip
    lines.insert(1, "  ".join("-" * width for width in widths))
    counts = [f"{mode} {passed(result, mode)}/{ran(result, mode)}" for mode in modes]
    lines.append("passed: " + ", ".join(counts))
    if surprising := surprises(result):
        lines.append(f"{SURPRISE} the page's model expected otherwise in {len(surprising)} cells")
    return "\n".join(lines)


def ran(result: dict, mode: str) -> int:
    return sum(1 for c in result["cells"] if c["mode"] == mode)


def passed(result: dict, mode: str) -> int:
    return sum(1 for c in result["cells"] if c["mode"] == mode and c["outcome"] == PASS)


def scheme(result: dict) -> str:
    return result.get("scheme") or result["harness"].get("scheme") or "http"


def heading(result: dict) -> str:
    run = result["harness"]
    engine = run["engine"]
    return (f"{engine['name']} {engine['version']}, setting {run['setting']} over "
            f"{scheme(result)}: {run['means']}")  # fmt: skip


def _mark(cell: dict | None) -> str:
    if cell is None:
        return "?"
    return (PASSED if cell["outcome"] == PASS else FAILED) + (SURPRISE if disagrees(cell) else "")


def markdown(result: dict) -> str:
    """One run for a README: rows topology, columns cookie policy, each cell
    "session / cookie JWT" as ✓ or ✗, ⚠ where the page's model expected otherwise."""
    cells = _by_key(result)
    topologies, policies, modes = _order(result)
    run, engine = result["harness"], result["harness"]["engine"]
    lines = [
        f"**{engine['name']} {engine['version']}, `{run['setting']}`, {scheme(result)}** "
        f"(third-party cookies by the page's witness: {witness(result) or 'not reported'})",
        "",
        "| topology | " + " | ".join(policies) + " |",
        "|---|" + "---|" * len(policies),
    ]
    for topology in topologies:
        marks = [" / ".join(_mark(cells.get((topology, policy, mode))) for mode in COOKIE_MODES)
                 for policy in policies]  # fmt: skip
        lines.append(f"| {topology} | " + " | ".join(marks) + " |")
    counts = ", ".join(f"{MODE_TITLES.get(m, m)} {passed(result, m)}/{ran(result, m)}"
                       for m in modes)  # fmt: skip
    lines += ["", f"Passed: {counts}."]
    lines += [f"- {SURPRISE} {_surprise_line(cell)}" for cell in surprises(result)]
    return "\n".join(lines)


def _surprise_line(cell: dict) -> str:
    ran_as = PASS if cell["outcome"] == PASS else f"{FAIL} at `{cell.get('failedStep')}`"
    expected = cell["expected"]
    wanted = PASS if expected["outcome"] == PASS else f"{FAIL} at `{expected.get('failedStep')}`"
    return f"`{cell_key(cell)}` ran {ran_as}; the model expected {wanted}: {expected.get('why')}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.matrix.table", description=__doc__)
    parser.add_argument("files", nargs="+", type=Path, help="matrix-results/*.json")
    parser.add_argument("--markdown", action="store_true", help="README tables (default: text)")
    args = parser.parse_args(argv)
    for path in args.files:
        result = json.loads(path.read_text())
        print(markdown(result) if args.markdown else f"{heading(result)}\n\n{table(result)}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
