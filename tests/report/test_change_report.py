"""`build.py report`: two builds of a copy of the small tree, the second after known edits, and the
Markdown report read back as a pull request shows it (rendered, its tables parsed): each page
changed, added and removed, the broken link introduced, the search documents changed and the
judged searches whose top result moved, and nothing else."""

from __future__ import annotations

import shutil

import pytest
import yaml
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from app.pipeline import build
from app.report.links import broken_links
from tests.conftest import SMALL, SMALL_TODAY
from tests.content.helpers import run_build_py, write

NEW_PAGE = """
---
title: Cycle lanes
description: Where the cycle lanes are and who may use them.
type: answer
organisation: roads-agency
updated: 2026-03-02
---
Cycle lanes run beside every main road. Only bicycles may use them.
"""
QUERIES = [
    {"q": "cycle lanes", "first": "/cycle-lanes"},  # a new page takes the top
    {"q": "road rules", "first": "/road-rules"},  # unmoved
]


def _build(tree, folder):
    build(tree, folder / "dist", index_dir=folder / "index", today=SMALL_TODAY)


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    tree = root / "content"
    shutil.copytree(SMALL, tree)
    _build(tree, root / "base")
    rules = tree / "roads" / "road-rules.md"
    rules.write_text(rules.read_text().replace("Park legally.", "Park legally, off the road."))
    write(tree / "roads" / "cycle-lanes.md", NEW_PAGE)
    (tree / "roads" / "new-roads-announced.md").unlink()
    _build(tree, root / "head")
    # A link the Markdown checks cannot catch (a template's, say) that leads to a missing anchor:
    # put into the built page, as a change to a template would.
    page = root / "head" / "dist" / "cycle-lanes.html"
    html = page.read_text()
    page.write_text(html.replace("</main>", '<a href="/road-rules#no-such-part">x</a></main>'))
    (root / "queries.yaml").write_text(yaml.safe_dump(QUERIES))
    return root


def _report(root, *extra):
    return run_build_py(
        "report", "--base", root / "base" / "dist", "--head", root / "head" / "dist",
        "--base-index", root / "base" / "index", "--head-index", root / "head" / "index",
        "--queries", root / "queries.yaml", *extra,
    )  # fmt: skip


def _sections(markdown: str) -> dict[str, list[list[str]]]:
    """Each h3 of the rendered report with its table's rows (cells as text)."""
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    soup = BeautifulSoup(html, "html.parser")
    found = {}
    for heading in soup.select("h3"):
        table = heading.find_next_sibling()
        rows = table.select("tbody tr") if table and table.name == "table" else []
        found[heading.get_text().split(" (")[0]] = [
            [cell.get_text() for cell in row.select("td")] for row in rows
        ]
    return found


def test_the_report_names_every_change_and_nothing_else(builds):
    result = _report(builds, "--artifact-url", "https://ci.example/artifacts/7")
    assert result.returncode == 1, result.stderr  # a link was broken
    sections = _sections(result.stdout)
    assert sections["Pages added"] == [["/cycle-lanes", "cycle-lanes.html"]]
    assert sections["Pages removed"] == [["/new-roads-announced"]]
    changed = {row[0] for row in sections["Pages changed"]}
    assert "/road-rules" in changed  # its body
    assert {"/a-to-z", "/organisations/roads-agency"} <= changed  # the listings that show them
    assert "/fix-a-road" not in changed  # untouched, and its listings unchanged
    assert sections["Broken links introduced"] == [
        ["/cycle-lanes", "/road-rules#no-such-part", "no #no-such-part on /road-rules"]
    ]
    documents = dict(sections["Search documents changed"])
    assert documents == {
        "/cycle-lanes": "added",
        "/new-roads-announced": "removed",
        "/road-rules": "changed: body",
    }
    moved = sections["Judged searches whose top result moved"]
    assert len(moved) == 1 and moved[0][0] == "cycle lanes"
    assert moved[0][2:] == ["/cycle-lanes", "first: /cycle-lanes", "yes"]
    assert "[preview](https://ci.example/artifacts/7)" in result.stdout


def test_pages_link_into_a_published_preview(builds):
    result = _report(builds, "--preview-url", "https://preview.example/pr-7/")
    html = MarkdownIt("commonmark").enable("table").render(result.stdout)
    links = {a["href"] for a in BeautifulSoup(html, "html.parser").select("table a")}
    assert "https://preview.example/pr-7/cycle-lanes" in links
    assert "https://preview.example/pr-7/road-rules" in links


def test_the_same_build_twice_reports_nothing(builds):
    result = run_build_py(
        "report", "--base", builds / "base" / "dist", "--head", builds / "base" / "dist"
    )
    assert result.returncode == 0, result.stderr
    assert "pages 0 changed, 0 added, 0 removed; 0 other files" in result.stdout
    assert _sections(result.stdout) == {"Broken links introduced": []}
    assert "Search was not compared" in result.stdout


def test_a_built_site_has_no_broken_links(builds):
    assert broken_links(builds / "base" / "dist") == set()


def test_a_missing_build_is_a_clear_error(builds, tmp_path):
    result = run_build_py("report", "--base", tmp_path / "nothing", "--head", builds / "base")
    assert result.returncode == 2
    assert "is not a built site: run build.py build first" in result.stderr
