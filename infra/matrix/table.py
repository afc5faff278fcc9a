"""The run as a table: a row per topology and cookie policy, a column per auth mode (whatever
modes the export holds), each cell pass or the step where it failed."""

from web_client.site_config import CROSS_SITE, SAME_ORIGIN, SAME_SITE

PASS = "pass"
# The page's own order (logic/topology.js), whatever order an export lists its topologies in.
TOPOLOGY_ORDER = (CROSS_SITE, SAME_SITE, SAME_ORIGIN)


def _cell_text(cell: dict | None) -> str:
    if cell is None:
        return "(missing)"
    if cell["outcome"] == PASS:
        return PASS
    return f"FAIL {cell.get('failedStep') or ''}".strip()


def table(result: dict) -> str:
    cells = {(c["topology"], c["cookiePolicy"], c["mode"]): c for c in result["cells"]}
    seen = dict.fromkeys(c["topology"] for c in result["cells"])
    topologies = [t for t in TOPOLOGY_ORDER if t in seen] + [
        t for t in seen if t not in TOPOLOGY_ORDER
    ]
    policies = list(dict.fromkeys(c["cookiePolicy"] for c in result["cells"]))
    modes = list(dict.fromkeys(c["mode"] for c in result["cells"]))
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
    return "\n".join([*lines, "passed: " + ", ".join(counts)])


def ran(result: dict, mode: str) -> int:
    return sum(1 for c in result["cells"] if c["mode"] == mode)


def passed(result: dict, mode: str) -> int:
    return sum(1 for c in result["cells"] if c["mode"] == mode and c["outcome"] == PASS)


def heading(result: dict) -> str:
    run = result["harness"]
    engine = run["engine"]
    return f"{engine['name']} {engine['version']}, setting {run['setting']}: {run['means']}"
