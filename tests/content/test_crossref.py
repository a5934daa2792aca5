"""app/content/crossref.py: a link to a page is a link to that page whatever query, fragment or
trailing slash it carries, in `related`, in step links and in search.yaml's best bets; the built
pages treat it as that page too (its title as link text, its step-by-step)."""

from __future__ import annotations

import pytest

from app.content import load_content
from app.pipeline import build
from tests.conftest import SMALL_TODAY, BuiltSite

from .helpers import copy_small, from_problems, write

# Each names a page of the small tree in one of the forms an editor copies from a browser.
RELATED = [
    "/fix-a-road/",
    "/fix-a-road/repairs?print=1",
    "/organisations/roads-agency#contact",
    "/learn-the-roads/?from=rules#steps",
]
STEP_LINKS = ["/road-rules#speed-limits", "/fix-a-road/", "/report-a-pothole?from=steps"]
BEST_BET_PAGES = [
    "/road-rules/",
    "/fix-a-road#report",
    "/report-a-pothole?ref=search",
    "/fix-a-road/report/?a=b#c",
]


def _with_links(tree, related, step_links, best_bet_pages):
    rules = tree / "roads" / "road-rules.md"
    rules.write_text(
        rules.read_text().replace(
            "related: [/fix-a-road, /organisations/roads-agency]",
            f"related: [{', '.join(related)}]",
        )
    )
    steps = tree / "roads" / "learn-the-roads.md"
    text = steps.read_text()
    for old, new in zip(
        ("/road-rules}", "/fix-a-road}", "/report-a-pothole,"),
        (f"{step_links[0]}}}", f"{step_links[1]}}}", f"{step_links[2]},"),
        strict=True,
    ):
        assert old in text
        text = text.replace(old, new)
    steps.write_text(text)
    write(
        tree / "search.yaml",
        f"""
        best_bets:
          - query: potholes
            pages: [{", ".join(best_bet_pages)}]
        """,
    )
    return tree


@pytest.fixture
def linked_tree(tmp_path):
    return _with_links(copy_small(tmp_path), RELATED, STEP_LINKS, BEST_BET_PAGES)


def _errors(tree):
    _site, problems = load_content(tree, today=SMALL_TODAY)
    return [(p.path, p.line, p.message) for p in from_problems(problems.errors, tree)]


def test_links_with_a_query_fragment_or_trailing_slash_to_a_page_are_accepted(linked_tree):
    assert _errors(linked_tree) == []


def test_the_same_forms_of_link_to_no_page_are_still_reported(tmp_path):
    tree = _with_links(
        copy_small(tmp_path),
        ["/road-ruels/?a=1#b"],
        ["/road-ruels#x", "/fix-a-rode/", "/report-a-pothol?from=steps"],
        ["/road-ruels/", "/fix-a-rode#report"],
    )
    assert sorted(message for _path, _line, message in _errors(tree)) == [
        "best bet page /fix-a-rode#report is not a page: check the path (did you mean "
        "/fix-a-road?)",
        "best bet page /road-ruels/ is not a page: check the path (did you mean /road-rules?)",
        "related link /road-ruels/?a=1#b is not a page: check the path or remove it (did you "
        "mean /road-rules?)",
        "step link /fix-a-rode/ is not a page: check the path (did you mean /fix-a-road?)",
        "step link /report-a-pothol?from=steps is not a page: check the path (did you mean "
        "/report-a-pothole?)",
        "step link /road-ruels#x is not a page: check the path (did you mean /road-rules?)",
    ]


def test_built_pages_treat_such_links_as_the_page_they_name(linked_tree, tmp_path):
    site = BuiltSite(
        tmp_path / "dist", build(linked_tree, tmp_path / "dist", today=SMALL_TODAY, jobs=1)
    )
    related = [
        (a.get_text(strip=True), a["href"])
        for a in site.soup("/road-rules").select(".app-related a")
    ]
    assert related == [
        ("Fix a road", "/fix-a-road/"),
        ("Fix a road: Repairs", "/fix-a-road/repairs?print=1"),
        ("Roads Agency", "/organisations/roads-agency#contact"),
        ("Learn the roads: step by step", "/learn-the-roads/?from=rules#steps"),
    ]
    # Every page a step links to says it is part of the step by step.
    for url in ("/road-rules", "/fix-a-road", "/report-a-pothole"):
        part_of = [a["href"] for a in site.soup(url).select(".app-step-nav-related a")]
        assert part_of == ["/learn-the-roads"], url


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        # YAML that cannot be read: the title's colon
        ("title: Road rules", "title: Road rules: in short"),
        # front matter that is read but not valid: a misspelt field
        ("updated: 2026-03-02", "updatd: 2026-03-02"),
    ],
)
def test_a_page_that_cannot_be_read_is_one_problem_not_one_per_link_to_it(
    tmp_path, broken, expected
):
    """A step-by-step, a redirect and a new page's related link and body link to /road-rules:
    while its file is broken, the check names the file's own mistake only."""
    tree = copy_small(tmp_path)
    rules = tree / "roads" / "road-rules.md"
    rules.write_text(rules.read_text().replace(broken, expected, 1))
    write(
        tree / "roads" / "speeding.md",
        """
        ---
        title: Speeding
        description: Speed limits.
        type: answer
        organisation: roads-agency
        updated: 2026-04-01
        related: [/road-rules]
        ---
        Read the [road rules](/road-rules).
        """,
    )
    errors = [(p.path, p.line) for p in from_problems(load_content(tree)[1], tree) if not p.warning]
    assert errors and {path for path, _line in errors} == {"roads/road-rules.md"}
