"""The preview (`build.py serve`) rebuilds with the build cache: an edit renders again only what
shows it, and an edit with errors changes nothing."""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup
from flask import Flask

from app.pipeline.serve import Preview
from tests.conftest import SMALL, SMALL_TODAY


@pytest.fixture
def preview(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SMALL, content)
    out = tmp_path / "dist"
    app = Flask(__name__)
    app.extensions["portal.build_id"] = "1"
    options = {"cache_dir": tmp_path / "cache", "index_dir": tmp_path / "index", "jobs": 1}
    options["today"] = SMALL_TODAY
    shown = Preview(app, content, out, options)
    assert shown.rebuild() is not None
    return shown


def _text(path) -> str:
    return BeautifulSoup(path.read_text(), "html.parser").select_one("main").get_text(" ")


def test_a_body_edit_renders_just_that_page_and_reloads(preview):
    content, out = preview.content, preview.out
    page = content / "roads" / "road-rules.md"
    page.write_text(page.read_text().replace("Drive on the left.", "Drive on the right."))
    untouched = (out / "index.html").stat().st_ino
    result = preview.changed({page})
    assert result.incremental and result.rendered == 2  # the page and its content JSON
    assert "Drive on the right." in _text(out / "road-rules.html")
    assert "Drive on the right." in (out / "api/content/road-rules.json").read_text()
    assert (out / "road-rules.html.gz").stat().st_size > 0
    assert (out / "index.html").stat().st_ino == untouched  # the same file, not written again
    assert preview.app.extensions["portal.build_id"] == "3"  # the first build, then this one


def test_a_guide_part_edit_renders_the_part_and_the_print_page(preview):
    part = preview.content / "roads" / "fix-a-road" / "repairs.md"
    part.write_text(part.read_text().replace("5 days", "3 days"))
    result = preview.changed({part})
    assert result.incremental
    assert "Repairs take 3 days." in _text(preview.out / "fix-a-road" / "repairs.html")
    assert "Repairs take 3 days." in _text(preview.out / "fix-a-road" / "print.html")


def test_a_title_edit_reaches_the_listings(preview):
    page = preview.content / "roads" / "road-rules.md"
    page.write_text(page.read_text().replace("title: Road rules", "title: Rules of the road"))
    result = preview.changed({page})
    assert result.incremental and result.rendered > 2
    links = BeautifulSoup((preview.out / "a-to-z.html").read_text(), "html.parser").select("a")
    assert "Rules of the road" in [a.get_text(strip=True) for a in links]


def test_an_error_in_the_edit_writes_nothing_and_the_page_reloads_into_the_problems(
    preview, capsys
):
    page = preview.content / "roads" / "road-rules.md"
    before = (preview.out / "road-rules.html").read_bytes()
    text = page.read_text()
    page.write_text(text + "\nSee [the bridge rules](/no-such-page).\n")
    assert preview.changed({page}) is None
    assert "link to /no-such-page" in capsys.readouterr().err
    assert (preview.out / "road-rules.html").read_bytes() == before
    assert preview.app.extensions["portal.build_id"] == "3"  # reloaded, into the overlay
    (problem,) = preview.app.extensions["portal.build_problems"]
    assert problem.path.endswith("roads/road-rules.md") and "/no-such-page" in problem.message
    assert problem.line == len(text.splitlines()) + 2
    page.write_text(text)
    assert preview.changed({page}) is not None
    assert preview.app.extensions["portal.build_problems"] == []
    assert preview.app.extensions["portal.build_id"] == "4"
