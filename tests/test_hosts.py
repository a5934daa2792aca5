"""The request's Host header is never trusted: absolute URLs in answers come from the public base
URL (site.yaml's `base_url`, or BASE_URL), redirects are relative, and with TRUSTED_HOSTS set an
unknown host is refused with a 400 (the site's page; a problem on /api/). Real requests through
the test client with a hostile Host header."""

from __future__ import annotations

import pytest

from app.config import load_config
from app.site_settings import SiteSettingsError
from app.store import dispose
from tests.api.conftest import POTHOLE, POTHOLE_ORIGIN, problem_of
from tests.conftest import service_app
from tests.forms.test_web import soup_of

HOSTILE = {"Host": "evil.example"}
PUBLIC = "https://www.gov.nm.example"  # the sample's site.yaml


@pytest.fixture
def make_app(sample_site, tmp_path):
    made = []

    def make(**settings):
        app = service_app(sample_site, f"sqlite:///{tmp_path / 'portal.db'}", **settings)
        made.append(app)
        return app

    yield make
    for app in made:
        dispose(app)


def test_the_answers_schema_id_is_the_public_url_whatever_the_host(make_app):
    client = make_app().test_client()
    schema = client.get(f"{POTHOLE}/schema", headers=HOSTILE).get_json()
    assert schema["$id"] == f"{PUBLIC}{POTHOLE}/schema"


def test_base_url_replaces_site_yamls_address_as_the_builds_option_does(make_app):
    client = make_app(BASE_URL="https://preview.gov.nm.example/").test_client()
    schema = client.get(f"{POTHOLE}/schema", headers=HOSTILE).get_json()
    assert schema["$id"] == f"https://preview.gov.nm.example{POTHOLE}/schema"
    developer_page = soup_of(client.get("/developers/forms/report-a-pothole"))
    assert "https://preview.gov.nm.example/forms/report-a-pothole/embed" in (
        developer_page.select_one("textarea#embed-snippet").get_text()
    )


def test_a_base_url_that_is_not_one_stops_the_app_with_the_reason(sample_site, tmp_path):
    for wrong in ("www.gov.nm.example", "https://www.gov.nm.example/path", "ftp://x.example"):
        with pytest.raises(SiteSettingsError, match="BASE_URL"):
            service_app(sample_site, f"sqlite:///{tmp_path / 'p.db'}", BASE_URL=wrong)


def test_a_redirect_made_by_routing_is_relative_not_to_the_requests_host(make_app):
    # An empty path (the app mounted under a prefix and asked for the prefix itself) is
    # redirected to "/" by routing, which writes an absolute URL from the Host header.
    response = (
        make_app().test_client().get("/", headers=HOSTILE, environ_overrides={"PATH_INFO": ""})
    )
    assert response.status_code == 308
    assert response.headers["Location"] == "/"


def status_of(client, url: str, headers: dict) -> int:
    with client.get(url, headers=headers) as response:  # a built file: closed when read
        return response.status_code


def test_without_trusted_hosts_any_host_is_answered(make_app):
    assert status_of(make_app().test_client(), "/apply-for-a-passport", HOSTILE) == 200


def test_trusted_hosts_refuse_any_other_host_with_the_sites_page(make_app):
    app = make_app(TRUSTED_HOSTS=["www.gov.nm.example", ".preview.gov.nm.example"])
    client = app.test_client()
    for host in ("www.gov.nm.example", "a.preview.gov.nm.example", "www.gov.nm.example:8443"):
        assert status_of(client, "/apply-for-a-passport", {"Host": host}) == 200, host
    response = client.get("/apply-for-a-passport", headers=HOSTILE)
    assert response.status_code == 400
    soup = soup_of(response)
    assert soup.select_one("h1").get_text(strip=True) == (
        "Sorry, there is a problem with this web address"
    )
    assert soup.select_one(f"main a.govuk-link[href='{PUBLIC}/']")
    assert soup.select_one("header .govuk-header")  # the site's layout
    assert "evil.example" not in response.get_data(as_text=True)
    assert response.headers["X-Frame-Options"] == "DENY"


def test_trusted_hosts_refuse_any_other_host_on_the_api_as_a_problem(make_app):
    client = make_app(TRUSTED_HOSTS=["www.gov.nm.example"]).test_client()
    problem = problem_of(client.get(f"{POTHOLE}/schema", headers=HOSTILE), 400)
    assert "evil.example" not in problem.get("detail", "")
    # before anything else answers: a preflight, a submission, the feedback buttons
    preflight = client.options(
        f"{POTHOLE}/submissions",
        headers={**HOSTILE, "Origin": POTHOLE_ORIGIN, "Access-Control-Request-Method": "POST"},
    )
    problem_of(preflight, 400)
    assert "Access-Control-Allow-Origin" not in preflight.headers
    problem_of(client.post(f"{POTHOLE}/submissions", json={"answers": {}}, headers=HOSTILE), 400)
    assert (
        client.post(
            "/feedback", data={"path": "/about", "useful": "yes"}, headers=HOSTILE
        ).status_code
        == 400
    )


def test_trusted_hosts_is_a_list_read_from_json_in_the_environment():
    assert load_config(environ={})["TRUSTED_HOSTS"] == []
    assert load_config(environ={"PORTAL_TRUSTED_HOSTS": '["www.gov.nm.example"]'})[
        "TRUSTED_HOSTS"
    ] == ["www.gov.nm.example"]
    assert load_config(environ={})["BASE_URL"] == ""
