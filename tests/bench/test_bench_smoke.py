"""The benchmark itself works: a very short real run, and its refusals and verdicts.

The full `make bench` is not part of the suite; this runs one round of one second against
three real gunicorn servers, so it checks the plumbing, never the figures.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from infra.bench.rounds import Sample
from infra.bench.summary import summarize
from infra.bench.wrk import LoadError, LoadResult, parse_report

REPO_ROOT = Path(__file__).resolve().parents[2]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def run_bench(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "infra.bench", *args],
        cwd=REPO_ROOT,
        env=env or os.environ.copy(),
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
    env = {**os.environ, "PATH": str(Path(sys.executable).parent)}
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


def test_a_case_below_its_target_is_reported_as_missing_it():
    def sample(round_number, case, rps):
        return Sample(round_number, case, LoadResult(int(rps), rps, 1.0, 2.0))

    samples = [
        sample(r, case, rps)
        for r in range(3)
        for case, rps in (("noauth", 1000), ("jwt_stateless", 600), ("session_redis", 800))
    ]
    entries = {entry["name"]: entry for entry in summarize(samples)}
    assert entries["jwt_stateless"]["ratio_median"] == 0.6
    assert entries["jwt_stateless"]["meets_target"] is False
    assert entries["session_redis"]["meets_target"] is True
