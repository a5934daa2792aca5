"""Who the client is behind proxies (PORTAL_TRUSTED_PROXIES): X-Forwarded-For is believed only
from a trusted proxy, so the rate limits count each citizen behind nginx and no client can
choose its own address; /metrics still decides on the connection's own address."""

from __future__ import annotations

import pytest

from app.client_address import forwarded_client
from app.config import load_config
from app.networks import parse_networks
from app.startup import settings_problems
from app.store import dispose
from tests.conftest import service_app
from tests.metrics.helpers import AUTH, TOKEN

NGINX = "10.0.0.5"
TRUSTED = parse_networks("10.0.0.5/32, 10.1.0.0/16")


@pytest.mark.parametrize(
    ("forwarded_for", "client"),
    [
        ("203.0.113.7", "203.0.113.7"),
        # a client's own header, then nginx's entry: the rightmost untrusted address wins
        ("198.51.100.1, 203.0.113.7", "203.0.113.7"),
        # a chain of trusted proxies (an edge in 10.1/16, then nginx) is walked through
        ("198.51.100.1, 203.0.113.7, 10.1.4.4", "203.0.113.7"),
        (" 2001:db8::9 ,10.1.4.4", "2001:db8::9"),
        # every hop trusted: the leftmost is the client (a request from inside)
        ("10.1.2.3, 10.1.4.4", "10.1.2.3"),
        # not an address: the walk stops at the last trusted hop, never at the garbage
        ("203.0.113.7, unknown", NGINX),
        ("203.0.113.7, nonsense, 10.1.4.4", "10.1.4.4"),
        ("", NGINX),
        (" , ", NGINX),
    ],
)
def test_the_client_is_the_rightmost_address_that_is_not_a_trusted_proxy(forwarded_for, client):
    assert forwarded_client(NGINX, forwarded_for, TRUSTED) == client


def test_a_bad_setting_is_named_with_what_to_give():
    problems = settings_problems(load_config({"TRUSTED_PROXIES": "10.0.0.5, nginx"}))
    assert problems == [
        "PORTAL_TRUSTED_PROXIES: 'nginx' is not a network: give CIDRs such as 10.0.0.0/8 or "
        "127.0.0.1/32, separated by commas"
    ]
    assert settings_problems(load_config({"TRUSTED_PROXIES": "10.0.0.5/32 ::1"})) == []


@pytest.fixture
def make_app(sample_search, tmp_path):
    apps = []

    def make(**settings):
        app = service_app(
            sample_search,
            f"sqlite:///{tmp_path / 'portal.db'}",
            RATELIMIT_SEARCH="2 per minute",
            **settings,
        )
        apps.append(app)
        return app.test_client()

    yield make
    for app in apps:
        dispose(app)


def search(client, peer, forwarded_for=None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    response = client.get("/search?q=tax", headers=headers, environ_base={"REMOTE_ADDR": peer})
    return response.status_code


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(make_app):
    client = make_app(TRUSTED_PROXIES="10.0.0.5/32")
    assert [search(client, NGINX, "203.0.113.7") for _ in range(3)] == [200, 200, 429]
    # Another citizen through the same nginx is not refused for the first one's searches…
    assert search(client, NGINX, "203.0.113.8") == 200
    # …and a citizen cannot dodge the limit by writing a header: nginx's entry is the rightmost.
    assert search(client, NGINX, "192.0.2.50, 203.0.113.7") == 429


def test_without_the_setting_every_client_behind_the_proxy_is_the_proxy(make_app):
    client = make_app()
    assert [search(client, NGINX, f"203.0.113.{n}") for n in range(3)] == [200, 200, 429]


def test_the_header_from_a_connection_that_is_not_a_trusted_proxy_is_ignored(make_app):
    client = make_app(TRUSTED_PROXIES="10.0.0.5/32")
    # A client talking to the app directly cannot make each request look like someone else.
    statuses = [search(client, "198.51.100.9", f"203.0.113.{n}") for n in range(3)]
    assert statuses == [200, 200, 429]


def test_metrics_decide_on_the_connection_not_on_the_forwarded_client(make_app):
    client = make_app(TRUSTED_PROXIES="10.0.0.0/8", METRICS_ALLOW="10.0.0.0/8", METRICS_TOKEN=TOKEN)
    outside = {"REMOTE_ADDR": "192.0.2.1"}
    inside = {"REMOTE_ADDR": "10.0.0.7"}
    # An outsider claiming an inside address in the header is still outside…
    claim = {**AUTH, "X-Forwarded-For": "10.0.0.9"}
    assert client.get("/metrics", headers=claim, environ_base=outside).status_code == 403
    # …and a scraper inside is let in whatever address a proxy says it forwarded for.
    forwarded = {**AUTH, "X-Forwarded-For": "192.0.2.1"}
    assert client.get("/metrics", headers=forwarded, environ_base=inside).status_code == 200


def test_doctor_says_who_the_client_is(make_app):
    from tests.health.test_doctor import doctor

    trusted = make_app(TRUSTED_PROXIES="10.0.0.5/32").application
    _, checks, _ = doctor(trusted)
    assert "X-Forwarded-For behind the proxies 10.0.0.5/32" in checks["settings"]
    _, checks, _ = doctor(make_app().application)
    assert "set PORTAL_TRUSTED_PROXIES" in checks["settings"]
