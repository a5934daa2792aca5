"""The content trees the tests build have no errors: the sample content and the small fixture.

Run first (tests/content_errors.py), so a content error is this one failure, with every problem
at `file:line`, at the top of the run; the tests that build the tree are skipped, pointing here.
"""

from __future__ import annotations

import pytest

from app.content import load_content
from tests.conftest import SMALL_TODAY
from tests.content_errors import content_trees


@pytest.mark.parametrize("name", list(content_trees()))
def test_the_content_the_tests_build_has_no_errors(name):
    tree = content_trees()[name]
    today = SMALL_TODAY if name == "small fixture" else None
    _site, problems = load_content(tree, today=today)
    if problems.errors:
        count = len(problems.errors)
        listed = "\n".join(str(problem) for problem in sorted(problems.errors))
        pytest.fail(
            f"The {name} ({tree}) has {count} error{'s' if count > 1 else ''}, so the tests "
            f"that build it are skipped. Fix {'them' if count > 1 else 'it'}:\n{listed}",
            pytrace=False,
        )
