"""The preview's quick rebuild: body edits rewrite only their pages; anything else asks for a full
build; errors change nothing."""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup

from app.pipeline import build
from app.pipeline.quick import quick_rebuild
from tests.conftest import SMALL, SMALL_TODAY


@pytest.fixture
def preview(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SMALL, content)
    out = tmp_path / "dist"
    result = build(content, out, today=SMALL_TODAY, jobs=1)
    return content, out, result.site


def _text(path) -> str:
    return BeautifulSoup(path.read_text(), "html.parser").select_one("main").get_text(" ")


def test_a_body_edit_rewrites_just_that_page(preview):
    content, out, site = preview
    page = content / "roads" / "road-rules.md"
    page.write_text(page.read_text().replace("Drive on the left.", "Drive on the right."))
    untouched = (out / "index.html").stat().st_mtime_ns
    urls, problems = quick_rebuild(site, out, {page})
    assert problems.errors == []
    assert urls == ["/road-rules", "/api/content/road-rules.json"]
    assert "Drive on the right." in _text(out / "road-rules.html")
    assert "Drive on the right." in (out / "api/content/road-rules.json").read_text()
    assert (out / "road-rules.html.gz").stat().st_size > 0
    assert (out / "index.html").stat().st_mtime_ns == untouched


def test_an_editors_temporary_files_are_ignored(preview):
    content, out, site = preview
    page = content / "roads" / "road-rules.md"
    temporary = content / "roads" / ".road-rules.md.swp"  # written, renamed over the page, gone
    page.write_text(page.read_text().replace("Park legally.", "Park considerately."))
    urls, _problems = quick_rebuild(site, out, {page, temporary})
    assert urls[0] == "/road-rules"
    assert "Park considerately." in _text(out / "road-rules.html")


def test_a_guide_part_edit_rewrites_the_part_and_the_print_page(preview):
    content, out, site = preview
    part = content / "roads" / "fix-a-road" / "repairs.md"
    part.write_text(part.read_text().replace("5 days", "3 days"))
    urls, problems = quick_rebuild(site, out, {part})
    assert "/fix-a-road/repairs" in urls and "/fix-a-road/print" in urls
    assert "Repairs take 3 days." in _text(out / "fix-a-road" / "repairs.html")
    assert "Repairs take 3 days." in _text(out / "fix-a-road" / "print.html")


@pytest.mark.parametrize("edit", ["front matter", "new file", "deleted file", "site settings"])
def test_anything_but_a_body_edit_needs_the_full_build(preview, edit):
    content, out, site = preview
    page = content / "roads" / "road-rules.md"
    if edit == "front matter":
        page.write_text(page.read_text().replace("title: Road rules", "title: Rules of the road"))
        changed = page
    elif edit == "new file":
        changed = content / "roads" / "new-page.md"
        changed.write_text(page.read_text())
    elif edit == "deleted file":
        page.unlink()
        changed = page
    else:
        changed = content / "site.yaml"
    assert quick_rebuild(site, out, {changed}) is None


def test_an_error_in_the_edit_writes_nothing(preview):
    content, out, site = preview
    page = content / "roads" / "road-rules.md"
    before = (out / "road-rules.html").read_bytes()
    page.write_text(page.read_text() + "\nSee [this](/no-such-page).\n")
    urls, problems = quick_rebuild(site, out, {page})
    assert urls == []
    assert [p.message.split(",")[0] for p in problems.errors] == ["link to /no-such-page"]
    assert (out / "road-rules.html").read_bytes() == before
