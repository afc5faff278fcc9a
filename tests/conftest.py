"""Fixtures shared by every suite, the rule that the PostgreSQL pass runs PostgreSQL's tests,
and which tests share a worker when the suite runs on several (pytest-xdist).

A test marked `postgres` is skipped on any other database and must run on PostgreSQL: there a
skip (a forgotten skipif, a missing server feature) fails the run instead of leaving the
PostgreSQL pass green with its PostgreSQL tests unrun. The summary says how many ran.

`make test` runs pytest with `-n 2 --dist loadgroup`: every test is put in an xdist_group, and
a group runs whole on one worker. The group is the test's module (its module-scoped servers
start once), or its whole folder where the folder's tests share state across modules.
"""

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.browser import popup_blocker
from tests.support.live_api import start_api

POSTGRES_MARK = "postgres"
RAN, SKIPPED = "ran", "skipped"  # what a `postgres` test's report says it did
TESTS_ROOT = Path(__file__).parent
# Folders whose tests share state across modules, so each folder runs on one worker:
# - cluster: the package-scoped pool of running clusters, and the machine's Redis database
#   that the session flushes at its start (a second worker's flush would empty the first's);
# - attacker: one table of every verdict of the run, written when the session ends;
# - engines: the matrix runs (one per engine, setting and scheme) its modules share.
ONE_WORKER_FOLDERS = ("cluster", "attacker", "engines")


def on_postgresql() -> bool:
    """Whether the suite's database (DATABASE_URL, read by the settings) is PostgreSQL."""
    from django.conf import settings

    if not settings.configured:
        return False
    from django.db import connection

    return connection.vendor == "postgresql"


@pytest.fixture(scope="session")
def live_api():
    """One real API server (gunicorn, fresh database, demo users) per pytest process: for the
    whole run, or for each xdist worker."""
    with start_api() as api:
        yield api


@pytest.fixture(scope="session")
def playwright():
    """One Playwright per pytest process (each xdist worker has its own): its sync API owns an
    event loop, and a second one in the same process refuses to start ("Sync API inside the
    asyncio loop").

    While it lives, that loop counts as running in this thread, and Django refuses ORM calls
    from such a thread (SynchronousOnlyOperation): a worker that has run a browser test fails
    every `django_db` test it is sent afterwards. Those tests call the ORM synchronously, not
    from a coroutine, so Django's documented switch lifts the check meanwhile."""
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as instance:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield instance


@pytest.fixture(scope="session")
def chromium(playwright):
    """Blocks third-party cookies (this build's default) and popups opened outside a click."""
    browser = popup_blocker.launch(playwright)
    yield browser
    browser.close()


def xdist_group_of(item: pytest.Item) -> str:
    """The folder for ONE_WORKER_FOLDERS, else the module: "cluster", "api/test_jwt"."""
    module = item.path.relative_to(TESTS_ROOT).with_suffix("")
    folder = module.parts[0]
    return folder if folder in ONE_WORKER_FOLDERS else module.as_posix()


# First: pytest-xdist's own hook (registered after this file) reads the groups to build the
# ids it schedules by, so they must be there before it runs.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        item.add_marker(pytest.mark.xdist_group(xdist_group_of(item)))
    if on_postgresql():
        return
    skip = pytest.mark.skip(reason="PostgreSQL only: runs when DATABASE_URL=postgres://…")
    for item in items:
        if item.get_closest_marker(POSTGRES_MARK):
            item.add_marker(skip)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node, ids):
    # With `--dist loadgroup`, each worker writes a test's group into its id
    # ("…::test@api/test_jwt"), and the id is all the controller schedules by. pytest 9.2 made
    # that write a silent no-op (pytest-xdist#1386): the tests would spread as if ungrouped and
    # the state they share would collide. Stop the run instead.
    if node.config.getoption("dist") != "loadgroup":
        return
    ungrouped = [nodeid for nodeid in ids if not is_grouped_id(nodeid)]
    if ungrouped:
        pytest.exit(
            f"pytest-xdist did not group {len(ungrouped)} of {len(ids)} tests (first: "
            f"{ungrouped[0]}): its loadgroup does not work with this pytest (pytest-xdist#1386).",
            returncode=pytest.ExitCode.USAGE_ERROR,
        )


def is_grouped_id(nodeid: str) -> bool:
    """What xdist's LoadGroupScheduling reads as a group: an "@" after any parameter ids."""
    return nodeid.rfind("@") > nodeid.rfind("]")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if not item.get_closest_marker(POSTGRES_MARK):
        return report
    skipped = report.skipped and not hasattr(report, "wasxfail")
    # The tally reads this from the report: under xdist it counts in the controller, which
    # receives the workers' reports but never sees their items.
    report.user_properties.append((POSTGRES_MARK, SKIPPED if skipped else RAN))
    if on_postgresql() and skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = (
            f"A PostgreSQL-only test was skipped on PostgreSQL ({reason}); it must run here."
        )
    return report


class PostgresTally:
    """How many `postgres` tests were selected (each reports a setup) and how many ran (a call
    that did not skip), counted from the reports, wherever the tests ran."""

    def __init__(self):
        self.selected = 0
        self.ran = 0

    def pytest_runtest_logreport(self, report):
        # Tuples come back from an xdist worker as lists.
        marks = [value for name, value in report.user_properties if name == POSTGRES_MARK]
        if not marks:
            return
        if report.when == "setup":
            self.selected += 1
        elif report.when == "call" and marks == [RAN]:
            self.ran += 1

    def pytest_terminal_summary(self, terminalreporter, config):
        if not self.selected:
            return
        where = (
            "on PostgreSQL" if on_postgresql() else "not PostgreSQL: the PostgreSQL pass runs them"
        )
        terminalreporter.write_line(
            f"PostgreSQL-only tests: {self.ran} of {self.selected} ran ({where})."
        )


def pytest_configure(config):
    config.pluginmanager.register(PostgresTally(), "postgres-tally")
