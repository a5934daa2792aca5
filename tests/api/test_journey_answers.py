"""The API's side of the longer journeys: exit pages, "None of these" and repeating answers,
judged by the same engine as the citizen's pages, in the same words."""

from __future__ import annotations

import sqlalchemy as sa

from app.store import get_engine
from app.store.repository import get_submission
from app.store.tables import submissions
from tests.api.conftest import fields_of, problem_of

GRANT = "/api/v1/forms/apply-for-a-household-support-grant"
GRANT_ANSWERS = {
    "lives-in-northmere": "yes",
    "benefits": ["pension-credit"],
    "full-name": "Ada Lovelace",
    "address": {"line1": "1 High Street", "town": "Northtown", "postcode": "sw1a1aa"},
    "household": [
        {"member-name": "Ada Lovelace", "member-date-of-birth": "1985-12-10", "member-works": "no"}
    ],
    "help-with": ["energy"],
}


def count(app) -> int:
    with get_engine(app).connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(submissions)).scalar_one()


def test_answers_that_end_at_an_exit_page_are_a_422_naming_the_answer(db_app):
    client = db_app.test_client()
    body = problem_of(
        client.post(
            f"{GRANT}/submissions", json={"answers": {**GRANT_ANSWERS, "lives-in-northmere": "no"}}
        ),
        422,
    )
    assert fields_of(body) == {
        "answers.lives-in-northmere": "These answers end the form at its exit page "
        "`outside-northmere` (You cannot apply for a Household Support Grant): they cannot be "
        "sent"
    }
    assert count(db_app) == 0


def test_none_of_these_with_another_option_is_a_422(client):
    body = problem_of(
        client.post(
            f"{GRANT}/validate",
            json={"answers": {**GRANT_ANSWERS, "benefits": ["none", "pension-credit"]}},
        ),
        422,
    )
    assert fields_of(body) == {
        "answers.benefits": "Select the benefits your household gets, or select "
        "‘No, nobody in my household gets any of these’"
    }


def test_a_grant_application_is_stored(db_app):
    response = db_app.test_client().post(f"{GRANT}/submissions", json={"answers": GRANT_ANSWERS})
    assert response.status_code == 201, response.get_json()
    stored = get_submission(get_engine(db_app), response.get_json()["reference"]).answers
    assert stored["benefits"] == ["pension-credit"]
    assert stored["address"]["postcode"] == "SW1A 1AA"


def test_the_definition_lists_exit_pages_and_the_exclusive_option(client):
    form = client.get(GRANT).get_json()
    assert [page["id"] for page in form["exit_pages"]] == [
        "outside-northmere",
        "no-qualifying-benefit",
    ]
    benefits = next(page for page in form["pages"] if page["id"] == "benefits")
    assert benefits["options"][-1] == {
        "value": "none",
        "text": "No, nobody in my household gets any of these",
        "exclusive": True,
    }
    assert "exclusive" not in benefits["options"][0]


def test_existing_forms_definitions_gain_no_fields(client):
    """Agency developers read these: the new settings appear only where a form uses them."""
    form = client.get("/api/v1/forms/request-a-copy-of-a-birth-certificate").get_json()
    assert not {"noun", "confirmation_title", "exit_pages"} & set(form)
    assert all("exclusive" not in o for p in form["pages"] for o in p.get("options", []))


PERSON = {"member-name": "Ada Lovelace", "member-date-of-birth": "1985-12-10", "member-works": "no"}


def test_repeating_answers_are_stored_as_a_list_of_entries(db_app):
    household = [PERSON, {**PERSON, "member-name": "Byron", "member-works": "YES"}]
    answers = {**GRANT_ANSWERS, "household": household, "monthly-earnings": "1,250"}
    response = db_app.test_client().post(f"{GRANT}/submissions", json={"answers": answers})
    assert response.status_code == 201, response.get_json()
    stored = get_submission(get_engine(db_app), response.get_json()["reference"]).answers
    assert stored["household"] == [
        PERSON,
        {**PERSON, "member-name": "Byron", "member-works": "yes"},
    ]
    assert stored["monthly-earnings"] == 1250


def test_too_many_entries_are_a_422_saying_how_many_to_remove(db_app):
    answers = {**GRANT_ANSWERS, "household": [PERSON] * 9}
    body = problem_of(
        db_app.test_client().post(f"{GRANT}/submissions", json={"answers": answers}), 422
    )
    assert fields_of(body) == {
        "answers.household": "You can add up to 8 people: there are 9, so remove 1"
    }
    assert count(db_app) == 0


def test_each_entrys_errors_name_the_entry_and_question(client):
    household = [
        {"member-name": "", "member-date-of-birth": {"day": "31", "month": "2", "year": "1990"}},
        {**PERSON, "shoe-size": 9},
        "Ada",
    ]
    body = problem_of(
        client.post(
            f"{GRANT}/validate",
            json={"answers": {**GRANT_ANSWERS, "household": household, "monthly-earnings": 0}},
        ),
        422,
    )
    assert [{k: e[k] for k in ("field", "message")} for e in body["errors"]] == [
        {"field": "answers.household.0.member-name", "message": "Enter their full name"},
        {
            "field": "answers.household.0.member-date-of-birth",
            "message": "Their date of birth must be a real date",
        },
        {"field": "answers.household.0.member-works", "message": "Select yes if they work"},
        {
            "field": "answers.household.1.shoe-size",
            "message": "Unknown question: a person has no question with the id 'shoe-size'",
        },
        {
            "field": "answers.household.2",
            "message": "Each person must be an object of answers by question id",
        },
    ]
    assert [error["code"] for error in body["errors"]] == [
        "required",
        "invalid",
        "required",
        "invalid",
        "invalid",
    ]


def test_no_entries_is_a_422_in_the_pages_words(client):
    body = problem_of(
        client.post(
            f"{GRANT}/validate",
            json={"answers": {**GRANT_ANSWERS, "household": [], "monthly-earnings": 0}},
        ),
        422,
    )
    assert fields_of(body) == {"answers.household": "Add at least 1 person"}
