"""The service in the reader's language: /cy/… reaches the same routes with g.language set, and
the links the service writes keep the prefix (app/languages.py)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask import g

from app.languages import LanguagePrefix
from app.store import dispose
from tests.conftest import service_app


@pytest.fixture
def app(sample_search, tmp_path):
    app = service_app(sample_search, f"sqlite:///{tmp_path / 'portal.db'}")
    yield app
    dispose(app)


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_welsh_search_runs_in_welsh_and_keeps_the_prefix(app):
    with app.test_client() as client:
        response = client.get("/cy/search?q=pothole")
        assert response.status_code == 200
        assert g.language == "cy"
    soup = _soup(response)
    assert soup.html["lang"] == "cy"
    assert soup.select_one("form.app-search-box")["action"] == "/cy/search"
    # the switcher leads to the same search in English; Welsh is the current one, not a link
    english = soup.select_one(".app-translation-nav a[hreflang=en]")
    assert english["href"] == "/search?q=pothole" and english["lang"] == "en"
    assert soup.select_one(".app-translation-nav span[lang=cy]").get_text() == "Cymraeg"
    assert soup.select_one('link[rel=alternate][hreflang="x-default"]')["href"].endswith(
        "/search?q=pothole"
    )


def test_english_search_is_in_the_default_language(app):
    with app.test_client() as client:
        response = client.get("/search?q=pothole")
        assert g.language == "en"
    assert _soup(response).html["lang"] == "en"


def test_a_welsh_form_page_is_the_service_in_welsh(app):
    with app.test_client() as client:
        response = client.get("/cy/forms/report-a-pothole", follow_redirects=True)
        assert response.status_code == 200
        assert g.language == "cy"
        # url_for keeps the prefix: the form's own links and its post stay in Welsh
        assert response.request.path.startswith("/cy/forms/report-a-pothole/")
    form = _soup(response).select_one("main form")
    assert form["action"].startswith("/cy/forms/report-a-pothole/")


def test_built_welsh_pages_are_served_from_their_folder(app):
    client = app.test_client()
    for path in ("/cy/", "/cy/report-a-pothole"):
        with client.get(path) as response:  # a file's response: closed when read
            assert response.status_code == 200 and _soup(response).html["lang"] == "cy"
    with client.get("/cy/no-such-page") as response:
        assert response.status_code == 404


def test_only_the_sites_languages_are_prefixes():
    seen = []

    def inner(environ, start_response):
        seen.append((environ["SCRIPT_NAME"], environ["PATH_INFO"], environ.get("portal.language")))
        return []

    wrapped = LanguagePrefix(inner, ["cy"])
    for path in ("/cy/search", "/cy", "/cymru/search", "/fr/search"):
        wrapped({"PATH_INFO": path, "SCRIPT_NAME": ""}, None)
    assert seen == [
        ("/cy", "/search", "cy"),
        ("/cy", "/", "cy"),
        ("", "/cymru/search", None),
        ("", "/fr/search", None),
    ]


def test_the_developer_pages_and_the_api_are_in_the_default_language_only(app):
    client = app.test_client()
    assert client.get("/developers").status_code == 200
    assert client.get("/cy/developers").status_code == 404
    assert client.get("/cy/api/v1/forms").status_code == 404
