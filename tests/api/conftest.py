"""The API's app: the sample content built with its search index, storage on the database of the
test (`database_url`: SQLite, then a throwaway PostgreSQL database), requests through Flask's test
client."""

from __future__ import annotations

import pytest

from app.store import dispose
from tests.conftest import service_app

POTHOLE = "/api/v1/forms/report-a-pothole"
VOTE = "/api/v1/forms/register-to-vote"
BIRTH = "/api/v1/forms/request-a-copy-of-a-birth-certificate"
POTHOLE_ORIGIN = "https://roads.gov.nm.example"
# A road report: the pavement question is skipped by the routes, and so is "what happened".
ROAD_REPORT = {
    "location-type": "road",
    "road-name": "Mill Lane",
    "town": "Northtown",
    "where-on-road": "Outside number 14",
    "pothole-size": "large",
    "harm": "no",
}


@pytest.fixture
def sqlite_app(sample_search, tmp_path):
    """On SQLite only: for what does not depend on the database (`app`, tests/conftest.py, runs
    on each)."""
    app = service_app(sample_search, f"sqlite:///{tmp_path / 'portal.db'}")
    yield app
    dispose(app)


@pytest.fixture
def db_app(sample_search, database_url):
    """On each database: for what stores submissions."""
    app = service_app(sample_search, database_url)
    yield app
    dispose(app)


@pytest.fixture
def client(sqlite_app):
    return sqlite_app.test_client()


def problem_of(response, status: int) -> dict:
    """The body of an error response, after checking it is a problem of that status."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert (
        {"type", "title", "status"} <= set(body) <= {"type", "title", "status", "detail", "errors"}
    )
    assert body["status"] == status
    assert "Set-Cookie" not in response.headers
    return body


def fields_of(body: dict) -> dict[str, str]:
    return {error["field"]: error["message"] for error in body.get("errors", [])}
