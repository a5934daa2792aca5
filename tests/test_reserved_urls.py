"""app/reserved_urls.py: the paths a content page cannot take come from the routes themselves, so
no page hides behind the service (or the site's own pages) and the hosting docs proxy them all."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from app import create_app
from app.content import load_content
from app.content.models import SLUG_PATTERN
from app.pipeline.nginx_conf import nginx_conf, security_headers
from app.reserved_urls import reserved_urls
from tests.conftest import SMALL_TODAY
from tests.content.helpers import REPO, SMALL, copy_small, from_cli, from_problems, run_build_py

PAGE = """---
title: A page at a reserved address
description: Its slug is a path the portal answers itself.
type: answer
organisation: roads-agency
updated: 2026-04-01
slug: "{slug}"
---
Choose another slug.
"""
SLUG_LINE = 7


@pytest.fixture(scope="module")
def service_first_segments(tmp_path_factory) -> set[str]:
    """The first path segment of every route of the running service but the built files'."""
    app = create_app({"CONTENT_DIR": str(SMALL), "DIST_DIR": str(tmp_path_factory.mktemp("d"))})
    return {
        rule.rule.split("/")[1]
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static_site.serve"
    }


def test_a_page_slug_equal_to_any_service_routes_first_segment_is_refused_at_its_line(
    tmp_path, service_first_segments
):
    assert {"feedback", "developers", "forms", "search", "api"} <= service_first_segments
    tree = copy_small(tmp_path)
    for slug in sorted(service_first_segments):
        assert re.fullmatch(SLUG_PATTERN, slug), slug
        (tree / f"taken-{slug}.md").write_text(PAGE.format(slug=slug), encoding="utf-8")
    result = run_build_py("check", "--content", tree)
    assert result.returncode == 1
    reported = {(p.path, p.line, p.message) for p in from_cli(result.stderr, tree) if not p.warning}
    assert reported == {
        (
            f"taken-{slug}.md",
            SLUG_LINE,
            f"the URL /{slug} is reserved by the portal: set another `slug:`",
        )
        for slug in service_first_segments
    }


@pytest.mark.parametrize(
    "slug",
    [
        "a-to-z",
        "news",
        "organisations",
        "browse",
        "feeds",
        "assets",
        "media",
        "index",
        "404",
        "errors",
    ],
)
def test_a_page_slug_the_built_site_uses_is_refused(tmp_path, slug):
    tree = copy_small(tmp_path)
    (tree / "taken.md").write_text(PAGE.format(slug=slug), encoding="utf-8")
    _site, problems = load_content(tree, today=SMALL_TODAY, render=False)
    assert [(p.path, p.line, p.message) for p in from_problems(problems.errors, tree)] == [
        ("taken.md", SLUG_LINE, f"the URL /{slug} is reserved by the portal: set another `slug:`")
    ]


def test_links_to_the_service_are_pages_and_redirects_from_it_are_refused(tmp_path):
    tree = copy_small(tmp_path)
    rules = tree / "roads" / "road-rules.md"
    rules.write_text(
        rules.read_text(encoding="utf-8")
        .replace(
            "related: [/fix-a-road, /organisations/roads-agency]",
            "related: [/developers/forms, /feedback/thanks, /api/v1/forms, /search?q=roads]",
        )
        .replace("redirect_from: [/rules-of-the-road]", "redirect_from: [/developers/old-rules]"),
        encoding="utf-8",
    )
    _site, problems = load_content(tree, today=SMALL_TODAY, render=False)
    assert [(p.path, p.message) for p in from_problems(problems.errors, tree)] == [
        (
            "roads/road-rules.md",
            "/developers/old-rules is a live page and cannot also redirect: "
            "remove the redirect or the page",
        )
    ]


def test_a_path_that_only_starts_like_a_service_route_is_not_the_services(tmp_path):
    tree = copy_small(tmp_path)
    rules = tree / "roads" / "road-rules.md"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace(
            "related: [/fix-a-road, /organisations/roads-agency]", "related: [/searching]"
        ),
        encoding="utf-8",
    )
    _site, problems = load_content(tree, today=SMALL_TODAY, render=False)
    assert [p.message for p in problems.errors] == [
        "related link /searching is not a page: check the path or remove it"
    ]


def test_the_nginx_configuration_proxies_exactly_the_services_paths():
    """The build writes it from the routes (app/pipeline/nginx_conf.py); the docs keep no copy."""
    conf = nginx_conf(security_headers(), reserved_urls().service_paths)
    proxied = re.search(r"location ~ \^/\((.*?)\)\(/\|\$\)", conf).group(1).split("|")
    assert set(proxied) == set(reserved_urls().service_paths)
    docs = (REPO / "docs" / "hosting.md").read_text(encoding="utf-8")
    assert not re.search(r"location ~ \^/\(", docs)


def test_a_clean_builds_process_reads_the_routes_in_a_child_as_it_would_itself(tmp_path):
    # The routes import the whole service: a clean build reads them in a forked process while
    # it reads the pages (app/pipeline's _build), and takes what that process found.
    script = """
import sys
from app import reserved_urls
from app.pipeline import build
build(sys.argv[1], sys.argv[2])
assert reserved_urls._received, "the routes were not read in the background"
assert "app.feedback" not in sys.modules and "sqlalchemy" not in sys.modules
assert reserved_urls._received[0] == reserved_urls._read_routes()
print("ok")
"""
    found = run_build_py_script(script, str(copy_small(tmp_path)), str(tmp_path / "out"))
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "ok"


def run_build_py_script(script: str, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", script, *arguments],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
