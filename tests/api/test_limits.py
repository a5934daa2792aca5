"""What the API refuses before judging answers: bodies too big (413), not JSON (415), malformed
(400); and clients that send too much, too fast (429, Flask-Limiter), with the counts in memory
and in the local Redis."""

from __future__ import annotations

import io
import uuid

import pytest
import redis

from app.api.json_body import API_MAX_BODY, MAX_DEPTH
from tests.api.conftest import POTHOLE, ROAD_REPORT, problem_of
from tests.conftest import service_app


def test_a_body_over_the_limit_is_a_413_before_it_is_read(client):
    big = b'{"answers": {"road-name": "' + b"x" * API_MAX_BODY + b'"}}'
    for url in (f"{POTHOLE}/submissions", f"{POTHOLE}/validate"):
        body = problem_of(client.post(url, data=big, content_type="application/json"), 413)
        assert body["detail"] == (
            f"The request body is {len(big)} bytes: the most the API "
            f"takes is {API_MAX_BODY} bytes (64 KiB)"
        )


def test_a_body_without_a_length_is_cut_off_at_the_limit(client):
    """A chunked body (the server has undone the chunking, as gunicorn does) has no length to
    refuse in advance: reading stops at the limit."""
    big = b'{"answers": {"road-name": "' + b"x" * API_MAX_BODY + b'"}}'
    response = client.post(
        f"{POTHOLE}/submissions",
        input_stream=io.BytesIO(big),
        headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    problem_of(response, 413)


def test_a_body_just_under_the_limit_is_judged(client):
    text = "x" * (API_MAX_BODY - 200)
    response = client.post(
        f"{POTHOLE}/validate", json={"answers": {**ROAD_REPORT, "road-name": text}}
    )
    assert problem_of(response, 422)["errors"][0]["field"] == "answers.road-name"


@pytest.mark.parametrize(
    "content_type",
    ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x", None],
)
def test_only_json_is_taken(client, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post(f"{POTHOLE}/submissions", data="answers=1", headers=headers)
    assert "Content-Type: application/json" in problem_of(response, 415)["detail"]


def test_json_media_types_with_parameters_and_suffixes_are_json(client):
    for content_type in ("application/json; charset=utf-8", "application/merge-patch+json"):
        response = client.post(
            f"{POTHOLE}/validate", data='{"answers": {}}', content_type=content_type
        )
        assert response.status_code == 422, content_type


@pytest.mark.parametrize(
    "data, detail",
    [
        (b"", "The request has no body: send a JSON object"),
        (b'{"answers": ', "The request body is not valid JSON: Expecting value"),
        (b'{"answers": {"copies": NaN}}', "The request body is not valid JSON: NaN"),
        (
            b'{"answers": {"copies": 1' + b"0" * 5000 + b"}}",
            "The request body is not valid JSON: a number has more than 50 digits",
        ),
        (b'{"answers": {"town": "\\ud800"}}', "The request body is not valid UTF-8 JSON"),
        (b'\xff\xfe{"answers": {}}', "The request body is not valid UTF-8 JSON"),
        (b"[" * 5000 + b"]" * 5000, "The request body is not valid JSON: it nests too deeply"),
        (
            b'{"answers": ' + b'{"a": ' * (MAX_DEPTH + 1) + b"1" + b"}" * (MAX_DEPTH + 2),
            f"more than {MAX_DEPTH} deep",
        ),
        (b'"answers"', "The request body must be a JSON object"),
    ],
)
def test_malformed_bodies_are_400_problems(client, data, detail):
    for url in (f"{POTHOLE}/submissions", f"{POTHOLE}/validate"):
        response = client.post(url, data=data, content_type="application/json")
        assert detail in problem_of(response, 400)["detail"]


def test_a_utf8_byte_order_mark_is_allowed(client):
    response = client.post(
        f"{POTHOLE}/validate", content_type="application/json", data=b'\xef\xbb\xbf{"answers": {}}'
    )
    assert response.status_code == 422


# -- rate limits --------------------------------------------------------------------------------


def _limited(sample_search, tmp_path, **settings):
    app = service_app(
        sample_search,
        f"sqlite:///{tmp_path / 'p.db'}",
        RATELIMIT_PUBLIC_WRITES="3 per minute",
        **settings,
    )
    return app.test_client()


def _exhaust(client, url: str, times: int = 3):
    for _ in range(times):
        assert client.post(url, json={"answers": {}}).status_code == 422


def test_writes_are_limited_per_client_with_retry_after(sample_search, tmp_path):
    client = _limited(sample_search, tmp_path)
    _exhaust(client, f"{POTHOLE}/validate")
    response = client.post(f"{POTHOLE}/validate", json={"answers": {}})
    body = problem_of(response, 429)
    assert body["title"] == "Too Many Requests"
    assert body["detail"].startswith("Too many requests from this client: at most 3 per minute")
    assert 1 <= int(response.headers["Retry-After"]) <= 61  # the window's end, rounded up
    # another client (address) has its own count; reads are not limited
    other = client.post(
        f"{POTHOLE}/validate", json={"answers": {}}, environ_overrides={"REMOTE_ADDR": "192.0.2.7"}
    )
    assert other.status_code == 422
    assert all(client.get(POTHOLE).status_code == 200 for _ in range(5))


def test_submissions_and_validation_are_counted_apart(sample_search, tmp_path):
    client = _limited(sample_search, tmp_path)
    _exhaust(client, f"{POTHOLE}/validate")
    problem_of(client.post(f"{POTHOLE}/validate", json={"answers": {}}), 429)
    assert client.post(f"{POTHOLE}/submissions", json={"answers": ROAD_REPORT}).status_code == 201


def test_limits_can_be_turned_off(sample_search, tmp_path):
    client = _limited(sample_search, tmp_path, RATELIMIT_ENABLED=False)
    _exhaust(client, f"{POTHOLE}/validate", times=10)


def test_limits_are_shared_through_redis(sample_search, tmp_path, redis_url):
    """Two apps (two gunicorn workers, two replicas) count one client together."""
    prefix = f"portal-test-{uuid.uuid4().hex}"
    settings = {"RATELIMIT_STORAGE_URI": redis_url, "RATELIMIT_KEY_PREFIX": prefix}
    first = _limited(sample_search, tmp_path, **settings)
    _exhaust(first, f"{POTHOLE}/validate", times=2)
    second = _limited(sample_search, tmp_path, **settings)
    assert second.post(f"{POTHOLE}/validate", json={"answers": {}}).status_code == 422
    problem_of(second.post(f"{POTHOLE}/validate", json={"answers": {}}), 429)
    store = redis.Redis.from_url(redis_url)
    keys = store.keys(f"*{prefix}*")
    assert keys  # the counts really are in Redis
    store.delete(*keys)
