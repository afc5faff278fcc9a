"""The benchmark itself works: a very short real run, and its refusals and verdicts.

The full `make bench` is not part of the suite; this runs one round of one second against
three real gunicorn servers, so it checks the plumbing, never the figures.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from infra.bench.rounds import Sample, Target, run_order
from infra.bench.summary import baseline_neighbour_change, summarize
from infra.bench.wrk import LoadError, LoadResult, parse_report
from infra.config import REPO_ROOT, inherited_environment

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def run_bench(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "infra.bench", *args],
        cwd=REPO_ROOT,
        env=env or inherited_environment(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def short_run(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    out = tmp_path_factory.mktemp("bench")
    completed = run_bench(
        "--rounds=1",
        "--seconds=1",
        "--warmup-seconds=1",
        "--connections=2",
        "--workers=1",
        "--cases=session_signed,jwt_stateless",
        f"--out={out}",
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return completed, out


def test_short_run_reports_every_case_against_the_baseline(short_run):
    _, out = short_run
    results = json.loads((out / "latest.json").read_text())
    assert results["cpu_cores"] >= 1 and results["cpu_model"]
    by_name = {case["name"]: case for case in results["cases"]}
    assert set(by_name) == {"noauth", "session_signed", "jwt_stateless"}
    assert by_name["noauth"]["ratio_median"] == 1.0
    for case in by_name.values():
        assert case["rps_median"] > 0
        assert 0 < case["p50_ms"] <= case["p99_ms"]


def test_short_run_measures_in_process_costs_and_state(short_run):
    _, out = short_run
    by_name = {
        case["name"]: case for case in json.loads((out / "latest.json").read_text())["cases"]
    }
    jwt_micro = by_name["jwt_stateless"]["micro_us"]
    # The floor is the floor: the library can only add work on top of one HMAC.
    assert 0 < jwt_micro["hmac_sha256_floor"] < jwt_micro["pyjwt_decode_hs256"]
    assert by_name["session_signed"]["state"]["server_bytes"] == 0
    assert by_name["jwt_stateless"]["state"]["server_bytes"] > 0  # the refresh token's row


def test_short_run_writes_a_table_and_a_chart(short_run):
    completed, out = short_run
    table = (out / "latest.md").read_text()
    assert "| JWT, stateless (`jwt_stateless`) |" in table
    assert "this machine's only" in table
    assert (out / "latest.png").read_bytes().startswith(PNG_SIGNATURE)
    assert "round 1/1 jwt_stateless" in completed.stderr  # progress while it runs


def test_missing_wrk_is_named_with_the_fix():
    env = {**inherited_environment(), "PATH": str(Path(sys.executable).parent)}
    completed = run_bench("--rounds=1", env=env)
    assert completed.returncode != 0
    assert "wrk is not installed" in completed.stderr
    assert "apt-get install -y wrk" in completed.stderr


def test_a_run_that_got_errors_is_refused_not_reported():
    report = (
        'BENCH_RESULT {"requests": 900, "duration_us": 1000000, "p50_us": 900, '
        '"p99_us": 2000, "non_2xx": 900, "socket_errors": 0}\n'
    )
    with pytest.raises(LoadError, match=r"900 of 900 responses .* were not 2xx"):
        parse_report(report, url="http://127.0.0.1:1/api/auth/me/")


def sample(sequence, case, rps, cpu_us=0.0):
    return Sample(0, case, LoadResult(int(rps), rps, 1.0, 2.0), cpu_us, sequence)


def test_a_case_below_its_target_is_reported_as_missing_it():
    runs = [("noauth", 1000), ("jwt_stateless", 600), ("noauth", 1000), ("session_redis", 800)]
    samples = [sample(i, case, rps) for i, (case, rps) in enumerate([*runs * 3, ("noauth", 1000)])]
    entries = {entry["name"]: entry for entry in summarize(samples)}
    assert entries["jwt_stateless"]["ratio_median"] == 0.6
    assert entries["jwt_stateless"]["meets_target"] is False
    assert entries["session_redis"]["meets_target"] is True


def test_each_case_is_compared_with_the_baseline_runs_around_it():
    # The machine doubles its speed during the run: a baseline measured once, far away,
    # would call the case 0.45x or 0.9x; the runs right around it say 0.6x.
    samples = [
        sample(0, "noauth", 1000, cpu_us=600),
        sample(1, "jwt_db", 900, cpu_us=800),
        sample(2, "noauth", 2000, cpu_us=200),
    ]
    entry = {e["name"]: e for e in summarize(samples)}["jwt_db"]
    assert entry["ratio_median"] == 0.6
    assert entry["cpu_ratio_median"] == 0.5


def test_the_baseline_runs_before_every_case_and_closes_the_run():
    targets = [Target(name, url="", headers={}) for name in ("noauth", "a", "b")]
    order = [(r, t.case) for r, t in run_order(targets, rounds=2)]
    assert order == [
        (0, "noauth"), (0, "a"), (0, "noauth"), (0, "b"),
        (1, "noauth"), (1, "a"), (1, "noauth"), (1, "b"),
        (1, "noauth"),
    ]  # fmt: skip


def test_noise_is_read_from_consecutive_baseline_runs():
    samples = [
        sample(0, "noauth", 1000),
        sample(1, "jwt_db", 500),
        sample(2, "noauth", 1200),
        sample(3, "session_db", 400),
        sample(4, "noauth", 1000),
    ]
    # A slow drift over the whole run would not count; jumps between neighbours do.
    assert baseline_neighbour_change(samples) == round(200 / 1100, 3)
