"""The API's one error shape (RFC 9457 problem details), pinned: every error under /api/ answers
in it, whoever raised it, while the rest of the site keeps its HTML pages."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from flask import abort
from werkzeug.exceptions import TooManyRequests

from app import create_app
from app.api import ApiError, FieldError
from app.api.errors import PROBLEM_TYPES, ProblemType
from app.store import dispose
from tests.api.conftest import POTHOLE, ROAD_REPORT
from tests.conftest import service_app

SHAPE = {"type", "title", "status", "detail"}


@pytest.fixture
def app(small_site):
    app = create_app({"DIST_DIR": str(small_site.out)})

    @app.get("/api/v1/test/invalid")
    def invalid():
        raise ApiError(
            422,
            "2 things are wrong",
            problem="invalid-parameters",
            errors=[FieldError("a", "a is wrong"), FieldError("b", "b is wrong")],
        )

    @app.get("/api/v1/test/abort/<int:code>")
    def aborts(code):
        if code == 429:
            raise TooManyRequests(retry_after=30)
        abort(code)

    @app.get("/api/v1/test/crash")
    def api_crash():
        raise RuntimeError("secret internals")

    @app.get("/test/crash")
    def page_crash():
        raise RuntimeError("boom")

    return app


def fetch(client, url, method="GET"):
    response = client.open(url, method=method)
    response.get_data()
    response.close()
    return response


def problem(client, url, status, method="GET") -> dict:
    response = fetch(client, url, method)
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert set(body) - {"errors"} <= SHAPE and {"type", "title", "status"} <= set(body)
    assert body["status"] == status
    return body


def test_validation_errors_carry_every_field(app):
    body = problem(app.test_client(), "/api/v1/test/invalid", 422)
    assert body["type"] == "https://www.gov.nm.example/api/v1/problems/invalid-parameters"
    assert body["detail"] == "2 things are wrong"
    assert body["errors"] == [
        {"field": "a", "message": "a is wrong", "code": "invalid"},
        {"field": "b", "message": "b is wrong", "code": "invalid"},
    ]


@pytest.mark.parametrize(
    "code, title", [(400, "Bad Request"), (404, "Not Found"), (429, "Too Many Requests")]
)
def test_http_errors_from_views_are_problems(app, code, title):
    body = problem(app.test_client(), f"/api/v1/test/abort/{code}", code)
    assert body["type"] == "about:blank" and body["title"] == title and "errors" not in body


def test_retry_after_is_kept(app):
    response = fetch(app.test_client(), "/api/v1/test/abort/429")
    assert response.headers["Retry-After"] == "30"


def test_routing_errors_under_api_are_problems(app):
    client = app.test_client()
    assert problem(client, "/api/v1/nope", 404)["title"] == "Not Found"
    assert problem(client, "/api/nope/deeper", 404)["title"] == "Not Found"
    assert problem(client, "/api/v1/search", 405, method="DELETE")["title"] == (
        "Method Not Allowed"
    )


def test_unexpected_errors_are_logged_and_hide_their_details(app, caplog):
    with caplog.at_level(logging.ERROR):
        body = problem(app.test_client(), "/api/v1/test/crash", 500)
    assert body["title"] == "Internal Server Error" and "secret" not in str(body)
    assert any("secret internals" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)


def test_other_paths_keep_html_errors(app, caplog):
    client = app.test_client()
    missing = fetch(client, "/no-such-page")
    assert missing.status_code == 404 and missing.mimetype == "text/html"
    assert b"Page not found" in missing.data
    with caplog.at_level(logging.ERROR):
        crash = fetch(client, "/test/crash")
    assert crash.status_code == 500 and crash.mimetype == "text/html"


# -- the table of problem types -----------------------------------------------------------------

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"
DOCUMENTED_PROBLEM = re.compile(r"^\| (\d{3}) \| `…/api/v1/problems/([a-z-]+)` \|", re.MULTILINE)


def _each_problem(sample_search, tmp_path) -> list:
    """One real request answered with each problem type the API has, on a running service."""
    good = service_app(sample_search, f"sqlite:///{tmp_path / 'good.db'}")
    no_index = service_app(
        sample_search,
        f"sqlite:///{tmp_path / 'no-index.db'}",
        SEARCH_INDEX_DIR=str(tmp_path / "no-index"),
    )
    # a closed port: connecting is refused at once, as when the database server is down
    no_database = service_app(
        sample_search, "postgresql+psycopg://127.0.0.1:9/portal", DATABASE_CONNECT_TIMEOUT=1
    )
    client = good.test_client()
    key = {"Idempotency-Key": "table-walk"}
    client.post(f"{POTHOLE}/submissions", json={"answers": ROAD_REPORT}, headers=key)
    answers = [
        client.get("/api/v1/forms?colour=blue"),
        client.post(f"{POTHOLE}/validate", json={"answers": {}}),
        client.post(
            f"{POTHOLE}/submissions", json={"answers": {**ROAD_REPORT, "town": "Y"}}, headers=key
        ),
        no_index.test_client().get("/api/v1/search?q=tax"),
        no_database.test_client().post(f"{POTHOLE}/submissions", json={"answers": ROAD_REPORT}),
    ]
    for app in (good, no_index, no_database):
        dispose(app)
    return answers


def test_the_table_of_problem_types_is_what_the_api_answers(sample_search, tmp_path):
    seen = {}
    for response in _each_problem(sample_search, tmp_path):
        body = response.get_json()
        slug = body["type"].rsplit("/", 1)[-1]
        assert response.mimetype == "application/problem+json" and slug in PROBLEM_TYPES, body
        seen[slug] = ProblemType(slug, body["title"], body["status"])
        assert response.status_code == body["status"]
    assert seen == PROBLEM_TYPES


def test_docs_list_every_problem_type_with_its_status():
    documented = {
        slug: int(status)
        for status, slug in DOCUMENTED_PROBLEM.findall(DOCS.read_text(encoding="utf-8"))
    }
    assert documented == {slug: problem.status for slug, problem in PROBLEM_TYPES.items()}
