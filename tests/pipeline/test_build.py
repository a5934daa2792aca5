"""The build as a whole: options, consultation dates, replacing the previous site, the CLI."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

from bs4 import BeautifulSoup

from app.pipeline import build
from app.pipeline.server_files import SERVER_FILES
from app.store import dispose
from tests.conftest import ROOT, SMALL, SMALL_TODAY, BuiltSite, service_app
from tests.pipeline.build_compare import site_files


def _status(out) -> str:
    soup = BeautifulSoup((out / "road-charges-consultation.html").read_text(), "html.parser")
    return soup.select_one(".app-consultation-status .govuk-tag").get_text(strip=True)


def test_consultation_status_follows_the_build_day(tmp_path):
    for day, expected in (
        (dt.date(2026, 5, 31), "Forthcoming consultation"),
        (dt.date(2026, 7, 1), "Open consultation"),
        (dt.date(2026, 7, 2), "Closed consultation"),
    ):
        out = tmp_path / day.isoformat()
        build(SMALL, out, today=day)
        assert _status(out) == expected


def test_base_url_option_overrides_site_yaml(tmp_path):
    build(SMALL, tmp_path / "out", base_url="https://preview.example.org/")
    soup = BeautifulSoup((tmp_path / "out" / "road-rules.html").read_text(), "html.parser")
    assert soup.select_one("link[rel=canonical]")["href"] == (
        "https://preview.example.org/road-rules"
    )


def test_rebuild_replaces_the_old_site_whole(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "stale.html").write_text("from an older build")
    build(SMALL, out)
    assert not (out / "stale.html").exists()
    assert (out / "road-rules.html").is_file()
    leftovers = [p.name for p in tmp_path.iterdir() if p.name not in ("out", *SERVER_FILES)]
    assert leftovers == []  # no staging or old folders left behind


def test_the_nginx_map_is_beside_the_site_and_never_served(tmp_path):
    out = tmp_path / "site" / "dist"
    result = build(SMALL, out, today=SMALL_TODAY)
    assert result.nginx_map == tmp_path / "site" / "redirects.nginx.conf"
    assert "map $uri $portal_redirect {" in result.nginx_map.read_text()
    assert not list(out.rglob("*.conf"))
    app = service_app(BuiltSite(out, result), f"sqlite:///{tmp_path / 'portal.db'}")
    response = app.test_client().get("/redirects.nginx.conf")
    assert response.status_code == 404
    assert "portal_redirect" not in response.get_data(as_text=True)
    dispose(app)


def test_cli_build_prints_a_summary(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "build.py",
            "build",
            "--content",
            str(SMALL),
            "--out",
            str(tmp_path / "out"),
            "--index",
            str(tmp_path / "index"),
            "--cache",
            str(tmp_path / "cache"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Built 28 pages" in result.stdout  # the 5 error pages (dist/errors/) included
    assert f"nginx map of the redirects beside it: {tmp_path / 'redirects.nginx.conf'}, " in (
        result.stdout
    )
    assert "(portal.conf)" in result.stdout and "(service.json)" in result.stdout
    # 7 pages (a guide is one document) and 2 organisations
    assert f"Indexed 9 documents for search into {tmp_path / 'index'}" in result.stdout
    assert (tmp_path / "index" / "CURRENT").is_file()
    assert "warning: form `report-a-pothole` is not defined yet" in result.stderr
    strict = subprocess.run(
        [
            sys.executable,
            "build.py",
            "--strict",
            "--content",
            str(SMALL),
            "--out",
            str(tmp_path / "strict"),
            "--index",
            str(tmp_path / "strict-index"),
            "--cache",
            str(tmp_path / "strict-cache"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert strict.returncode == 1
    assert not (tmp_path / "strict").exists()
    assert not (tmp_path / "strict-index").exists()


def test_cli_help_names_every_command():
    result = subprocess.run(
        [sys.executable, "build.py", "--help"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    for command in ("build", "check", "serve"):
        assert command in result.stdout


def _inodes(out) -> dict:
    return {str(p.relative_to(out)): p.stat().st_ino for p in out.rglob("*") if p.is_file()}


def test_cli_build_reuses_the_cache_and_clean_ignores_it(tmp_path):
    """`--cache DIR`: a second build with nothing changed writes no file (every file is the one
    the first build wrote); `--clean` writes every file again, the same bytes."""
    out = tmp_path / "out"
    command = [
        sys.executable,
        "build.py",
        "build",
        "--content",
        str(SMALL),
        "--out",
        str(out),
        "--index",
        str(tmp_path / "index"),
        "--cache",
        str(tmp_path / "cache"),
    ]
    runs = {}
    for name, extra in (("first", []), ("again", []), ("clean", ["--clean"])):
        result = subprocess.run(
            command + extra, cwd=ROOT, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr
        runs[name] = (result, _inodes(out), site_files(out))
    assert "not used" not in runs["again"][0].stderr
    assert runs["again"][1] == runs["first"][1]
    assert all(runs["clean"][1][path] != inode for path, inode in runs["first"][1].items())
    assert runs["clean"][2] == runs["again"][2] == runs["first"][2]
    assert (tmp_path / "cache").is_dir()
