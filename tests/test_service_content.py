"""The deployable: the build compiles what the service reads of the content into `service.json`,
and a service given only that file (no content folder) answers as one reading the content."""

from __future__ import annotations

import json
import os
import re

import pytest

from app import create_app
from app.content import load_content
from app.forms.registry import form_ids
from app.service_content import (
    FILE_NAME,
    compile_service_content,
    from_json,
    service_content_path,
)
from app.site_settings import SiteSettingsError
from app.store import dispose
from tests.conftest import SAMPLE, service_app

FORMS = [
    "apply-for-a-household-support-grant",
    "register-to-vote",
    "report-a-pothole",
    "request-a-copy-of-a-birth-certificate",
]
# What the service renders from the content: settings (layout), forms, organisations, start pages
SAME_ANSWERS = [
    "/api/v1/forms",
    *(f"/api/v1/forms/{form}" for form in FORMS),
    *(f"/api/v1/forms/{form}/schema" for form in FORMS),
    "/developers/forms",
    *(f"/developers/forms/{form}" for form in FORMS),
    "/search?q=vote",
    "/forms/no-such-form",
]
TOKEN = re.compile(rb'name="csrf_token" value="[^"]*"|nonce="[^"]*"')


def served_from_build(sample_site, tmp_path, **settings):
    return create_app(
        {
            "DIST_DIR": str(sample_site.out),
            "SERVICE_DATA": str(service_content_path(sample_site.out)),
            "CONTENT_DIR": str(tmp_path / "no-content"),  # an app server has none
            "SEARCH_INDEX_DIR": str(sample_site.out / "no-index"),
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'built.db'}",
            **settings,
        }
    )


@pytest.fixture
def apps(sample_site, tmp_path):
    from_content = service_app(sample_site, f"sqlite:///{tmp_path / 'content.db'}")
    from_build = served_from_build(sample_site, tmp_path)
    yield from_content, from_build
    dispose(from_content)
    dispose(from_build)


def test_the_build_writes_the_service_content_beside_the_site(sample_site):
    path = sample_site.out.parent / FILE_NAME
    content = from_json(path.read_bytes(), str(path))
    site, _problems = load_content(SAMPLE, render=False)
    assert content == compile_service_content(site)
    assert sorted(content.forms) == FORMS
    assert content.start_pages == {
        "apply-for-a-household-support-grant": "/apply-for-a-household-support-grant",
        "register-to-vote": "/register-to-vote",
        "report-a-pothole": "/report-a-pothole",
        "request-a-copy-of-a-birth-certificate": "/request-a-copy-of-a-birth-certificate",
    }
    assert content.start_page_translations == {"report-a-pothole": {"cy": "/cy/report-a-pothole"}}
    assert content.settings.name and content.organisations["cabinet-office"]
    assert not (sample_site.out / FILE_NAME).exists()  # beside the public folder, never in it


def test_a_service_without_content_answers_as_one_reading_the_content(apps):
    from_content, from_build = apps
    for url in SAME_ANSWERS:
        with from_content.test_client() as a, from_build.test_client() as b:
            expected, got = a.get(url), b.get(url)
        assert got.status_code == expected.status_code, url
        assert TOKEN.sub(b"", got.data) == TOKEN.sub(b"", expected.data), url


def test_a_form_journey_runs_on_the_compiled_content(apps):
    _from_content, app = apps
    client = app.test_client()
    page = client.get("/forms/report-a-pothole", follow_redirects=True)
    assert page.status_code == 200
    assert b'href="/report-a-pothole"' in page.data  # the back link to its start page
    with app.app_context():
        assert form_ids() == FORMS


def test_a_new_build_of_the_file_is_read_without_a_restart(sample_site, tmp_path):
    path = tmp_path / FILE_NAME
    data = json.loads(service_content_path(sample_site.out).read_bytes())
    path.write_text(json.dumps(data))
    app = served_from_build(sample_site, tmp_path, SERVICE_DATA=str(path))
    client = app.test_client()
    assert client.get("/api/v1/forms/report-a-pothole").json["title"] == "Report a pothole"
    data["forms"]["report-a-pothole"]["title"] = "Report a pothole or a crack"
    partial = tmp_path / "partial.json"
    partial.write_text(json.dumps(data))
    os.replace(partial, path)  # as the build writes it: whole, by rename
    assert client.get("/api/v1/forms/report-a-pothole").json["title"] == (
        "Report a pothole or a crack"
    )
    dispose(app)


def test_a_missing_or_foreign_file_is_refused_at_start_with_what_to_do(sample_site, tmp_path):
    with pytest.raises(SiteSettingsError, match="build the site.*PORTAL_SERVICE_DATA"):
        served_from_build(sample_site, tmp_path, SERVICE_DATA=str(tmp_path / "none.json"))
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({"format": 99}))
    with pytest.raises(SiteSettingsError, match="format 99.*build the site"):
        served_from_build(sample_site, tmp_path, SERVICE_DATA=str(newer))
