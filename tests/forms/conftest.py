"""The service with the built sample site and a database of its own, for the form tests."""

from __future__ import annotations

import pytest

from app import create_app
from app.store import dispose
from tests.conftest import SAMPLE


def forms_app(sample_site, tmp_path, **settings):
    """The service on the built sample, with a SQLite database in `tmp_path`, and `settings`."""
    return create_app(
        {
            "DIST_DIR": str(sample_site.out),
            "CONTENT_DIR": str(SAMPLE),
            "SEARCH_INDEX_DIR": str(tmp_path / "index"),
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.db'}",
            **settings,
        }
    )


@pytest.fixture
def app(sample_site, tmp_path):
    app = forms_app(sample_site, tmp_path)
    yield app
    dispose(app)


@pytest.fixture
def client(app):
    return app.test_client()
