"""The audit's shared pieces, made once per test session: the built and served portal, one
Chromium, and the log of every axe result (written as an HTML report with --accessibility-report).

Without Chromium the browser tests skip with one message; in CI (CI=true) they fail instead."""

from __future__ import annotations

import inspect
import os
from pathlib import Path

import pytest

from .axe import Audit
from .browser import Chromium, find_chromium
from .portal import Portal, start_portal
from .sweep import PageCheck, check_every_page

NO_CHROMIUM = (
    "Chromium is not installed, so the accessibility audit in a real browser is "
    "skipped: install it (Debian: apt-get install chromium) or set PORTAL_CHROMIUM "
    "to its path"
)
WHERE_SKIPPED = inspect.currentframe().f_lineno  # the line skips for want of Chromium point to


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Every test skipped for want of Chromium is reported at one place, so `-ra` prints the
    reason once (with the number of tests) rather than once per test."""
    outcome = yield
    report = outcome.get_result()
    if (
        report.skipped
        and isinstance(report.longrepr, tuple)
        and report.longrepr[2].endswith(NO_CHROMIUM)
    ):
        report.longrepr = (__file__, WHERE_SKIPPED, report.longrepr[2])


def pytest_addoption(parser):
    parser.addoption(
        "--accessibility-report",
        metavar="DIR",
        default=None,
        help="write an HTML summary of the accessibility audit to DIR",
    )


@pytest.fixture(scope="session")
def portal(tmp_path_factory) -> Portal:
    running = start_portal(tmp_path_factory.mktemp("accessibility"))
    yield running
    running.stop()


@pytest.fixture(scope="session")
def chromium() -> Chromium:
    executable = find_chromium()
    if executable is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(NO_CHROMIUM.replace("is skipped", "cannot run") + " (CI must have it)")
        pytest.skip(NO_CHROMIUM)
    browser = Chromium(executable)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def audit(request) -> Audit:
    log = Audit()
    yield log
    folder = request.config.getoption("--accessibility-report")
    if folder:
        from .portal import CONTENT
        from .report import write_report
        from .sources import SourceMap

        write_report(log.results, Path(folder), SourceMap(CONTENT))


@pytest.fixture(scope="session")
def every_page(portal, chromium, audit) -> list[PageCheck]:
    """Every built page (and a few search pages) visited once: axe, reflow, text spacing."""
    return check_every_page(chromium, portal, audit)
