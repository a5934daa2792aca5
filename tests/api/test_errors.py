"""The API's one error shape (RFC 9457 problem details), pinned: every error under /api/ answers
in it, whoever raised it, while the rest of the site keeps its HTML pages."""

from __future__ import annotations

import logging

import pytest
from flask import abort
from werkzeug.exceptions import TooManyRequests

from app import create_app
from app.api import ApiError, FieldError

SHAPE = {"type", "title", "status", "detail"}


@pytest.fixture
def app(small_site):
    app = create_app({"DIST_DIR": str(small_site.out)})

    @app.get("/api/v1/test/invalid")
    def invalid():
        raise ApiError(422, "2 things are wrong", problem="invalid-parameters",
                       errors=[FieldError("a", "a is wrong"), FieldError("b", "b is wrong")])

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
    assert body["errors"] == [{"field": "a", "message": "a is wrong"},
                              {"field": "b", "message": "b is wrong"}]


@pytest.mark.parametrize("code, title", [(400, "Bad Request"), (404, "Not Found"),
                                         (429, "Too Many Requests")])
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
        "Method Not Allowed")


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
