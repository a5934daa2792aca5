"""`flask --app app run` serves the built dist/ folder: real requests through the app."""

from __future__ import annotations

from bs4 import BeautifulSoup

from app import create_app
from app.config import load_config


def fetch(client, path: str):
    """GET `path`, read the body and close the response (it may hold an open file)."""
    response = client.get(path)
    response.get_data()
    response.close()
    return response


def test_config_layers_defaults_environment_and_dict(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_DIST_DIR", str(tmp_path / "from-env"))
    monkeypatch.setenv("PORTAL_LIVE_RELOAD", "true")
    config = load_config()
    assert config["DIST_DIR"] == str(tmp_path / "from-env")
    assert config["LIVE_RELOAD"] is True
    assert load_config({"DIST_DIR": "given"})["DIST_DIR"] == "given"
    app = create_app()  # the environment is read when the app is created
    assert app.config["DIST_DIR"] == str(tmp_path / "from-env")


def test_serves_pages_without_extension(small_site):
    client = create_app({"DIST_DIR": str(small_site.out)}).test_client()
    response = fetch(client, "/road-rules")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    soup = BeautifulSoup(response.data, "html.parser")
    assert soup.select_one("h1").get_text(strip=True) == "Road rules"
    home = fetch(client, "/")
    assert BeautifulSoup(home.data, "html.parser").select_one("h1").get_text(strip=True) == (
        "Services and information"
    )
    assert fetch(client, "/fix-a-road/report").status_code == 200
    assert fetch(client, "/api/content/road-rules.json").json["title"] == "Road rules"
    assert fetch(client, "/assets/portal.css").mimetype == "text/css"


def test_unknown_paths_get_the_sites_404_page(small_site):
    client = create_app({"DIST_DIR": str(small_site.out)}).test_client()
    for path in ("/no-such-page", "/../etc/passwd", "/assets/../../secret"):
        response = fetch(client, path)
        assert response.status_code == 404
        soup = BeautifulSoup(response.data, "html.parser")
        assert soup.select_one("h1").get_text(strip=True) == "Page not found"


def test_live_reload_only_when_asked(small_site):
    plain = create_app({"DIST_DIR": str(small_site.out)}).test_client()
    assert b"__live-reload" not in fetch(plain, "/road-rules").data
    assert fetch(plain, "/__build-id").status_code == 404
    app = create_app({"DIST_DIR": str(small_site.out), "LIVE_RELOAD": True})
    client = app.test_client()
    page = BeautifulSoup(fetch(client, "/road-rules").data, "html.parser")
    assert page.select_one("script[type=module][src='/__live-reload.mjs']")
    assert fetch(client, "/__build-id").text == "0"
    app.extensions["portal.build_id"] = "1"
    assert fetch(client, "/__build-id").text == "1"
    assert "location.reload()" in fetch(client, "/__live-reload.mjs").text
