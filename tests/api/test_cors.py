"""CORS: a form's own allowed origins may call its public routes from a browser; no other origin,
no other route, and never with credentials. No API response sets a cookie."""

from __future__ import annotations

import pytest

from tests.api.conftest import BIRTH, POTHOLE, POTHOLE_ORIGIN, ROAD_REPORT

PUBLIC = [
    ("GET", POTHOLE),
    ("GET", f"{POTHOLE}/schema"),
    ("POST", f"{POTHOLE}/validate"),
    ("POST", f"{POTHOLE}/submissions"),
]


def call(client, method, url, origin):
    body = {"json": {"answers": ROAD_REPORT}} if method == "POST" else {}
    return client.open(url, method=method, headers={"Origin": origin}, **body)


@pytest.mark.parametrize("method, url", PUBLIC)
def test_an_allowed_origin_may_read_the_answer(client, method, url):
    response = call(client, method, url, POTHOLE_ORIGIN)
    assert response.status_code in (200, 201)
    assert response.headers["Access-Control-Allow-Origin"] == POTHOLE_ORIGIN
    assert "Origin" in response.vary
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("method, url", PUBLIC)
def test_another_origin_gets_no_cors_headers(client, method, url):
    for origin in (
        "https://evil.example",
        "https://roads.gov.nm.example.evil.example",
        "http://roads.gov.nm.example",
        "null",
    ):
        response = call(client, method, url, origin)
        assert "Access-Control-Allow-Origin" not in response.headers, origin
        assert "Origin" in response.vary  # so no cache serves one origin's answer to another


def test_errors_on_a_public_route_are_readable_by_the_allowed_origin(client):
    response = client.post(
        f"{POTHOLE}/validate", json={"answers": {}}, headers={"Origin": POTHOLE_ORIGIN}
    )
    assert response.status_code == 422
    assert response.headers["Access-Control-Allow-Origin"] == POTHOLE_ORIGIN


def test_a_form_without_allowed_origins_allows_none(client):
    response = client.get(BIRTH, headers={"Origin": POTHOLE_ORIGIN})
    assert response.status_code == 200 and "Access-Control-Allow-Origin" not in response.headers


def test_preflight_for_an_allowed_origin(client):
    response = client.options(
        f"{POTHOLE}/submissions",
        headers={
            "Origin": POTHOLE_ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, idempotency-key",
        },
    )
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == POTHOLE_ORIGIN
    assert response.headers["Access-Control-Allow-Methods"] == "POST"
    allowed = {
        h.strip().lower() for h in response.headers["Access-Control-Allow-Headers"].split(",")
    }
    assert allowed == {"content-type", "idempotency-key"}
    assert int(response.headers["Access-Control-Max-Age"]) > 0
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert "Origin" in response.vary


def test_preflight_for_another_origin_allows_nothing(client):
    response = client.options(
        f"{POTHOLE}/submissions",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert not [name for name, _ in response.headers if name.startswith("Access-Control-Allow")]


@pytest.mark.parametrize(
    "url, method",
    [
        ("/api/v1/forms", "GET"),  # the list is not a form's own route
        ("/api/v1/search?q=passport", "GET"),
        (f"{POTHOLE}/submissions", "GET"),  # the agency's listing, with its bearer key
        (f"{POTHOLE}/schema", "DELETE"),
    ],
)
def test_other_routes_get_no_cors(client, url, method):
    preflight = client.options(
        url, headers={"Origin": POTHOLE_ORIGIN, "Access-Control-Request-Method": method}
    )
    assert "Access-Control-Allow-Origin" not in preflight.headers
    response = client.open(url, method=method, headers={"Origin": POTHOLE_ORIGIN})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_the_allowed_origin_may_read_location_and_retry_after(db_app):
    """A page's script can read where its submission is and, when limited, how long to wait:
    CORS hides every other header from it."""
    db_app.config["RATELIMIT_PUBLIC_WRITES"] = "1 per minute"
    client = db_app.test_client()
    created = call(client, "POST", f"{POTHOLE}/submissions", POTHOLE_ORIGIN)
    limited = call(client, "POST", f"{POTHOLE}/submissions", POTHOLE_ORIGIN)
    assert (created.status_code, limited.status_code) == (201, 429)
    for response, header in ((created, "Location"), (limited, "Retry-After")):
        assert header in response.headers
        assert response.headers["Access-Control-Allow-Origin"] == POTHOLE_ORIGIN
        exposed = {
            h.strip().lower() for h in response.headers["Access-Control-Expose-Headers"].split(",")
        }
        assert {"location", "retry-after"} <= exposed
