"""The freezer: Frozen-Flask's, fetching each URL the short way (one WSGI call)."""

from __future__ import annotations

import filecmp
from pathlib import Path

import flask_frozen
import pytest

from app import create_app
from app.pipeline import build, check
from app.pipeline.compress import gzip_tree
from app.site import freezer
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
