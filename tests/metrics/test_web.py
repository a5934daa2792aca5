"""/metrics through the real app: off by default, guarded by the token and the networks, and
counting what happens where it happens (requests by route, searches, drafts, submissions from
the pages and the API, rate-limit refusals)."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from app.store import dispose
from tests.api.conftest import POTHOLE, ROAD_REPORT
from tests.conftest import service_app

from .helpers import AUTH, TOKEN, scrape, value


@pytest.fixture
def metrics_app(sample_search, tmp_path):
    app = service_app(
        sample_search,
        f"sqlite:///{tmp_path / 'portal.db'}",
        METRICS_TOKEN=TOKEN,
        RATELIMIT_PUBLIC_WRITES="2 per minute",
    )
    yield app
    dispose(app)


@pytest.fixture
def client(metrics_app):
    return metrics_app.test_client()


def test_metrics_are_off_without_a_token_or_networks(sample_search, tmp_path):
    app = service_app(sample_search, f"sqlite:///{tmp_path / 'portal.db'}")
    try:
        response = app.test_client().get("/metrics", headers=AUTH)
        assert response.status_code == 404
        assert "Page not found" in response.get_data(as_text=True)
    finally:
        dispose(app)


def test_the_token_is_asked_for_and_checked(client):
    refused = client.get("/metrics")
    assert refused.status_code == 401
    assert refused.headers["WWW-Authenticate"] == 'Bearer realm="metrics"'
    assert "PORTAL_METRICS_TOKEN" in refused.get_data(as_text=True)
    assert client.get("/metrics", headers={"Authorization": "Bearer nope"}).status_code == 401
    answered = client.get("/metrics", headers=AUTH)
    assert answered.status_code == 200
    assert answered.mimetype == "text/plain"
    assert answered.headers["Cache-Control"] == "no-store"


def test_openmetrics_when_the_scraper_asks_for_it(client):
    response = client.get(
        "/metrics", headers={**AUTH, "Accept": "application/openmetrics-text; version=1.0.0"}
    )
    assert response.mimetype == "application/openmetrics-text"
    assert response.get_data(as_text=True).rstrip().endswith("# EOF")


@pytest.mark.parametrize(
    ("allow", "peer", "status"),
    [
        ("10.0.0.0/8", "10.20.30.40", 200),
        ("10.0.0.0/8", "192.168.0.5", 403),
        ("127.0.0.1/32, ::1", "::1", 200),
    ],
)
def test_networks_decide_by_the_peers_address(sample_search, tmp_path, allow, peer, status):
    app = service_app(sample_search, f"sqlite:///{tmp_path / 'p.db'}", METRICS_ALLOW=allow)
    try:
        response = app.test_client().get("/metrics", environ_base={"REMOTE_ADDR": peer})
        assert response.status_code == status
        if status == 403:
            assert "PORTAL_METRICS_ALLOW" in response.get_data(as_text=True)
    finally:
        dispose(app)


def test_with_both_settings_a_scrape_needs_both(sample_search, tmp_path):
    app = service_app(
        sample_search,
        f"sqlite:///{tmp_path / 'p.db'}",
        METRICS_ALLOW="10.0.0.0/8",
        METRICS_TOKEN=TOKEN,
    )
    try:
        client = app.test_client()
        inside, outside = {"REMOTE_ADDR": "10.0.0.9"}, {"REMOTE_ADDR": "192.0.2.1"}
        assert client.get("/metrics", headers=AUTH, environ_base=inside).status_code == 200
        assert client.get("/metrics", environ_base=inside).status_code == 401
        assert client.get("/metrics", headers=AUTH, environ_base=outside).status_code == 403
    finally:
        dispose(app)


def test_requests_are_counted_by_route_never_by_path(client):
    before = scrape(client)
    for path in ("/forms/report-a-pothole", "/forms/register-to-vote", "/no/such/page/at/all"):
        client.get(path)
    after = scrape(client)
    route = "/forms/<form_id>"
    grew = {
        labels: count - before.get((name, labels), 0)
        for (name, labels), count in after.items()
        if name == "portal_http_requests_total" and ("route", route) in labels
    }
    assert sum(grew.values()) == 2 and len([g for g in grew.values() if g]) == 1
    count = "portal_http_request_duration_seconds_count"
    assert (
        value(after, count, route=route, method="GET")
        - value(before, count, route=route, method="GET")
        == 2
    )
    labels = str([labels for (name, labels) in after if name == "portal_http_requests_total"])
    assert "report-a-pothole" not in labels and "/no/such" not in labels


def test_an_unknown_method_is_counted_as_other(client):
    before = scrape(client)
    client.open("/search", method="BREW")
    after = scrape(client)
    # A method no route takes matches no rule: the one label for unmatched requests.
    key = dict(route="(no route)", method="other", status="405")
    assert (
        value(after, "portal_http_requests_total", **key)
        - value(before, "portal_http_requests_total", **key)
        == 1
    )


def test_searches_are_counted_by_kind(client):
    before = scrape(client)
    client.get("/search?q=tax")
    client.get("/search")  # the empty page: no search made
    client.get("/api/v1/search?q=passport")
    client.get("/api/v1/search/suggest?q=pass")
    client.get("/api/v1/search/suggest?q=")
    after = scrape(client)
    for kind, made in (("page", 1), ("api", 1), ("suggest", 1)):
        grew = value(after, "portal_searches_total", kind=kind) - value(
            before, "portal_searches_total", kind=kind
        )
        assert grew == made, kind


def test_api_submissions_are_counted_once_replays_not(client):
    before = scrape(client)
    headers = {"Idempotency-Key": "metrics-test-1"}
    first = client.post(f"{POTHOLE}/submissions", json={"answers": ROAD_REPORT}, headers=headers)
    again = client.post(f"{POTHOLE}/submissions", json={"answers": ROAD_REPORT}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    after = scrape(client)
    labels = dict(form="report-a-pothole", channel="api")
    assert (
        value(after, "portal_submissions_total", **labels)
        - value(before, "portal_submissions_total", **labels)
        == 1
    )


def test_rate_limit_refusals_are_counted_by_route(client):
    before = scrape(client)
    statuses = [
        client.post(f"{POTHOLE}/validate", json={"answers": ROAD_REPORT}).status_code
        for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
    after = scrape(client)
    route = "/api/v1/forms/<form_id>/validate"
    assert (
        value(after, "portal_rate_limit_refusals_total", route=route)
        - value(before, "portal_rate_limit_refusals_total", route=route)
        == 1
    )


def test_the_scrape_is_valid_text_format_with_help_for_every_portal_metric(client):
    client.get("/healthz")
    text = client.get("/metrics", headers=AUTH).get_data(as_text=True)
    families = {f.name: f for f in text_string_to_metric_families(text)}
    for name in (
        "portal_http_requests",
        "portal_http_request_duration_seconds",
        "portal_delivery_queue_pending",
        "portal_delivery_queue_oldest_age_seconds",
        "portal_delivery_queue_overdue_seconds",
    ):
        assert name in families and families[name].documentation, name
    assert "_created" not in text
