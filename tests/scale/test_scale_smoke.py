"""`make scale` works: a tiny real run (one size, every store, real gunicorn, Redis and wrk).

The full run is not part of the suite; this checks the plumbing and what holds at any size —
the filled sessions authenticate, each store reports the state it keeps, prune removes exactly
the expired part — never the figures themselves.
"""

import json
import re
import subprocess
import sys

import pytest

from infra.config import REPO_ROOT, database_url, inherited_environment

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SIZES = (300,)


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("scale")
    completed = subprocess.run(
        [sys.executable, "-m", "infra.scale", f"--sizes={','.join(map(str, SIZES))}",
         "--seconds=1", "--latency-runs=1", "--no-redis-benchmark",
         f"--database-url={database_url()}",
         f"--out={out}"],
        cwd=REPO_ROOT, env=inherited_environment(), capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-3000:]
    return completed, out, json.loads((out / "scale.json").read_text())


def test_every_store_is_measured_at_every_size_with_a_filled_session(tiny_run):
    _, _, results = tiny_run
    assert set(results["stores"]) == {"db", "cached_db", "redis", "memory", "jwt"}
    for store in results["stores"].values():
        # wrk refuses a run with any non-2xx answer: a filled session that did not
        # authenticate would have failed the run.
        assert [step["live"] for step in store["steps"]] == list(SIZES)
        for step in store["steps"]:
            assert 0 < step["p50_ms"] <= step["p99_ms"]


def test_the_stores_that_keep_state_report_it(tiny_run):
    _, _, results = tiny_run
    for name in ("db", "cached_db", "redis", "jwt"):
        (step,) = results["stores"][name]["steps"]
        # Hundreds of bytes per session or token row; zero would mean the meter read nothing.
        assert 50 < step["bytes"] / step["live"] < 10_000, (name, step)
    cached_db, db = results["stores"]["cached_db"], results["stores"]["db"]
    assert cached_db["steps"][-1]["bytes"] > db["steps"][-1]["bytes"]  # the table + copies


def test_prune_removes_exactly_the_expired_rows(tiny_run):
    _, _, results = tiny_run
    for name in ("db", "jwt"):
        for step in results["stores"][name]["steps"]:
            assert step["expired"] > 0
            assert step["removed"] == step["expired"], (name, step)
    for step in results["stores"]["redis"]["steps"]:
        assert step["removed"] == 0  # Redis expires its keys itself: nothing left to prune


def test_writes_a_table_a_capacity_note_and_a_chart_with_progress(tiny_run):
    completed, out, _ = tiny_run
    table = (out / "scale.md").read_text()
    assert "| redis | 300 |" in table
    assert "## Capacity note" in table and "million live sessions" in table
    assert "Extrapolated" in table
    assert (out / "scale.png").read_bytes().startswith(PNG_SIGNATURE)
    assert re.search(r"memory +300 live", completed.stderr)  # progress while it runs
