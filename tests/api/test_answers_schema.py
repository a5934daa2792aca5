"""The JSON Schema of a form's answers agrees with the engine: answers the engine accepts (in the
documented shapes) validate against it, on every route through each sample form, and answers it
refuses for a reason a schema can say do not."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from app.api.answers_schema import answers_schema, form_paths
from app.forms.definition import FormDefinition
from app.forms.engine import evaluate
from tests.api.conftest import ROAD_REPORT
from tests.conftest import SAMPLE

FORMS = {path.stem: path for path in sorted((SAMPLE / "forms").glob("*.yaml"))}

# An answer in the documented shape for every question of the sample forms.
ANSWERS = {
    "report-a-pothole": {**ROAD_REPORT, "postcode": "sw1a 1aa", "pavement-width": "all",
                         "harm-details": "A cyclist fell", "email": "a@example.com"},
    "register-to-vote": {
        "full-name": "Ada Lovelace", "changed-name": "no", "previous-name": "Ada Byron",
        "date-of-birth": "1985-12-10", "nationality": ["british", "irish"],
        "has-ni-number": "yes", "ni-number": "AB 12 34 56 C",
        "no-ni-number-reason": "I never had one",
        "address": {"line1": "1 High Street", "line2": "", "town": "Northtown",
                    "postcode": "SW1A 1AA"},
        "council": "northport", "years-at-address": 3, "previous-postcode": "N1 9GU",
        "how-to-vote": "post", "open-register": "no", "email": "ada@example.com",
        "phone": "01632 960 001"},
    "request-a-copy-of-a-birth-certificate": {
        "name-at-birth": "Ada Lovelace", "date-of-birth": "1985-12-10",
        "place-of-birth": "London", "mothers-surname": "Byron", "certificate-type": "full",
        "copies": 2, "address": {"line1": "1 High Street", "town": "Northtown",
                                 "postcode": "SW1A 1AA"},
        "email": "ada@example.com"},
}
# The answers that choose a route, and the values each can take.
CHOICES = {
    "report-a-pothole": {"location-type": ["road", "pavement"], "harm": ["yes", "no"]},
    "register-to-vote": {"changed-name": ["yes", "no"], "has-ni-number": ["yes", "no"],
                         "years-at-address": [0, 3]},
    "request-a-copy-of-a-birth-certificate": {},
}


def load(form_id: str) -> FormDefinition:
    from app.content.yamlsource import parse_yaml

    return FormDefinition.model_validate(parse_yaml(FORMS[form_id].read_text())[0])


def validator(form: FormDefinition) -> Draft202012Validator:
    schema = answers_schema(form, f"https://portal.example/api/v1/forms/{form.id}/schema")
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def routes_of(form_id: str):
    """Every combination of the route-choosing answers: each is one way through the form."""
    choices = CHOICES[form_id]
    for values in itertools.product(*choices.values()):
        yield dict(zip(choices, values, strict=True))


def on_path(form: FormDefinition, answers: dict) -> dict:
    """Only the answers to the questions that route asks (what a careful client sends)."""
    return {page.id: answers[page.id] for page in evaluate(form, answers).pages
            if page.id in answers}


@pytest.mark.parametrize("form_id", list(FORMS))
def test_every_route_the_engine_accepts_validates(form_id):
    form, check = load(form_id), None
    check = validator(form)
    seen_paths = set()
    for choice in routes_of(form_id):
        answers = {**ANSWERS[form_id], **choice}
        evaluation = evaluate(form, answers)
        assert evaluation.complete, evaluation.error_list()
        seen_paths.add(tuple(evaluation.page_ids))
        check.validate(answers)  # with the answers a route skips
        check.validate(on_path(form, answers))  # and without them
    assert len(seen_paths) == len(form_paths(form))  # every path of the schema was tried


@pytest.mark.parametrize("form_id", list(FORMS))
def test_leaving_out_any_required_answer_is_refused_by_both(form_id):
    form = load(form_id)
    check = validator(form)
    for choice in routes_of(form_id):
        answers = on_path(form, {**ANSWERS[form_id], **choice})
        for page_id in answers:
            fewer = {k: v for k, v in answers.items() if k != page_id}
            engine_refuses = not evaluate(form, fewer).complete
            assert engine_refuses == (not check.is_valid(fewer)), (choice, page_id)


def test_wrong_shapes_are_refused_by_both():
    form = load("register-to-vote")
    check = validator(form)
    good = on_path(form, ANSWERS["register-to-vote"])
    wrong = {
        "date-of-birth": "10/12/1985",  # not YYYY-MM-DD
        "nationality": "martian",  # not a list, not an option
        "council": "atlantis",  # not an option
        "years-at-address": 121,  # above max
        "address": {"line1": "1 High Street", "town": "Northtown"},  # no postcode
        "ni-number": "123",
        "open-register": "maybe",
        "email": "not an email",
        "full-name": "x" * 151,
    }
    for page_id, value in wrong.items():
        answers = {**good, page_id: value}
        assert not evaluate(form, answers).complete, page_id
        assert not check.is_valid(answers), page_id
    assert not check.is_valid({**good, "favourite-colour": "blue"})  # no such question


def test_route_conditions_decide_what_is_required():
    form = load("report-a-pothole")
    check = validator(form)
    pavement = on_path(form, {**ANSWERS["report-a-pothole"], "location-type": "pavement"})
    assert "pavement-width" in pavement and "pothole-size" not in pavement
    check.validate(pavement)
    # a road report needs the pothole's size, which a pavement report is not asked
    assert not check.is_valid({**pavement, "location-type": "road"})
    assert not check.is_valid({k: v for k, v in pavement.items() if k != "pavement-width"})


def test_dates_say_in_words_what_a_schema_cannot_check():
    form = load("request-a-copy-of-a-birth-certificate")
    schema = answers_schema(form)
    date = schema["properties"]["date-of-birth"]
    assert date["anyOf"][0]["format"] == "date" and "in the past" in date["$comment"]
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    assert "$id" not in schema
    assert date["title"] == "What is their date of birth?"
    assert not evaluate(form, {**ANSWERS[form.id], "date-of-birth": tomorrow}).complete
