"""`build.py check` on tests/fixtures/bad/, a tree with one problem of each kind.

Each problem is listed below with the file, the line an editor must change (counted by hand from
the fixture files, where the line also ends with a `# error:` comment when YAML allows one) and
part of the message, which must say how to fix it. The check must report every one of them, in one
run, and nothing else.
"""

from __future__ import annotations

import shutil

import pytest

from app.content import load_content

from .helpers import BAD, Reported, from_cli, from_problems, run_build_py

# (file inside tests/fixtures/bad, line, part of the message that names the fix)
ERRORS = [
    # Front matter that cannot be read at all.
    (
        "front-matter/no-front-matter.md",
        1,
        "the file has no front matter: start it with a line `---`",
    ),
    (
        "front-matter/unclosed-front-matter.md",
        1,
        "the front matter is not closed: add a line `---` after its last field",
    ),
    (
        "front-matter/yaml-cannot-be-read.md",
        3,
        'the value of `description` contains ": ", which YAML reads as the start of another '
        'field: put the whole value in quotes: description: "Pay the charge: online or by phone."',
    ),
    (
        "front-matter/bad-indentation.md",
        9,
        "this line is not indented like the lines it belongs with (it starts after 1 space, the "
        "line above after 2 spaces)",
    ),
    ("front-matter/unclosed-quote.md", 3, "a quote is not closed"),
    # Fields.
    (
        "fields/unknown-field.md",
        6,
        "unknown field `sumary`: remove it or correct its spelling (the fields are: title, "
        "description, type,",
    ),
    ("fields/field-given-twice.md", 7, "`title` is given twice (also on line 2): keep one"),
    ("fields/missing-title.md", 2, "`title` is missing: add `title: …`"),
    ("fields/bad-date.md", 6, "`updated` is not a date: write it as YYYY-MM-DD"),
    ("fields/bad-date.md", 9, "`change_history[2].date` is not a date: write it as YYYY-MM-DD"),
    (
        "fields/image-without-alt.md",
        8,
        "the image has no alt text: add `alt:` saying what the image shows",
    ),
    # One file with several problems: all of them, not just the first.
    ("fields/several-problems.md", 2, "`description` is missing: add `description: …`"),
    ("fields/several-problems.md", 4, "`type` must be one of 'guide', 'answer'"),
    (
        "fields/several-problems.md",
        5,
        "`organisation` must be a slug: lower-case letters, digits and hyphens",
    ),
    ("fields/several-problems.md", 6, "`updated` is not a date: write it as YYYY-MM-DD"),
    ("fields/several-problems.md", 7, "`related` must be a list"),
    # Names of other things that do not exist.
    (
        "links/unknown-organisation.md",
        5,
        "organisation `roads-agncy` does not exist: use the name of a file in "
        "content/organisations/ without .md",
    ),
    ("links/unknown-organisations.md", 7, "organisation `test-ofice` does not exist"),
    (
        "links/unknown-topic.md",
        9,
        "topic `potholse` is not in content/topics.yaml: add it there or correct the slug",
    ),
    (
        "links/link-in-body.md",
        10,
        "link to /report-a-pothol, which is not a page: check the path or remove the link",
    ),
    ("links/link-in-body.md", 13, "link to /no-such-page, which is not a page"),
    (
        "links/related-link.md",
        9,
        "related link /road-ruels is not a page: check the path or remove it",
    ),
    ("links/step-link.md", 14, "step link /report-a-pothol is not a page: check the path"),
    ("links/image-file-missing.md", 8, "file missing-photo.jpg is not beside this page: add it to"),
    (
        "organisations/parks-agency.md",
        4,
        "parent organisation `parks-ministry` does not exist: use the name of a file in "
        "content/organisations/",
    ),
    ("contacts/parks-enquiries.yaml", 5, "`email` is not an email address"),
    # Markdown.
    (
        "markdown/raw-html.md",
        10,
        "raw HTML (<div>) is not allowed in content: remove the tags and keep the text; for a "
        "box use a Govspeak block such as `$CTA` or `^…^`",
    ),
    ("markdown/raw-html.md", 14, "raw HTML (<b>) is not allowed in content: write bold as"),
    # URLs and redirects.
    (
        "urls/road-rules.md",
        1,
        "the URL /road-rules is already used by tests/fixtures/bad/good/road-rules.md: rename one "
        "of the files or set `slug:`",
    ),
    (
        "urls/slug-taken.md",
        7,
        "the URL /fix-a-road is already used by tests/fixtures/bad/good/fix-a-road.md",
    ),
    ("urls/reserved-slug.md", 7, "the URL /search is reserved by the portal: set another `slug:`"),
    (
        "urls/redirect-from-live-page.md",
        9,
        "/road-rules is a live page and cannot also redirect: remove the redirect or the page",
    ),
    ("redirects.yaml", 2, "/road-rules is a live page and cannot also redirect"),
    ("redirects.yaml", 3, "redirect target /road-charges is not a page: check the path"),
    # Rules of page types.
    (
        "types/start-without-form.md",
        4,
        "a start page needs `form: <id>` naming the form its button starts",
    ),
    ("types/consultation-closes-before-opens.md", 8, "`closes` is before `opens`: check the dates"),
    # Guides.
    (
        "guides/claim-for-damage/index.md",
        10,
        "guide part `how-to-claim` is missing: create "
        "tests/fixtures/bad/guides/claim-for-damage/how-to-claim.md or remove it from `parts`",
    ),
    (
        "guides/claim-for-damage/appendix.md",
        1,
        "this guide part is not listed: add `appendix` to `parts` in "
        "tests/fixtures/bad/guides/claim-for-damage/index.md, or delete the file",
    ),
    (
        "guides/claim-for-damage/evidence.md",
        3,
        "unknown field `summary`: remove it or correct its spelling (the fields are: title, "
        "description)",
    ),
]

WARNINGS = [
    (
        "warnings/long-title.md",
        2,
        "the title is 87 characters: keep it under 65 so search results show all of it",
    ),
    (
        "warnings/long-description.md",
        3,
        "the description is 171 characters: keep it under 160 so search results show all of it",
    ),
]

EXPECTED = [(*problem, False) for problem in ERRORS] + [(*problem, True) for problem in WARNINGS]


def _by_place(reported: list[Reported]) -> dict[tuple[str, int], Reported]:
    places: dict[tuple[str, int], Reported] = {}
    for problem in reported:
        assert (problem.path, problem.line) not in places, f"reported twice: {problem}"
        places[problem.path, problem.line] = problem
    return places


@pytest.fixture(scope="module")
def loaded() -> list[Reported]:
    _site, problems = load_content(BAD)
    return from_problems(problems, BAD)


@pytest.fixture(scope="module")
def cli():
    result = run_build_py("check", "--content", BAD.relative_to(BAD.parents[2]))
    return result, from_cli(result.stderr, BAD)


def test_the_expected_table_has_one_entry_a_place():
    places = [(path, line) for path, line, _fragment, _warning in EXPECTED]
    assert len(places) == len(set(places))


@pytest.mark.parametrize(
    ("path", "line", "fragment", "warning"), EXPECTED, ids=[f"{p}:{n}" for p, n, _f, _w in EXPECTED]
)
def test_load_content_reports_the_problem_on_its_line(loaded, path, line, fragment, warning):
    places = _by_place(loaded)
    assert (path, line) in places, (
        f"nothing reported at {path}:{line}; reported for that file: "
        f"{[str((p.line, p.message)) for p in loaded if p.path == path]}"
    )
    problem = places[path, line]
    assert fragment in problem.message
    assert problem.warning is warning


@pytest.mark.parametrize(
    ("path", "line", "fragment", "warning"), EXPECTED, ids=[f"{p}:{n}" for p, n, _f, _w in EXPECTED]
)
def test_check_command_prints_the_problem_on_its_line(cli, path, line, fragment, warning):
    _result, reported = cli
    problem = _by_place(reported).get((path, line))
    assert problem is not None, f"build.py check printed nothing at {path}:{line}"
    assert fragment in problem.message
    assert problem.warning is warning


def test_every_problem_is_reported_in_one_run_and_nothing_else(loaded, cli):
    expected = {(path, line) for path, line, _fragment, _warning in EXPECTED}
    assert set(_by_place(loaded)) == expected
    assert set(_by_place(cli[1])) == expected


def test_check_command_exits_1_with_a_count(cli):
    result, reported = cli
    assert result.returncode == 1
    assert result.stdout == ""
    assert f"{len(ERRORS)} errors, {len(WARNINGS)} warnings" in result.stderr.splitlines()[-1]
    # Everything on stderr is a problem line, apart from the count.
    assert len(reported) == len(result.stderr.splitlines()) - 1


def test_check_command_prints_paths_as_typed_from_the_repository_root(cli):
    result, _reported = cli
    assert "tests/fixtures/bad/fields/unknown-field.md:6: unknown field `sumary`" in result.stderr


def test_errors_are_printed_before_warnings(cli):
    _result, reported = cli
    kinds = [problem.warning for problem in reported]
    assert kinds == sorted(kinds)


def test_every_marked_line_of_the_fixture_is_expected():
    """Lines commented `# error:` or `# warning` in the fixture are exactly the expected ones
    (apart from problems on lines YAML comments cannot mark: whole files and Markdown bodies)."""
    marked = set()
    for path in BAD.rglob("*"):
        if path.suffix not in (".md", ".yaml") or path.name == "site.yaml":
            continue
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "# error:" in text or "# warning" in text:
                marked.add((path.relative_to(BAD).as_posix(), number))
    expected = {(path, line) for path, line, _fragment, _warning in EXPECTED}
    assert marked <= expected
    unmarked = expected - marked
    assert all(
        line == 1 or path in ("markdown/raw-html.md", "links/link-in-body.md")
        for path, line in unmarked
    ), unmarked


def test_the_bad_tree_would_be_clean_without_its_problem_files(tmp_path):
    """The site-level files of the fixture are valid: every problem comes from a file meant to
    have it, so the expected list is the whole story."""
    tree = tmp_path / "bad"
    shutil.copytree(BAD, tree)
    for folder in (
        "front-matter",
        "fields",
        "links",
        "markdown",
        "urls",
        "types",
        "guides",
        "warnings",
    ):
        shutil.rmtree(tree / folder)
    (tree / "organisations" / "parks-agency.md").unlink()
    (tree / "contacts" / "parks-enquiries.yaml").unlink()
    (tree / "redirects.yaml").write_text("- {from: /old-roads, to: /road-rules}\n")
    _site, problems = load_content(tree)
    assert [str(p) for p in problems] == []
