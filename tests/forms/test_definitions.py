"""Form definitions as `build.py check` reports them: `path:line: message` with the fix."""

from __future__ import annotations

import pytest

from app.content import load_content
from app.forms.definition import QuestionType
from tests.conftest import SAMPLE
from tests.content.helpers import copy_small, from_cli, run_build_py, write

GOOD = """\
    id: report-a-pothole
    title: Report a pothole
    organisation: roads-agency
    version: 1
    retention_days: 30
    pages:
      - id: road
        question: Which road is it on?
        type: text
    """

BROKEN = """\
    id: report-a-pothole
    title: Report a pothole
    organisation: nowhere
    version: 1
    retention_days: 0
    pages:
      - id: where
        question: Where is it?
        type: radios
        routes:
          - if: {where: sky}
            goto: road
      - id: road
        question: Which road?
        type: text
        options: [{value: a, text: A}]
        routes:
          - goto: where
          - if: {later: x}
            goto: nowhere
      - id: road
        question: When?
        type: date
        max_length: 3
      - id: later
        question: Later?
        type: yes-no
    """


def _check(tree):
    result = run_build_py("check", "--content", tree)
    return result, [(p.path, p.line, p.message) for p in from_cli(result.stderr, tree)]


def test_a_valid_form_makes_the_small_tree_clean(tmp_path):
    tree = copy_small(tmp_path)
    write(tree / "forms" / "report-a-pothole.yaml", GOOD)
    result, problems = _check(tree)
    assert result.returncode == 0 and problems == [], result.stderr
    site, _problems = load_content(tree, render=False)
    assert site.form_ids == {"report-a-pothole"}
    assert site.forms["report-a-pothole"].definition.pages[0].type is QuestionType.TEXT


def test_every_rule_is_reported_on_its_line(tmp_path):
    tree = copy_small(tmp_path)
    write(tree / "forms" / "report-a-pothole.yaml", BROKEN)
    result, problems = _check(tree)
    assert result.returncode == 1
    path = "forms/report-a-pothole.yaml"
    assert problems == [
        (
            path,
            3,
            "organisation `nowhere` does not exist: use the name of a file in "
            "content/organisations/ without .md",
        ),
        (
            path,
            5,
            "`retention_days` must be between 1 and 3650 (10 years): say how many days "
            "submissions are kept",
        ),
        (path, 9, "a `radios` question needs `options:` (at least 2), each `{value: …, text: …}`"),
        (
            path,
            16,
            "`options` is only for radios, checkboxes and select: remove it or change `type`",
        ),
        (
            path,
            18,
            "a route without `if` always applies, so the routes after it never do: make "
            "it the last route",
        ),
        (
            path,
            18,
            "route goes back to `where`: a route can only go forward, to a later page or "
            "`check-answers`",
        ),
        (
            path,
            19,
            "`later` comes after this page: a route can only depend on answers already given",
        ),
        (
            path,
            20,
            "route goes to `nowhere`, which is not a page: use the id of a later page, an exit "
            "page or `check-answers`",
        ),
        (path, 21, "page id `road` is used twice (also page 2): page ids must be unique"),
        (path, 24, "`max_length` is only for text and textarea questions: remove it"),
    ]


def test_a_condition_must_name_an_answer_the_question_can_have(tmp_path):
    tree = copy_small(tmp_path)
    write(
        tree / "forms" / "report-a-pothole.yaml",
        GOOD.rstrip(" ")
        + """\
        routes:
          - if: {road: x}
            goto: check-answers
      - id: hurt
        question: Was anyone hurt?
        type: yes-no
        routes:
          - if: {hurt: maybe}
            goto: check-answers
    """,
    )
    _result, problems = _check(tree)
    assert problems == [
        (
            "forms/report-a-pothole.yaml",
            17,
            "`maybe` is not an answer to `hurt`: use one of yes, no",
        )
    ]


def test_schema_errors_name_the_field_and_the_choices(tmp_path):
    tree = copy_small(tmp_path)
    write(
        tree / "forms" / "report-a-pothole.yaml",
        GOOD.replace("type: text", "type: texty").replace("version: 1", "verison: 1"),
    )
    _result, problems = _check(tree)
    lines = {(line, message.split(":")[0]) for _path, line, message in problems}
    assert (1, "`version` is missing") in lines
    assert (4, "unknown field `verison`") in lines
    assert any(
        line == 9 and "`pages[1].type` must be one of 'text', 'textarea'" in message
        for _path, line, message in problems
    )


def test_the_id_must_be_the_file_name(tmp_path):
    tree = copy_small(tmp_path)
    write(
        tree / "forms" / "report-a-pothole.yaml",
        GOOD.replace("id: report-a-pothole", "id: report-a-hole"),
    )
    _result, problems = _check(tree)
    assert problems == [
        (
            "forms/report-a-pothole.yaml",
            1,
            "the id `report-a-hole` is not the "
            "file name: write `id: report-a-pothole` or rename the file to "
            "report-a-hole.yaml",
        )
    ]


def test_a_start_page_naming_a_missing_form_is_an_error_once_there_are_forms(tmp_path):
    tree = copy_small(tmp_path)
    write(
        tree / "forms" / "something-else.yaml", GOOD.replace("report-a-pothole", "something-else")
    )
    result, problems = _check(tree)
    assert result.returncode == 1
    assert problems == [
        (
            "roads/report-a-pothole.md",
            7,
            "form `report-a-pothole` is not defined "
            "yet: add content/forms/report-a-pothole.yaml or correct the id",
        )
    ]
    assert "warning:" not in result.stderr


def test_the_sample_forms_load_clean_and_cover_what_they_should():
    site, problems = load_content(SAMPLE, render=False)
    form_problems = [p for p in problems if "forms" in p.path or "not defined" in p.message]
    assert form_problems == []
    forms = {form_id: loaded.definition for form_id, loaded in site.forms.items()}
    assert set(forms) == {
        "report-a-pothole",
        "register-to-vote",
        "request-a-copy-of-a-birth-certificate",
        "apply-for-a-household-support-grant",
    }
    # register-to-vote asks every type but a file, which the pothole report's photo asks
    assert {page.type for page in forms["register-to-vote"].pages} == set(QuestionType) - {
        QuestionType.FILE
    }
    assert QuestionType.FILE in {page.type for page in forms["report-a-pothole"].pages}
    assert any(page.routes for page in forms["report-a-pothole"].pages)
    grant = forms["apply-for-a-household-support-grant"]  # the longer journeys' features
    assert grant.exit_pages and any(o.exclusive for p in grant.pages for o in p.options or [])
    assert grant.save_and_return.enabled and grant.save_and_return.days == 28
    for page in site.pages.values():
        if page.meta.form:
            assert forms[page.meta.form].organisation in page.meta.organisation_slugs


@pytest.mark.parametrize(
    ("page_id", "what"),
    [
        ("check-answers", "the check answers page"),
        ("confirmation", "the confirmation page"),
        ("embed", "the address of the embedded form"),
        ("save-for-later", 'the "Save and come back later" pages'),
    ],
)
def test_page_ids_the_flow_uses_itself_are_refused(page_id, what):
    from tests.forms.helpers import form

    made = form({"id": page_id, "question": "Name?", "type": "text"})
    assert (
        ("pages", 0, "id"),
        f"`{page_id}` is {what}: give this page another id",
    ) in made.rule_problems()


def test_a_form_cannot_take_the_deletion_pages_address():
    from tests.forms.helpers import form

    made = form({"id": "name", "question": "Name?", "type": "text"}, id="delete")
    assert (
        ("id",),
        "`/forms/delete` is the page where citizens delete a submission: give the "
        "form another id (and file name)",
    ) in made.rule_problems()


def test_a_form_cannot_take_the_resume_pages_address_nor_keep_saved_answers_a_season():
    from tests.forms.helpers import form

    made = form(
        {"id": "name", "question": "Name?", "type": "text"},
        id="resume",
        save_and_return={"enabled": True, "days": 91},
    )
    problems = made.rule_problems()
    assert (
        ("id",),
        "`/forms/resume` is the page where citizens come back to a saved form: give the "
        "form another id (and file name)",
    ) in problems
    assert (
        ("save_and_return", "days"),
        "`days` must be between 1 and 90: say how many days a saved form is kept",
    ) in problems


def test_allowed_origins_are_exactly_scheme_host_and_port(tmp_path):
    """A value that is not an origin as a browser sends it is refused on its own line: nothing
    in it can reach a header (frame-ancestors, CORS) as a wildcard, a second directive or a
    path."""
    tree = copy_small(tmp_path)
    write(
        tree / "forms" / "report-a-pothole.yaml",
        GOOD.rstrip()
        + """
    allowed_origins:
      - "https://roads.gov.nm.example"
      - "https://*"
      - "https://a;sandbox"
      - "https://roads.example/path"
      - "https://roads.example:*"
      - "http://roads.example"
      - "https://Roads.example"
      - "https://roads.example:443"
      - "https://roads.example:99999"
      - "https://bücher.example"
      - "https://roads.example 'unsafe-inline'"
      - "http://localhost:8080"
    """,
    )
    result, problems = _check(tree)
    assert result.returncode == 1
    reported = {line: message for _path, line, message in problems}
    assert set(reported) == set(range(12, 22)), result.stderr
    assert reported[12].startswith("`allowed_origins[2]` has a wildcard (*)")
    assert reported[13].startswith("`allowed_origins[3]` has `a;sandbox` as its host name")
    assert reported[14].startswith(
        "`allowed_origins[4]` has more than the scheme, host and port (`/path`)"
    )
    assert reported[15].startswith("`allowed_origins[5]` has a wildcard (*)")
    assert reported[16].startswith("`allowed_origins[6]` is plain http://: use https://")
    assert reported[17] == (
        "`allowed_origins[7]` must be in lower case, as browsers send it: https://roads.example"
    )
    assert reported[18].startswith("`allowed_origins[8]` names the default port")
    assert reported[19].startswith(
        "`allowed_origins[9]` has a port that is not a number from 1 to 65535"
    )
    assert reported[20] == (
        "`allowed_origins[10]` must have its host name in ASCII, as "
        "browsers send it: https://xn--bcher-kva.example"
    )
    assert reported[21].startswith("`allowed_origins[11]` has more than the scheme, host and port")


def test_exit_pages_and_exclusive_options_are_checked_on_their_lines(tmp_path):
    tree = copy_small(tmp_path)
    write(
        tree / "forms" / "report-a-pothole.yaml",
        GOOD.rstrip(" ")
        + """\
        routes:
          - if: {road: x}
            goto: not-ours
      - id: kind
        question: What is it?
        type: checkboxes
        options:
          - {value: none, text: None of these, exclusive: true}
          - {value: hole, text: A hole}
        routes:
          - goto: nowhere
      - id: where
        question: Where?
        type: radios
        options:
          - {value: a, text: A}
          - {value: b, text: B, exclusive: true}
    noun: Report
    exit_pages:
      - id: not-ours
        title: We do not look after this road
        body: Report it to the council.
      - id: kind
        title: Twice
        body: A page id already.
    """,
    )
    _result, problems = _check(tree)
    path = "forms/report-a-pothole.yaml"
    assert problems == [
        (
            path,
            27,
            "`noun` must be lower-case words, as they go in a sentence: `report`, "
            "`change of address`",
        ),
    ]
    write(
        tree / "forms" / "report-a-pothole.yaml",
        (tree / "forms" / "report-a-pothole.yaml")
        .read_text()
        .replace("noun: Report", "noun: report"),
    )
    _result, problems = _check(tree)
    assert problems == [
        (
            path,
            17,
            'only the last option can be `exclusive` (the "None of these" after "or"): '
            "move it to the end, and mark only one",
        ),
        (
            path,
            20,
            "route goes to `nowhere`, which is not a page: use the id of a later page, an exit "
            "page or `check-answers` (did you mean `where`?)",
        ),
        (
            path,
            26,
            "`exclusive` is only for checkboxes (a radio button is exclusive already): remove it",
        ),
        (path, 32, "`kind` is the id of another page: give this exit page an id of its own"),
    ]


def test_repeating_groups_are_checked_on_their_lines(tmp_path):
    tree = copy_small(tmp_path)
    write(
        tree / "forms" / "report-a-pothole.yaml",
        GOOD.rstrip(" ")
        + """\
        routes:
          - if: {road: x}
            match: every
            goto: trees
      - id: trees
        repeat: {noun: tree, min: 3, max: 2}
        pages:
          - id: remove
            question: Where?
            type: text
          - id: trees
            question: Which road?
            type: text
            routes:
              - goto: check-answers
          - id: blocking
            question: Is it blocking the road?
            type: yes-no
            max_length: 3
        routes:
          - if: {trees: yes}
            goto: check-answers
          - if: {blocking: maybe}
            goto: check-answers
          - if: {blocking: yes}
            match: every
            goto: check-answers
    """,
    )
    _result, problems = _check(tree)
    path = "forms/report-a-pothole.yaml"
    assert problems == [
        (path, 12, "`match` is only for a condition on an answer in a repeating group: remove it"),
        (
            path,
            15,
            "`min` (3) is more than `max` (2): make `min` the fewest entries and `max` the most",
        ),
        (path, 17, "`remove` is the page that removes an entry: give this page another id"),
        (path, 20, "page id `trees` is used twice (also page 2): page ids must be unique"),
        (
            path,
            23,
            "the pages of a repeating group are all asked, in order, for each entry: put "
            "`routes` on the group, after its `pages`",
        ),
        (path, 28, "`max_length` is only for text and textarea questions: remove it"),
        (
            path,
            30,
            "`trees` is a repeating group: a condition names one of its questions, and "
            "`match: any` or `match: every` entry",
        ),
        (path, 32, "`maybe` is not an answer to `blocking`: use one of yes, no"),
    ]


def test_a_group_field_error_points_at_its_line(tmp_path):
    tree = copy_small(tmp_path)
    write(
        tree / "forms" / "report-a-pothole.yaml",
        GOOD.rstrip(" ")
        + """\
      - id: trees
        repeat: {noun: tree, max: 500}
        pages:
          - id: where
            question: Where?
            type: txt
    """,
    )
    _result, problems = _check(tree)
    lines = [(line, message.split(":")[0]) for _path, line, message in problems]
    assert [line for line, _ in lines] == [11, 15], problems
    assert "max" in problems[0][2] and "type" in problems[1][2]
