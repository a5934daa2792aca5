"""One JSON line per request, through the real app: the request id (the proxy's when sane, else
made, always echoed), the route and never the path, query string, body, keys or cookies."""

from __future__ import annotations

import io
import json
import logging
import re

import pytest

from app.logs import json_handler
from app.request_log import request_id_from
from app.store import dispose
from tests.api.conftest import POTHOLE, ROAD_REPORT
from tests.conftest import service_app


@pytest.fixture
def app(sample_search, tmp_path):
    app = service_app(sample_search, f"sqlite:///{tmp_path / 'portal.db'}")
    yield app
    dispose(app)


@pytest.fixture
def log_lines():
    """What the service's JSON handler writes, as parsed lines, for every logger of the app."""
    stream = io.StringIO()
    handler = json_handler(stream)
    logger = logging.getLogger("app")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)
    logger.setLevel(level)


def request_lines(lines):
    return [line for line in lines if line["logger"] == "app.request_log"]


def test_a_request_is_one_json_line_with_its_route_and_the_id_it_was_given(app, log_lines):
    response = app.test_client().get(
        "/search?q=my+secret+search", headers={"X-Request-Id": "abc-123"}
    )
    assert response.headers["X-Request-Id"] == "abc-123"
    [line] = request_lines(log_lines())
    assert line["request_id"] == "abc-123"
    assert line["method"] == "GET" and line["route"] == "/search" and line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["message"] == "GET /search 200"
    assert line["level"] == "INFO"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", line["time"])
    assert "secret" not in json.dumps(line)


@pytest.mark.parametrize(
    "header", [None, "", "has spaces in it", "x" * 129, 'quote"s', "tab\there", "ünïcode"]
)
def test_an_id_that_does_not_look_like_one_is_replaced_by_a_new_one(app, log_lines, header):
    headers = {"X-Request-Id": header} if header is not None else {}
    response = app.test_client().get("/healthz", headers=headers)
    made = response.headers["X-Request-Id"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    assert request_lines(log_lines())[0]["request_id"] == made


def test_ids_are_taken_as_nginx_and_tracing_proxies_make_them():
    for sane in ("0af7651916cd43dd8448eb211c80319c", "req-1.2_3:4", "x" * 128):
        assert request_id_from(sane) == sane
    assert request_id_from("a b") != request_id_from("a b")  # each a new one


def test_the_line_names_the_route_never_the_path_body_key_or_cookie(app, log_lines):
    client = app.test_client()
    client.set_cookie("portal_session", "cookie-value-never-logged")
    client.post(
        f"{POTHOLE}/submissions",
        json={"answers": ROAD_REPORT},
        headers={"Authorization": "Bearer key-never-logged", "Idempotency-Key": "idem-1"},
    )
    client.get("/api/v1/submissions/ABCD2345", headers={"Authorization": "Bearer key-never-logged"})
    client.get("/nothing/here?email=someone@example.com")
    lines = request_lines(log_lines())
    assert [(line["route"], line["status"]) for line in lines] == [
        # a key on a submission marks it live or a test; one that is no key is refused
        ("/api/v1/forms/<form_id>/submissions", 401),
        ("/api/v1/submissions/<reference>", 401),
        ("/<path:path>", 404),
    ]
    text = json.dumps(log_lines())
    for private in (
        "Mill Lane",
        "report-a-pothole",
        "ABCD2345",
        "key-never-logged",
        "cookie-value-never-logged",
        "someone@example.com",
        "/nothing/here",
    ):
        assert private not in text, private


def test_every_line_logged_during_a_request_carries_its_id(app, log_lines):
    @app.get("/explode-for-test")
    def explode():
        raise RuntimeError("boom")

    app.config["PROPAGATE_EXCEPTIONS"] = False  # answered and logged as in production

    response = app.test_client().get("/explode-for-test", headers={"X-Request-Id": "trace-me"})
    assert response.status_code == 500
    lines = log_lines()
    error = next(line for line in lines if line["level"] == "ERROR")
    assert error["request_id"] == "trace-me"
    assert "RuntimeError: boom" in error["exception"]
    assert request_lines(lines)[-1]["status"] == 500
    assert request_lines(lines)[-1]["request_id"] == "trace-me"


def test_a_refused_host_is_still_one_line_with_no_route(sample_search, tmp_path, log_lines):
    app = service_app(
        sample_search, f"sqlite:///{tmp_path / 'p.db'}", TRUSTED_HOSTS=["www.gov.nm.example"]
    )
    try:
        response = app.test_client().get("/search", headers={"Host": "evil.example"})
        assert response.status_code == 400
        [line] = request_lines(log_lines())
        assert line["route"] == "(no route)" and line["status"] == 400
        assert response.headers["X-Request-Id"] == line["request_id"]
    finally:
        dispose(app)
