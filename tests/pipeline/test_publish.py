"""`build.py publish`: build, publish, edit, build and publish again while a running service
answers requests, and check that it switches to the new release without a restart and without
a failed request (issue 12, goal 5)."""

from __future__ import annotations

import json
import os
import shutil
import stat
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import create_app
from app.pipeline import build, old_assets
from app.store import dispose
from build import main as build_py
from tests.conftest import SMALL, SMALL_TODAY

PAGE = Path("roads") / "road-rules.md"
NEW_TITLE = "Quarrelsome road rules"


def _build(content: Path, work: Path) -> None:
    build(content, work / "dist", index_dir=work / "index", today=SMALL_TODAY)


def _publish(content: Path, work: Path, *targets: str, options: tuple = ()) -> None:
    argv = ["publish", "--out", str(work / "dist")]
    argv += ["--index", str(work / "index"), *options, *targets]
    assert build_py(argv) == 0


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError as error:  # refused, reset, timed out: a failed request all the same
        return 0, str(error).encode()


def _titles(base: str, q: str) -> list[str]:
    status, body = _get(f"{base}/api/v1/search?q={q}")
    assert status == 200, body
    return [result["title"] for result in json.loads(body)["results"]]


@pytest.fixture
def content(tmp_path) -> Path:
    tree = tmp_path / "content"
    shutil.copytree(SMALL, tree)
    return tree


def test_a_running_service_switches_to_a_new_release_without_a_failed_request(content, tmp_path):
    work, site = tmp_path / "build", tmp_path / "site"
    _build(content, work)
    _publish(content, work, str(site))
    first = os.readlink(site / "current")

    live = site / "current"
    app = create_app(
        {
            "DIST_DIR": str(live / "dist"),
            "SEARCH_INDEX_DIR": str(live / "search-index"),
            "SERVICE_DATA": str(live / "service.json"),
            "CONTENT_DIR": str(tmp_path / "no-content-here"),  # a server has none
            "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.db'}",
            "RATELIMIT_ENABLED": False,
        }
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    base = f"http://127.0.0.1:{server.server_port}"
    answers: list[tuple[str, int]] = []
    stop = threading.Event()

    def keep_asking():
        urls = [f"{base}/api/v1/search?q=road+rules", f"{base}/road-rules", f"{base}/"]
        while not stop.is_set():
            for url in urls:
                answers.append((url, _get(url)[0]))

    asking = [threading.Thread(target=keep_asking) for _ in range(2)]
    try:
        for thread in asking:
            thread.start()
        assert NEW_TITLE not in _titles(base, "quarrelsome+road")

        page = content / PAGE
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("title: Road rules", f"title: {NEW_TITLE}"), "utf-8")
        _build(content, work)
        _publish(content, work, str(site))

        deadline = time.monotonic() + 10
        while NEW_TITLE not in _titles(base, "quarrelsome+road") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert NEW_TITLE in _titles(base, "quarrelsome+road")
        status, body = _get(f"{base}/road-rules")
        assert status == 200 and NEW_TITLE.encode() in body
        time.sleep(0.3)  # requests on the new release too
    finally:
        stop.set()
        for thread in asking:
            thread.join()
        server.shutdown()
        dispose(app)

    failed = [(url, status) for url, status in answers if status != 200]
    assert len(answers) > 20 and not failed, failed[:5]
    # the old release is intact until pruned: rollback is a symlink switch back
    old_page = site / first / "dist" / "road-rules.html"
    assert "Road rules" in old_page.read_text(encoding="utf-8")
    assert NEW_TITLE not in old_page.read_text(encoding="utf-8")
    assert os.readlink(site / "current") != first


def test_old_releases_are_pruned_to_keep_and_the_live_one_stays(content, tmp_path):
    work, site = tmp_path / "build", tmp_path / "site"
    _build(content, work)
    for _ in range(4):
        _publish(content, work, str(site), options=("--keep", "2"))
    releases = sorted(p.name for p in (site / "releases").iterdir())
    assert len(releases) == 2
    assert os.readlink(site / "current") == f"releases/{releases[-1]}"
    live = site / "current"
    assert (live / "dist" / "index.html").is_file()
    for name in ("service.json", "portal.conf", "redirects.nginx.conf"):
        assert (live / name).is_file(), name
    assert not (live / "content").exists()
    generation = (live / "search-index" / "CURRENT").read_text(encoding="utf-8").strip()
    assert [p.name for p in (live / "search-index").iterdir() if p.is_dir()] == [generation]


OLD_CSS = "portal.0123456789ab.css"  # as a release built from other code named its stylesheet


def _plant_old_asset(site: Path) -> None:
    """The live release, as if built from code whose stylesheet was another: a file of its own
    under another fingerprinted name."""
    (site / "current" / "dist" / "assets" / OLD_CSS).write_text("/* old */", encoding="utf-8")


def _assets_of_each_release(site: Path) -> list[set[str]]:
    folders = sorted(p for p in (site / "releases").iterdir() if not p.name.startswith("."))
    return [set(os.listdir(folder / "dist" / "assets")) for folder in folders]


def test_the_replaced_releases_fingerprinted_assets_stay_one_release_longer(content, tmp_path):
    """Pages of the release just replaced, still in browsers' and CDNs' caches, load the assets
    they name: the next release keeps those it lacks, and the one after lets them go."""
    work, site = tmp_path / "build", tmp_path / "site"
    _build(content, work)
    _publish(content, work, str(site))
    _plant_old_asset(site)
    own = old_assets.own_assets(site / "current")
    assert OLD_CSS in own and len(own) > 1
    _publish(content, work, str(site))
    live = site / "current"
    assert (live / "dist" / "assets" / OLD_CSS).read_text(encoding="utf-8") == "/* old */"
    assert (live / old_assets.CARRIED).read_text(encoding="utf-8") == f"{OLD_CSS}\n"
    assert OLD_CSS not in old_assets.own_assets(live)  # the same code's files are its own
    _publish(content, work, str(site))
    assert [OLD_CSS in names for names in _assets_of_each_release(site)] == [
        True,
        True,
        False,
    ]
    assert (site / "current" / old_assets.CARRIED).read_text(encoding="utf-8") == ""


def test_nginx_is_reloaded_only_when_its_files_changed(content, tmp_path):
    work, site = tmp_path / "build", tmp_path / "site"
    reloads = tmp_path / "reloads"
    reload = ("--nginx-reload", f"echo reloaded >> {reloads}")
    _build(content, work)
    _publish(content, work, str(site), options=reload)  # a first release: nginx must load it
    _build(content, work)
    _publish(content, work, str(site), options=reload)  # the same redirects
    assert reloads.read_text().count("reloaded") == 1
    with (content / "redirects.yaml").open("a", encoding="utf-8") as redirects:
        redirects.write("\n- {from: /an-old-road, to: /road-rules}\n")
    _build(content, work)
    _publish(content, work, str(site), options=reload)
    assert reloads.read_text().count("reloaded") == 2
    assert "/an-old-road" in (site / "current" / "redirects.nginx.conf").read_text()


def test_a_server_target_gets_its_release_by_rsync_and_switches(content, tmp_path):
    """A `host:path` target through rsync and the remote commands, with an `ssh` that runs
    them on this machine (no SSH server in the tests)."""
    if shutil.which("rsync") is None:
        pytest.skip("rsync is not installed")
    fake_ssh = tmp_path / "fake-ssh"
    fake_ssh.write_text('#!/bin/sh\nshift\nexec sh -c "$*"\n')  # drop the host, run the rest
    fake_ssh.chmod(fake_ssh.stat().st_mode | stat.S_IXUSR)
    work, site = tmp_path / "build", tmp_path / "server"
    options = ("--ssh", str(fake_ssh), "--keep", "2")
    _build(content, work)
    for _ in range(3):
        _publish(content, work, f"app1:{site}", options=options)
    releases = sorted(p.name for p in (site / "releases").iterdir())
    assert len(releases) == 2
    assert os.readlink(site / "current") == f"releases/{releases[-1]}"
    assert (site / "current" / "dist" / "road-rules.html").is_file()
    assert (site / "current" / "search-index" / "CURRENT").is_file()
    # unchanged files are hard links to the previous release's, not new copies
    index_html = [site / "releases" / name / "dist" / "index.html" for name in releases]
    assert index_html[0].stat().st_ino == index_html[1].stat().st_ino
    # the replaced release's fingerprinted assets are kept one release longer there too
    _plant_old_asset(site)
    _publish(content, work, f"app1:{site}", options=options)
    assert [OLD_CSS in names for names in _assets_of_each_release(site)] == [True, True]
    assert (site / "current" / old_assets.CARRIED).read_text(encoding="utf-8") == f"{OLD_CSS}\n"
    _publish(content, work, f"app1:{site}", options=options)
    assert [OLD_CSS in names for names in _assets_of_each_release(site)] == [True, False]
