"""The comparison of a run with the page's model, and the README table, on hand-made exports
(the contract's shape, contract16.md): no browser, so they run in a blink."""

from infra.matrix import table, verdict


def cell(topology, policy, mode, outcome, step=None, expected=("pass", None)):
    wanted = None if expected is None else {
        "outcome": expected[0], "failedStep": expected[1], "why": "the rule"}  # fmt: skip
    return {"topology": topology, "cookiePolicy": policy, "mode": mode, "outcome": outcome,
            "failedStep": step, "expected": wanted}  # fmt: skip


def export(*cells):
    return {
        "cells": list(cells),
        "scheme": "https",
        "witness": {"thirdPartyCookies": "blocked"},
        "harness": {
            "engine": {"name": "WebKitGTK", "version": "2.50.6"},
            "setting": "default",
            "means": "no-third-party",
        },
    }


def test_a_cell_failing_where_the_model_expected_a_pass_is_a_surprise():
    run = export(
        cell("cross-site", "none", "session", "fail", "csrf-cookie"),
        cell("same-origin", "none", "session", "pass"),
    )
    assert [verdict.cell_key(c) for c in verdict.surprises(run)] == ["cross-site/none/session"]
    assert "ran fail at csrf-cookie, the model expected pass (the rule)" in verdict.describe(
        run["cells"][0]
    )


def test_a_failure_at_another_step_than_predicted_is_a_surprise_too():
    run = export(
        cell("cross-site", "none", "session", "fail", "session-cookie", ("fail", "csrf-cookie")),
        cell("cross-site", "lax", "session", "fail", "csrf-cookie", ("fail", "csrf-cookie")),
    )
    assert [verdict.cell_key(c) for c in verdict.surprises(run)] == ["cross-site/none/session"]


def test_a_cell_without_a_prediction_is_neither_agreement_nor_surprise():
    run = export(cell("cross-site", "none", "session", "pass", expected=None))
    assert verdict.surprises(run) == []
    assert verdict.unpredicted(run) == run["cells"]


def test_the_markdown_table_puts_session_and_cookie_jwt_in_one_cell_and_marks_surprises():
    run = export(
        cell("cross-site", "none", "session", "fail", "csrf-cookie"),
        cell("cross-site", "none", "cookie-jwt", "fail", "csrf-cookie", ("fail", "csrf-cookie")),
        cell("same-origin", "none", "session", "pass"),
        cell("same-origin", "none", "cookie-jwt", "pass"),
    )
    text = table.markdown(run)
    assert "| cross-site | ✗⚠ / ✗ |" in text
    assert "| same-origin | ✓ / ✓ |" in text
    assert "WebKitGTK 2.50.6, `default`, https" in text and "witness: blocked" in text
    assert "Passed: session 1/2, cookie JWT 1/2." in text
    assert "- ⚠ `cross-site/none/session` ran fail at `csrf-cookie`" in text
