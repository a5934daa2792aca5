"""app/content/validation.py: pydantic errors become editor messages on the right line."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.content.models import Contact, OrganisationMeta, PageMeta, Redirect, SiteSettings
from app.content.problems import ProblemList, Severity
from app.content.validation import describe, validate
from app.content.yamlsource import parse_yaml

PAGE = {
    "title": "Tax your vehicle",
    "description": "Tax it.",
    "type": "answer",
    "organisation": "vehicle-agency",
    "updated": "2026-04-01",
}


def _messages(model, data) -> dict[str, str]:
    """Each error's location (as the message names it) -> the message describe() gives."""
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return {".".join(map(str, e["loc"])): describe(model, e) for e in caught.value.errors()}


def _page(**changes):
    data = {**PAGE, **changes}
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize(
    ("data", "loc", "message"),
    [
        (_page(title=None), "title", "`title` is missing: add `title: …`"),
        (
            _page(steps=[{"links": []}], type="step-by-step"),
            "steps.0.title",
            "`steps[1].title` is missing: add `title: …`",
        ),
        (
            _page(images=[{"file": "a.png"}]),
            "images.0.alt",
            "the image has no alt text: add `alt:` saying what the image shows "
            '(`alt: ""` only for a purely decorative image)',
        ),
        (
            _page(updated="1 April 2026"),
            "updated",
            "`updated` is not a date: write it as YYYY-MM-DD, such as 2026-04-01",
        ),
        (
            _page(updated="2026-02-30"),
            "updated",
            "`updated` is not a date: write it as YYYY-MM-DD, such as 2026-04-01",
        ),
        (
            _page(
                change_history=[{"date": "2026-04-01", "note": "A"}, {"date": "soon", "note": "B"}]
            ),
            "change_history.1.date",
            "`change_history[2].date` is not a date: write it as YYYY-MM-DD, such as 2026-04-01",
        ),
        (
            _page(type="answers"),
            "type",
            "`type` must be one of 'guide', 'answer', 'start', 'step-by-step', 'news', "
            "'consultation' or 'page'",
        ),
        (
            _page(type="step-by-step", steps=[{"title": "A", "logic": "but"}]),
            "steps.0.logic",
            "`steps[1].logic` must be one of 'and' or 'or'",
        ),
        (
            _page(organisation="Vehicle Agency"),
            "organisation",
            "`organisation` must be a slug: lower-case letters, digits and hyphens",
        ),
        (
            _page(topics=["driving", "Vehicle_tax"]),
            "topics.1",
            "`topics[2]` must be a slug: lower-case letters, digits and hyphens",
        ),
        (_page(title="   "), "title", "`title` is empty: write a value"),
        (_page(description=""), "description", "`description` is empty: write a value"),
        (
            _page(related=[f"/p{i}" for i in range(6)]),
            "related",
            "`related` has too many items: at most 5",
        ),
        (_page(related="/vehicle-tax"), "related", "`related` must be a list"),
        (
            _page(change_history=["2026-04-01: First published"]),
            "change_history.0",
            "`change_history[1]` must be a set of fields",
        ),
        (
            _page(related=["vehicle-tax"]),
            "related",
            "`related` must be a path on the portal starting with /, such as /vehicle-tax",
        ),
        (
            _page(attachments=[{"file": "a.pdf", "title": "A", "pages": 0}]),
            "attachments.0.pages",
            "`attachments[1].pages` Input should be greater than or equal to 1",
        ),
    ],
)
def test_describe_page_errors(data, loc, message):
    messages = _messages(PageMeta, data)
    assert messages == {loc: message}


def test_unknown_field_lists_the_fields_allowed_where_it_was_found():
    messages = _messages(PageMeta, _page(sumary="x"))
    assert messages["sumary"] == (
        "unknown field `sumary`: remove it or correct its spelling (the fields are: "
        + ", ".join(PageMeta.model_fields)
        + ")"
    )


def test_unknown_field_in_a_nested_item_lists_that_items_fields():
    data = _page(
        type="step-by-step",
        steps=[{"title": "A", "links": [{"text": "B", "path": "/b", "price": "£1"}]}],
    )
    messages = _messages(PageMeta, data)
    assert messages["steps.0.links.0.price"] == (
        "unknown field `price`: remove it or correct its spelling (the fields are: text, path, "
        "cost)"
    )
    messages = _messages(PageMeta, _page(images=[{"file": "a.png", "alt": "A", "credits": "B"}]))
    assert messages["images.0.credits"].endswith("(the fields are: file, alt, caption, credit)")


def test_unknown_field_of_a_model_with_aliases_names_the_alias():
    messages = _messages(Redirect, {"from": "/a", "to": "/b", "too": "/c"})
    assert messages["too"].endswith("(the fields are: from, to)")


def test_other_models_messages():
    assert _messages(Contact, {"title": "A", "email": "a at b"}) == {
        "email": "`email` is not an email address"
    }
    assert _messages(
        OrganisationMeta,
        {"title": "A", "description": "B", "updated": "2026-01-01", "brand_colour": "blue"},
    ) == {"brand_colour": "`brand_colour` must be a colour such as #1d70b8"}
    base = {"name": "A", "organisation": "a", "feedback_email": "a@b.c"}
    messages = _messages(SiteSettings, {**base, "base_url": "www.example.org"})
    assert messages["base_url"].startswith("`base_url` is not in the expected form (")
    assert _messages(Redirect, {"from": "old", "to": "/new"}) == {
        "from": "`from` must be a path on the portal starting with /, such as /vehicle-tax"
    }
    assert _messages(Redirect, {"from": "/old", "to": "http://example.org"}) == {
        "to": "`to` must be a path on the portal starting with /, such as /vehicle-tax"
    }


def test_front_matter_that_is_not_a_mapping():
    messages = _messages(PageMeta, ["title"])
    assert messages == {"": "this must be a set of fields"}


def test_validate_records_every_error_with_its_line():
    text = (
        "title: Tax\n"  # 1
        "type: answer\n"  # 2
        "organisation: va\n"  # 3
        "updated: 2026-4-1\n"  # 4
        "images:\n"  # 5
        "  - file: a.png\n"  # 6
        "    caption: A\n"  # 7
        "colour: red\n"
    )  # 8
    data, lines = parse_yaml(text, first_line=1)
    problems = ProblemList()
    assert validate(PageMeta, data, lines, "content/tax.md", problems) is None
    found = [(p.path, p.line, p.message.split(":")[0], p.severity) for p in problems]
    assert found == [
        ("content/tax.md", 1, "`description` is missing", Severity.ERROR),
        ("content/tax.md", 4, "`updated` is not a date", Severity.ERROR),
        ("content/tax.md", 6, "the image has no alt text", Severity.ERROR),
        ("content/tax.md", 8, "unknown field `colour`", Severity.ERROR),
    ]


def test_validate_returns_the_model_and_records_nothing_when_valid():
    problems = ProblemList()
    data, lines = parse_yaml("title: A\ndescription: B\ntype: page\nupdated: 2026-04-01\n")
    meta = validate(PageMeta, data, lines, "a.md", problems)
    assert meta is not None and meta.updated.isoformat() == "2026-04-01"
    assert list(problems) == []


@pytest.mark.parametrize("value", [True, 12, 1.5])
def test_values_yaml_reads_as_something_else_than_text(value):
    assert _messages(
        OrganisationMeta,
        {"title": "A", "description": "B", "updated": "2026-01-01", "acronym": value},
    ) == {"acronym": "`acronym` must be text: put the value in quotes"}


def test_a_redirect_that_is_not_a_mapping():
    assert _messages(Redirect, "/old -> /new") == {"": "this must be a set of fields"}
