"""Problems in the site-level files (site.yaml, topics.yaml, redirects.yaml), warnings and exit
codes, on copies of tests/fixtures/small broken in tmp_path."""

from __future__ import annotations

import pytest

from app.content import load_content

from .helpers import SMALL, copy_small, from_cli, from_problems, run_build_py, write

SMALL_FORM_WARNING = "form `report-a-pothole` is not defined yet: add content/forms/"


def _problems(tree):
    _site, problems = load_content(tree)
    return [(p.path, p.line, p.message) for p in from_problems(problems, tree)]


def _clean_copy(tmp_path):
    """The small tree with its start page's form defined, so it has no problem at all."""
    tree = copy_small(tmp_path)
    write(
        tree / "forms" / "report-a-pothole.yaml",
        "id: report-a-pothole\ntitle: Report a pothole\norganisation: roads-agency\n"
        "version: 1\nretention_days: 30\n"
        "pages:\n  - {id: road, question: Which road is it on?, type: text}\n",
    )
    return tree


def _one(problems, path, line):
    found = [message for p, n, message in problems if (p, n) == (path, line)]
    assert found, f"nothing at {path}:{line}: {problems}"
    return found[0]


# --- clean trees ----------------------------------------------------------------------------


def test_small_fixture_checks_with_exit_0_and_only_the_form_warning():
    result = run_build_py("check", "--content", SMALL)
    assert result.returncode == 0, result.stderr
    reported = from_cli(result.stderr, SMALL)
    assert [(p.path, p.line, p.warning) for p in reported] == [
        ("roads/report-a-pothole.md", 7, True)
    ]
    assert SMALL_FORM_WARNING in reported[0].message
    assert "0 errors, 1 warnings" in result.stderr


def test_clean_tree_says_no_problems_found(tmp_path):
    tree = _clean_copy(tmp_path)
    result = run_build_py("check", "--content", tree)
    assert result.returncode == 0
    assert result.stderr.strip() == "No problems found."
    strict = run_build_py("check", "--content", tree, "--strict")
    assert strict.returncode == 0
    assert strict.stderr.strip() == "No problems found."


def test_load_content_of_the_small_tree_has_no_errors():
    site, problems = load_content(SMALL)
    assert site is not None
    assert problems.errors == []
    assert "/road-rules" in site.pages


# --- warnings -------------------------------------------------------------------------------


@pytest.fixture
def warnings_tree(tmp_path):
    tree = _clean_copy(tmp_path)
    write(
        tree / "roads" / "road-rules.md",
        (tree / "roads" / "road-rules.md")
        .read_text()
        .replace("title: Road rules\n", "title: " + "Road rules " * 7 + "\n")
        .replace(
            "description: The rules of the road in short.\n",
            "description: " + "The rules of the road in short. " * 6 + "\n",
        ),
    )
    return tree


def test_long_title_and_description_are_warnings_on_their_lines(warnings_tree):
    _site, problems = load_content(warnings_tree)
    assert problems.errors == []
    found = {(p.path, p.line): p.message for p in from_problems(problems.warnings, warnings_tree)}
    assert found == {
        ("roads/road-rules.md", 2): "the title is 76 characters: keep it under 65 so search "
        "results show all of it",
        ("roads/road-rules.md", 3): "the description is 191 characters: keep it under 160 so "
        "search results show all of it",
    }


def test_warnings_exit_0_without_strict_and_1_with_it(warnings_tree):
    plain = run_build_py("check", "--content", warnings_tree)
    assert plain.returncode == 0
    assert "0 errors, 2 warnings" in plain.stderr
    assert "roads/road-rules.md:2: warning: the title is 76 characters" in plain.stderr
    strict = run_build_py("check", "--content", warnings_tree, "--strict")
    assert strict.returncode == 1
    assert "0 errors, 2 warnings" in strict.stderr


def test_title_of_exactly_65_characters_is_not_a_warning(tmp_path):
    tree = _clean_copy(tmp_path)
    text = (tree / "cookies.md").read_text()
    (tree / "cookies.md").write_text(text.replace("title: Cookies", "title: " + "x" * 65))
    _site, problems = load_content(tree)
    assert list(problems) == []


# --- site.yaml ------------------------------------------------------------------------------


def test_site_organisation_that_does_not_exist_is_reported_on_its_line(tmp_path):
    tree = copy_small(tmp_path)
    site_yaml = tree / "site.yaml"
    site_yaml.write_text(
        site_yaml.read_text().replace("organisation: test-office", "organisation: nobody-office")
    )
    problems = _problems(tree)
    assert _one(problems, "site.yaml", 2) == (
        "organisation `nobody-office` is not in content/organisations/: create it or correct "
        "the slug"
    )


def test_site_organisation_missing_is_reported(tmp_path):
    tree = copy_small(tmp_path)
    site_yaml = tree / "site.yaml"
    site_yaml.write_text(site_yaml.read_text().replace("organisation: test-office\n", ""))
    site, problems = load_content(tree)
    assert site is None  # nothing can be built without the settings
    assert [(p.path, p.line, p.message) for p in from_problems(problems, tree)] == [
        ("site.yaml", 1, "`organisation` is missing: add `organisation: …`")
    ]


def test_site_yaml_missing(tmp_path):
    tree = copy_small(tmp_path)
    (tree / "site.yaml").unlink()
    result = run_build_py("check", "--content", tree)
    assert result.returncode == 1
    reported = from_cli(result.stderr, tree)
    assert [(p.path, p.line) for p in reported] == [("site.yaml", 1)]
    assert "site.yaml is missing: create it with the portal's name" in reported[0].message


def test_site_yaml_that_cannot_be_read(tmp_path):
    tree = copy_small(tmp_path)
    write(
        tree / "site.yaml",
        """
        name: GOV.TEST
        organisation: test-office
        base_url: https://www.gov.test.example
        feedback_email: feedback@gov.test.example
        phase_banner: {tag: Alpha, text: This is a test: be kind}
        """,
    )
    problems = _problems(tree)
    assert [(p, n) for p, n, _m in problems] == [("site.yaml", 5)]
    assert problems[0][2] == (
        'a value in the `phase_banner` list or group contains ": ", which YAML reads as the '
        'start of another field: put that value in quotes ("…")'
    )


def test_site_yaml_unknown_field_and_bad_values_all_reported(tmp_path):
    tree = copy_small(tmp_path)
    write(
        tree / "site.yaml",
        """
        name: GOV.TEST
        organisation: test-office
        base_url: https://www.gov.test.example/
        feedback_email: feedback@gov.test.example
        brand_colour: green
        footer: []
        """,
    )
    problems = _problems(tree)
    assert [(p, n) for p, n, _m in problems] == [
        ("site.yaml", 3),
        ("site.yaml", 5),
        ("site.yaml", 6),
    ]
    assert "`base_url` is not in the expected form" in problems[0][2]
    assert problems[1][2] == "`brand_colour` must be a colour such as #1d70b8"
    assert problems[2][2].startswith(
        "unknown field `footer`: did you mean `footer_links`? "
        "(the fields are: name, title_suffix, organisation,"
    )


def test_content_folder_that_does_not_exist(tmp_path):
    result = run_build_py("check", "--content", tmp_path / "nowhere")
    assert result.returncode == 1
    assert "nowhere:1: the content folder does not exist: check --content" in result.stderr


# --- topics.yaml and redirects.yaml ---------------------------------------------------------


def test_topic_slug_used_twice_is_reported_on_the_second_slug(tmp_path):
    tree = copy_small(tmp_path)
    write(
        tree / "topics.yaml",
        """
        - slug: roads
          title: Roads and travel
          description: Roads, potholes and travel.
          subtopics:
            - slug: potholes
              title: Potholes
              description: Report and claim for potholes.
        - slug: government
          title: Government
          description: How government works.
          subtopics:
            - slug: potholes
              title: Potholes again
              description: The same slug again.
        """,
    )
    problems = _problems(tree)
    assert (
        "topics.yaml",
        12,
        "topic slug `potholes` is used twice: topic slugs must be unique",
    ) in problems


def test_invalid_topic_is_reported_with_its_own_line(tmp_path):
    tree = copy_small(tmp_path)
    write(
        tree / "topics.yaml",
        """
        - slug: roads
          title: Roads and travel
          description: Roads, potholes and travel.
          subtopics:
            - slug: potholes
              title: Potholes
              description: Report and claim for potholes.
        - slug: Government
          title: Government
          description: How government works.
        - slug: government
          title: Government
        """,
    )
    problems = _problems(tree)
    assert (
        "topics.yaml",
        8,
        "`slug` must be a slug: lower-case letters, digits and hyphens",
    ) in problems
    assert ("topics.yaml", 11, "`description` is missing: add `description: …`") in problems


def test_topics_and_redirects_must_be_lists(tmp_path):
    tree = copy_small(tmp_path)
    write(tree / "topics.yaml", "roads: Roads and travel\n")
    write(tree / "redirects.yaml", "/old-roads: /road-rules\n")
    problems = _problems(tree)
    assert ("topics.yaml", 1) in [(p, n) for p, n, _m in problems]
    assert any(
        p == "redirects.yaml" and n == 1 and "must be a list of" in m for p, n, m in problems
    )


def test_redirect_problems_in_redirects_yaml(tmp_path):
    tree = copy_small(tmp_path)
    write(
        tree / "redirects.yaml",
        """
        - {from: /old-roads, to: /road-rules}
        - {from: /old-roads, to: /fix-a-road}
        - {from: /fix-a-road/repairs, to: /road-rules}
        - {from: /gone, to: /no-such-page}
        - {from: /elsewhere, to: https://www.example.org/}
        - {from: no-slash, to: /road-rules}
        - {form: /typo, to: /road-rules}
        """,
    )
    problems = _problems(tree)
    messages = {(p, n): m for p, n, m in problems}
    assert messages[("redirects.yaml", 2)] == (
        "/old-roads already redirects to /road-rules: keep one redirect"
    )
    assert messages[("redirects.yaml", 3)].startswith("/fix-a-road/repairs is a live page")
    assert messages[("redirects.yaml", 4)] == (
        "redirect target /no-such-page is not a page: check the path"
    )
    assert ("redirects.yaml", 5) not in messages
    assert messages[("redirects.yaml", 6)] == (
        "`from` must be a path on the portal starting with /, such as /vehicle-tax"
    )
    assert messages[("redirects.yaml", 7)].startswith(
        "unknown field `form`: did you mean `from`? (the fields are: from, to)"
    )


# --- pages that break more than one file ----------------------------------------------------


def test_unreadable_and_non_utf8_files(tmp_path):
    tree = copy_small(tmp_path)
    (tree / "roads" / "latin1.md").write_bytes(b"---\ntitle: Caf\xe9\n---\n")
    (tree / "contacts" / "broken.yaml").write_text("title: [unclosed\n")
    problems = _problems(tree)
    assert ("roads/latin1.md", 1, "the file is not UTF-8 text: save it as UTF-8") in problems
    assert any(
        p == "contacts/broken.yaml" and m.startswith("a `{` or `[` is not closed")
        for p, _n, m in problems
    )


def test_organisation_contact_that_does_not_exist(tmp_path):
    tree = copy_small(tmp_path)
    org = tree / "organisations" / "roads-agency.md"
    org.write_text(org.read_text().replace("contact: roads-enquiries", "contact: road-enquiries"))
    problems = _problems(tree)
    assert (
        "organisations/roads-agency.md",
        5,
        "contact `road-enquiries` does not exist: use the name of a file in content/contacts/ "
        "without .yaml (did you mean `roads-enquiries`?)",
    ) in problems


def test_guide_with_a_part_folder_of_its_own_parts_and_a_loose_part_file(tmp_path):
    tree = copy_small(tmp_path)
    write(
        tree / "roads" / "loose-guide.md",
        """
        ---
        title: Loose guide
        description: A guide that is not a folder.
        type: guide
        organisation: roads-agency
        updated: 2026-04-01
        parts: [one]
        ---
        Text.
        """,
    )
    problems = _problems(tree)
    assert (
        "roads/loose-guide.md",
        7,
        "a guide must be a folder with index.md and one file a part: move this file to "
        "<guide>/index.md",
    ) in problems


def test_markdown_in_step_bodies_and_outcomes_reports_the_line_of_the_text(tmp_path):
    tree = copy_small(tmp_path)
    path = tree / "roads" / "learn-the-roads.md"
    path.write_text(
        path.read_text().replace("body: It has *two* parts.", "body: It has <b>two</b> parts.")
    )
    path = tree / "roads" / "road-charges-consultation.md"
    path.write_text(
        path.read_text().replace(
            "outcome: We will not charge for roads.\n",
            "outcome: |\n  We will not charge for roads.\n\n  See [the result](/no-such-result).\n",
        )
    )
    problems = _problems(tree)
    # the line of `body:`, not of the step's `- title:` above it
    assert (
        "roads/learn-the-roads.md",
        12,
        "raw HTML (<b>) is not allowed in content: write bold as `**words**` (sparingly)",
    ) in problems
    # `outcome: |` is line 11; its Markdown starts on line 12, and the link is on line 14
    assert (
        "roads/road-charges-consultation.md",
        14,
        "link to /no-such-result, which is not a page: check the path or remove the link",
    ) in problems
