"""An app of the small fixture's site, made once for the tests that ask it for pages or render
with its templates (making the site and compiling the templates take a few seconds)."""

from __future__ import annotations

import pytest

from app import create_app
from app.pipeline import check
from tests.conftest import SMALL, SMALL_TODAY


@pytest.fixture(scope="session")
def small_app():
    site, _problems = check(SMALL, today=SMALL_TODAY)
    return create_app({"SITE": site})
