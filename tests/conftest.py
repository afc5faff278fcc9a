"""Fixtures shared by every suite, and the rule that the PostgreSQL pass runs PostgreSQL's tests.

A test marked `postgres` is skipped on any other database and must run on PostgreSQL: there a
skip (a forgotten skipif, a missing server feature) fails the run instead of leaving the
PostgreSQL pass green with its PostgreSQL tests unrun. The summary says how many ran.
"""

import pytest
from playwright.sync_api import sync_playwright

from tests.browser import popup_blocker
from tests.support.live_api import start_api

POSTGRES_MARK = "postgres"
POSTGRES_SELECTED = pytest.StashKey[int]()
POSTGRES_RAN = pytest.StashKey[int]()


def on_postgresql() -> bool:
    """Whether the suite's database (DATABASE_URL, read by the settings) is PostgreSQL."""
    from django.conf import settings

    if not settings.configured:
        return False
    from django.db import connection

    return connection.vendor == "postgresql"


@pytest.fixture(scope="session")
def live_api():
    """One real API server (gunicorn, fresh database, demo users) for the whole run."""
    with start_api() as api:
        yield api


@pytest.fixture(scope="session")
def playwright():
    """One Playwright for the whole run: its sync API owns an event loop, and a second one in
    the same process refuses to start ("Sync API inside the asyncio loop")."""
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def chromium(playwright):
    """Blocks third-party cookies (this build's default) and popups opened outside a click."""
    browser = popup_blocker.launch(playwright)
    yield browser
    browser.close()


def pytest_collection_modifyitems(config, items):
    if on_postgresql():
        return
    skip = pytest.mark.skip(reason="PostgreSQL only: runs when DATABASE_URL=postgres://…")
    for item in items:
        if item.get_closest_marker(POSTGRES_MARK):
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if not (item.get_closest_marker(POSTGRES_MARK) and on_postgresql()):
        return report
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = (
            f"A PostgreSQL-only test was skipped on PostgreSQL ({reason}); it must run here."
        )
    elif report.when == "call":
        item.config.stash[POSTGRES_RAN] = item.config.stash.get(POSTGRES_RAN, 0) + 1
    return report


def pytest_collection_finish(session):
    selected = [item for item in session.items if item.get_closest_marker(POSTGRES_MARK)]
    session.config.stash[POSTGRES_SELECTED] = len(selected)


def pytest_terminal_summary(terminalreporter, config):
    selected = config.stash.get(POSTGRES_SELECTED, 0)
    if not selected or config.option.collectonly:
        return
    ran = config.stash.get(POSTGRES_RAN, 0)
    where = "on PostgreSQL" if on_postgresql() else "not PostgreSQL: the PostgreSQL pass runs them"
    terminalreporter.write_line(f"PostgreSQL-only tests: {ran} of {selected} ran ({where}).")
