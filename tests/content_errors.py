"""Hooks tests/conftest.py takes in as its own: a content error in a tree the tests build is
one failure at the top of the run, with its `file:line` list, not a dozen errors in unrelated
tests.

The sample content (content/) and the small fixture are built once a session by fixtures that
many tests use (tests/conftest.py), and by some modules of their own. If either tree has an
error, every one of those tests would fail in set-up with the same ContentErrors, far from the
message that matters. Instead, tests/test_content_trees.py checks both trees first (this plugin
runs it before anything else) and fails with the problems; any other test that then fails with a
ContentErrors from one of those trees is reported as skipped, pointing there, so `-ra` prints one
line for all of them. A test's own broken tree (in a temporary folder) still fails as it should.
"""

from __future__ import annotations

from pathlib import Path

import pytest

CHECK_MODULE = "tests/test_content_trees.py"
POINTER = "the content the tests build has errors: see the failure of tests/test_content_trees.py"


def content_trees() -> dict[str, Path]:
    from tests.conftest import SAMPLE, SMALL  # imported late: conftest imports this module

    return {"sample content": SAMPLE, "small fixture": SMALL}


def _inside(path: str, tree: Path) -> bool:
    return Path(path).resolve().is_relative_to(tree.resolve())


def from_a_tree_the_tests_build(problems) -> bool:
    trees = content_trees().values()
    failing = problems.errors or problems
    return bool(failing) and all(any(_inside(p.path, t) for t in trees) for p in failing)


def pytest_collection_modifyitems(session, config, items) -> None:
    """The trees' check runs first, so its failure tops the report."""
    items.sort(key=lambda item: not item.nodeid.startswith(CHECK_MODULE))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.failed or call.excinfo is None or item.nodeid.startswith(CHECK_MODULE):
        return
    from app.pipeline import ContentErrors

    error = call.excinfo.value
    if isinstance(error, ContentErrors) and from_a_tree_the_tests_build(error.problems):
        report.outcome = "skipped"
        report.longrepr = (str(Path(CHECK_MODULE).resolve()), 1, f"Skipped: {POINTER}")
