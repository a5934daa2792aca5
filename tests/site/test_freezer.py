"""The freezer: Frozen-Flask's, fetching each URL the short way (one WSGI call)."""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

import flask
import flask_frozen
import pytest

from app import create_app
from app.pipeline import build, check
from app.pipeline.compress import gzip_tree
from app.site import freezer
from app.site.content_json import page_json
from app.site.freezer import make_freezer

ROOT = Path(__file__).resolve().parents[2]


def _differences(left: Path, right: Path) -> list[str]:
    compared = filecmp.dircmp(left, right)
    found = [*compared.left_only, *compared.right_only, *compared.diff_files, *compared.funny_files]
    for name in compared.common_dirs:
        found += [f"{name}/{d}" for d in _differences(left / name, right / name)]
    return found


def test_the_site_is_frozen_as_frozen_flasks_own_requests_freeze_it(tmp_path, monkeypatch):
    build(ROOT / "content", tmp_path / "short" / "site", cache_dir=tmp_path / "short" / "cache")
    # Frozen-Flask's own loop and requests; its pages are compressed after, by gzip_tree (the
    # build compresses each file as the freezer writes it, which Frozen-Flask's loop does not)
    monkeypatch.setattr(freezer.PortalFreezer, "freeze_yield", flask_frozen.Freezer.freeze_yield)
    monkeypatch.setattr(freezer.PortalFreezer, "_build_one", flask_frozen.Freezer._build_one)
    build(ROOT / "content", tmp_path / "own" / "site", cache_dir=tmp_path / "own" / "cache")
    gzip_tree(tmp_path / "own" / "site")
    assert _differences(tmp_path / "short" / "site", tmp_path / "own" / "site") == []
    assert len(list((tmp_path / "short" / "site").rglob("*.html"))) > 50


# the freezes of a few URLs leave the other endpoints unfrozen, as the build's do on purpose
@pytest.mark.filterwarnings("ignore::flask_frozen.MissingURLGeneratorWarning")
def test_each_file_is_passed_on_as_written_and_listed_relative_to_the_folder(tmp_path):
    site, _problems = check(ROOT / "content")
    app = create_app({"SITE": site})
    frozen = make_freezer(app, site, str(tmp_path), only=["/", "/sitemap.xml", "/", "/a-to-z"])
    written = []
    frozen.written = lambda path, body: written.append((path, body))
    pages = list(frozen.freeze_yield())
    assert [(page.url, str(page.path)) for page in pages] == [
        ("/", "index.html"),
        ("/sitemap.xml", "sitemap.xml"),
        ("/a-to-z", "a-to-z.html"),
    ]
    assert [path for path, _body in written] == [str(tmp_path / p.path) for p in pages]
    assert all(Path(path).read_bytes() == body for path, body in written)


@pytest.mark.filterwarnings("ignore::flask_frozen.MissingURLGeneratorWarning")
def test_a_type_that_does_not_match_the_extension_is_warned_about(tmp_path):
    site, _problems = check(ROOT / "content")
    app = create_app({"SITE": site})
    frozen = make_freezer(app, site, str(tmp_path), only=["/robots.txt"])
    frozen.urlpath_to_filepath = lambda path: "robots.html"
    with pytest.warns(flask_frozen.MimetypeMismatchWarning, match="robots.html"):
        list(frozen.freeze_yield())


def test_a_file_already_in_the_folder_is_an_error_not_overwritten(tmp_path):
    site, _problems = check(ROOT / "content")
    app = create_app({"SITE": site})
    (tmp_path / "index.html").write_text("an older build")
    frozen = make_freezer(app, site, str(tmp_path), only=["/"])
    with pytest.raises(FileExistsError):
        list(frozen.freeze_yield())
    assert (tmp_path / "index.html").read_text() == "an older build"


def test_a_fetch_gives_the_apps_status_type_and_body(tmp_path):
    site, _problems = check(ROOT / "content")
    app = create_app({"SITE": site})
    frozen = make_freezer(app, site, str(tmp_path))
    status, content_type, body = frozen.fetch("/")
    assert (status, content_type) == (200, "text/html; charset=utf-8")
    assert body == app.test_client().get("/").data
    assert frozen.fetch("/no-such-page-é")[0] == 404
    with pytest.raises(ValueError, match="Unexpected status 404"):
        frozen._build_one("/no-such-page-é")


@pytest.mark.filterwarnings("ignore::flask_frozen.MissingURLGeneratorWarning")
def test_a_pages_content_json_is_written_without_a_request_as_its_view_serves_it(
    small_app, tmp_path
):
    pages = ["/api/content/road-rules.json", "/api/content/fix-a-road/repairs.json"]
    organisation = "/api/content/organisations/roads-agency.json"
    made = []
    site = small_app.extensions["portal.site"]
    frozen = make_freezer(small_app, site, str(tmp_path), only=[*pages, organisation])
    with flask.request_started.connected_to(
        lambda _app: made.append(flask.request.path), small_app
    ):
        list(frozen.freeze_yield())
    assert made == [organisation]  # the organisation's is its view's alone
    client = small_app.test_client()
    for url in [*pages, organisation]:
        served = client.get(url)
        assert (served.status_code, served.content_type) == (200, "application/json")
        assert (tmp_path / url.lstrip("/")).read_bytes() == served.data
    assert json.loads(served.data)["title"] == "Roads Agency"


def test_only_a_page_or_a_guide_parts_content_json_is_made_without_a_request(small_app):
    documents = small_app.extensions["portal.documents"]
    assert page_json(documents, "/api/content/road-rules.json") is not None
    for url in (
        "/api/content/fix-a-road/print.json",  # a printable guide has none
        "/api/content/no-such-page.json",
        "/api/content/old-roads.json",  # a redirect's
        "/api/content/organisations/roads-agency.json",
        "/api/content/road-rules.json/",
        "/road-rules",
    ):
        assert page_json(documents, url) is None, url
    assert small_app.test_client().get("/api/content/fix-a-road/print.json").status_code == 404
