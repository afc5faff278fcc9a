"""Where a run disagrees with the page's own model of its engine (contract16.md: every cell of
the export carries `expected`, computed by the page from the engine's rules and the witness).

The comparison is made here again from `outcome`, `failedStep` and `expected`, not taken from
the page's `surprise` flag, so a page that forgot to flag a cell cannot hide it."""

PASS = "pass"
FAIL = "fail"


def cell_key(cell: dict) -> str:
    """The name the tables and the engine evidence use: "cross-site/none/session"."""
    return f"{cell['topology']}/{cell['cookiePolicy']}/{cell['mode']}"


def disagrees(cell: dict) -> bool | None:
    """True where the engine did something else than the model expected (another outcome, or a
    failure at another step), False where it agreed, None where the model made no prediction."""
    expected = cell.get("expected")
    if not expected:
        return None
    if cell["outcome"] != expected["outcome"]:
        return True
    return cell["outcome"] == FAIL and cell.get("failedStep") != expected.get("failedStep")


def surprises(result: dict) -> list[dict]:
    return [cell for cell in result["cells"] if disagrees(cell)]


def unpredicted(result: dict) -> list[dict]:
    return [cell for cell in result["cells"] if disagrees(cell) is None]


def _ran(cell: dict) -> str:
    return PASS if cell["outcome"] == PASS else f"{FAIL} at {cell.get('failedStep')}"


def describe(cell: dict) -> str:
    """One line a reader can act on: what ran, what the model expected and why."""
    expected = cell.get("expected")
    if not expected:
        return f"{cell_key(cell)}: ran {_ran(cell)}; the model made no prediction"
    return (
        f"{cell_key(cell)}: ran {_ran(cell)}, the model expected {_ran(expected)} "
        f"({expected.get('why', 'no reason given')})"
    )


def witness(result: dict) -> str | None:
    """What the page's independent third-party-cookie probe reported (None: it could not run)."""
    return (result.get("witness") or {}).get("thirdPartyCookies")
