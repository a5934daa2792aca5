"""The public forms API, read and validate: through real requests on the sample forms. The
validation messages are checked against the citizen's own pages, rendered by the same app."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from bs4 import BeautifulSoup

from app.api.errors import ERROR_CODES
from tests.api.conftest import (
    BIRTH,
    POTHOLE,
    ROAD_REPORT,
    VOTE,
    fields_of,
    problem_of,
)
from tests.conftest import SAMPLE, service_app


def test_list_of_forms_links_to_each_forms_api(client):
    response = client.get("/api/v1/forms")
    assert response.status_code == 200 and response.mimetype == "application/json"
    forms = {form["id"]: form for form in response.get_json()["forms"]}
    assert (
        list(forms)
        == sorted(forms)
        == [
            "apply-for-a-household-support-grant",
            "register-to-vote",
            "report-a-pothole",
            "request-a-copy-of-a-birth-certificate",
        ]
    )
    pothole = forms["report-a-pothole"]
    assert pothole["title"] == "Report a pothole"
    assert pothole["organisation"] == "highways-agency" and pothole["version"] == 1
    assert pothole["links"] == {
        "self": POTHOLE,
        "schema": f"{POTHOLE}/schema",
        "validate": f"{POTHOLE}/validate",
        "submissions": f"{POTHOLE}/submissions",
        "start": "/forms/report-a-pothole",
    }
    for link in pothole["links"].values():
        if link.startswith("/api/") and not link.endswith(("validate", "submissions")):
            assert client.get(link).status_code == 200, link


def test_list_takes_no_parameters(client):
    body = problem_of(client.get("/api/v1/forms?page=2"), 422)
    assert fields_of(body) == {"page": "Unknown parameter: this route takes none"}


def test_definition_is_the_forms_yaml(client):
    definition = client.get(POTHOLE).get_json()
    assert definition["id"] == "report-a-pothole" and definition["retention_days"] == 365
    assert definition["allowed_origins"] == ["https://roads.gov.nm.example"]
    pages = {page["id"]: page for page in definition["pages"]}
    assert pages["location-type"]["options"][1] == {
        "value": "pavement",
        "text": "On a pavement or cycle path",
    }
    assert pages["where-on-road"]["routes"] == [
        {"if": {"location-type": "pavement"}, "goto": "pavement-width"}
    ]


def test_definition_hides_where_submissions_go(sample_search, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    path = content / "forms" / "report-a-pothole.yaml"
    path.write_text(
        path.read_text() + "delivery:\n  webhook: https://roads.example/hook\n"
        "  secret_env: POTHOLE_SECRET\n"
    )
    app = service_app(sample_search, f"sqlite:///{tmp_path / 'p.db'}", CONTENT_DIR=str(content))
    response = app.test_client().get(POTHOLE)
    assert response.status_code == 200 and response.get_json()["id"] == "report-a-pothole"
    text = response.get_data(as_text=True)
    assert "roads.example/hook" not in text and "POTHOLE_SECRET" not in text


def test_unknown_form_is_a_404_problem_on_every_form_route(client):
    for url in (
        "/api/v1/forms/no-such-form",
        "/api/v1/forms/no-such-form/schema",
        "/api/v1/forms/Bad..Id/schema",
    ):
        body = problem_of(client.get(url), 404)
        assert body["title"] == "Not Found" and "GET /api/v1/forms" in body["detail"]
    for url in ("/api/v1/forms/no-such-form/validate", "/api/v1/forms/no-such-form/submissions"):
        problem_of(client.post(url, json={"answers": {}}), 404)


def test_valid_answers(client):
    response = client.post(f"{POTHOLE}/validate", json={"answers": ROAD_REPORT})
    assert response.status_code == 200 and response.get_json() == {"valid": True}


def test_every_error_on_the_route_that_applies_is_listed(client):
    answers = {
        "location-type": "pavement",
        "road-name": "x" * 121,
        "where-on-road": "",
        "pavement-width": "most",
        "harm": "yes",
        "email": "not-an-email",
        "pothole-size": "huge",
        "favourite-colour": "blue",
    }
    body = problem_of(client.post(f"{POTHOLE}/validate", json={"answers": answers}), 422)
    assert body["type"].endswith("/api/v1/problems/invalid-answers")
    assert body["title"] == "The answers are not valid"
    assert body["detail"] == "7 answers are missing or not valid: see errors"
    assert body["errors"] == [
        {
            "field": "answers.road-name",
            "message": "The name of the road must be 120 characters or less",
            "code": "too_long",
        },
        {
            "field": "answers.town",
            "message": "Enter the nearest town or village",
            "code": "required",
        },
        {
            "field": "answers.where-on-road",
            "message": "Enter where on the road the pothole is",
            "code": "required",
        },
        {
            "field": "answers.pavement-width",
            "message": "Select how much of the width the pothole covers",
            "code": "not_a_choice",
            "allowed": ["less-than-half", "half-or-more", "all"],
        },
        {"field": "answers.harm-details", "message": "Enter what happened", "code": "required"},
        {
            "field": "answers.email",
            "message": "Enter an email address in the correct format, like name@example.com",
            "code": "invalid",
        },
        {
            "field": "answers.favourite-colour",
            "message": "Unknown question: this form has no question with the id 'favourite-colour'",
            "code": "unknown_question",
        },
    ]  # pothole-size is off a pavement report's route: its answer is dropped, not judged


def test_grouped_answers_name_the_part_at_fault(client):
    answers = {
        "address": {"line1": "", "town": "Northtown", "postcode": "nope"},
        "date-of-birth": {"day": "10", "month": "", "year": "1985"},
    }
    errors = fields_of(problem_of(client.post(f"{BIRTH}/validate", json={"answers": answers}), 422))
    assert errors["answers.address.line1"] == (
        "Enter address line 1, typically the building and street"
    )
    assert errors["answers.address.postcode"] == "Enter a real postcode"
    assert errors["answers.date-of-birth.month"] == "Their date of birth must include a month"
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    errors = fields_of(
        problem_of(
            client.post(f"{BIRTH}/validate", json={"answers": {"date-of-birth": future}}), 422
        )
    )
    assert errors["answers.date-of-birth"] == "Their date of birth must be in the past"


def _html_error(client, form_path: str, page: str, data: dict) -> str:
    """The message the citizen's page shows for `data` posted to one question."""
    start = client.get(form_path)
    assert start.status_code == 303
    url = f"{form_path}/{page}"
    page_html = BeautifulSoup(client.get(url).get_data(as_text=True), "html.parser")
    token = page_html.select_one("input[name=csrf_token]")["value"]
    answered = BeautifulSoup(
        client.post(url, data={**data, "csrf_token": token}).get_data(as_text=True), "html.parser"
    )
    return answered.select_one(".govuk-error-summary__list a").get_text(strip=True)


def test_messages_are_the_html_flows_own(client):
    cases = [  # (question, what the page posts, the same answer through the API)
        (
            "date-of-birth",
            {"date-of-birth-day": "31", "date-of-birth-month": "2", "date-of-birth-year": "1990"},
            "1990-02-31",
        ),
        ("years-at-address", {"years-at-address": "121"}, 121),
        ("nationality", {}, []),
        ("council", {"council": ""}, ""),
        ("full-name", {"full-name": "x" * 151}, "x" * 151),
    ]
    for page, posted, given in cases:
        html = _html_error(client, "/forms/register-to-vote", page, posted)
        api = fields_of(
            problem_of(client.post(f"{VOTE}/validate", json={"answers": {page: given}}), 422)
        )
        assert api[f"answers.{page}"] == html, page


def test_body_must_be_an_object_with_answers_only(client):
    body = problem_of(client.post(f"{POTHOLE}/validate", json={"answer": {}}), 422)
    assert body["type"].endswith("/problems/invalid-parameters")
    assert set(fields_of(body)) == {"answer", "answers"}
    assert "answers" in fields_of(
        problem_of(client.post(f"{POTHOLE}/validate", json={"answers": ["road"]}), 422)
    )
    assert problem_of(client.post(f"{POTHOLE}/validate", json=["answers"]), 400)["detail"] == (
        'The request body must be a JSON object: {"answers": {…}}'
    )


def test_answers_schema_endpoint(client):
    response = client.get(f"{POTHOLE}/schema")
    assert response.status_code == 200 and response.mimetype == "application/schema+json"
    schema = response.get_json()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"https://www.gov.nm.example{POTHOLE}/schema"  # base_url, not Host
    assert schema["properties"]["location-type"]["enum"] == ["road", "pavement"]


def test_writes_need_no_csrf_token_even_beside_a_session(client):
    """The API is exempt from the site's CSRF protection: other systems have no session or
    token to send, and a browser's cookies are never read by these routes."""
    assert client.get("/forms/report-a-pothole").status_code == 303
    assert client.get("/forms/report-a-pothole/location-type").status_code == 200
    assert client.get_cookie("portal_session") is not None  # holds the pages' CSRF token
    # the site's own pages refuse a post without the token …
    page = client.post("/forms/report-a-pothole/location-type", data={"location-type": "road"})
    assert page.status_code == 400
    # … the API does not ask for one
    response = client.post(f"{POTHOLE}/validate", json={"answers": ROAD_REPORT})
    assert response.status_code == 200 and "Set-Cookie" not in response.headers


def test_a_broken_form_is_not_published(sample_search, tmp_path, caplog):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    (content / "forms" / "report-a-pothole.yaml").write_text("id: report-a-pothole\npages: 3\n")
    client = service_app(
        sample_search, f"sqlite:///{tmp_path / 'p.db'}", CONTENT_DIR=str(content)
    ).test_client()
    listed = [form["id"] for form in client.get("/api/v1/forms").get_json()["forms"]]
    assert listed == [
        "apply-for-a-household-support-grant",
        "register-to-vote",
        "request-a-copy-of-a-birth-certificate",
    ]
    problem_of(client.get(POTHOLE), 404)


WRONG_TYPES = {"true": True, "a list": ["x"], "an object": {"x": "y"}, "a number": 42}


@pytest.mark.parametrize(
    "form_id",
    [
        "report-a-pothole",
        "register-to-vote",
        "request-a-copy-of-a-birth-certificate",
        "apply-for-a-household-support-grant",
    ],
)
def test_wrong_json_types_are_refused_exactly_when_the_published_schema_refuses_them(
    client, form_id
):
    """Each of true, a list, an object and a number for every question: the API's verdict is
    the verdict of the JSON Schema it publishes, and a 422 names the answer and the type."""
    from jsonschema import Draft202012Validator, FormatChecker

    from tests.api.test_answers_schema import ANSWERS, load, on_path

    schema = client.get(f"/api/v1/forms/{form_id}/schema").get_json()
    check = Draft202012Validator(schema, format_checker=FormatChecker())
    good = on_path(load(form_id), ANSWERS[form_id])
    for page_id in good:
        for label, wrong in WRONG_TYPES.items():
            answers = {**good, page_id: wrong}
            response = client.post(f"/api/v1/forms/{form_id}/validate", json={"answers": answers})
            schema_refuses = not check.is_valid(answers)
            assert (response.status_code == 422) == schema_refuses, (page_id, label)
            answer = Draft202012Validator(
                schema["properties"][page_id], format_checker=FormatChecker()
            )
            if not answer.is_valid(wrong):  # else another answer is missing: a route changed
                fields = fields_of(problem_of(response, 422))
                assert any(
                    field == f"answers.{page_id}" or field.startswith(f"answers.{page_id}.")
                    for field in fields
                ), fields


def test_every_error_has_a_stable_code_and_choices_their_values(client):
    answers = {"location-type": "boat", "road-name": 5, "town": "Northtown"}
    body = problem_of(client.post(f"{POTHOLE}/validate", json={"answers": answers}), 422)
    errors = {error["field"]: error for error in body["errors"]}
    assert errors["answers.location-type"]["code"] == "not_a_choice"
    assert errors["answers.location-type"]["allowed"] == ["road", "pavement"]
    assert errors["answers.road-name"]["code"] == "wrong_type"
    assert "allowed" not in errors["answers.road-name"]
    assert all(error["code"] in ERROR_CODES for error in body["errors"])
    # the document lists the same codes, and says what each means
    document = client.get("/api/v1/openapi.json").get_json()
    code = document["components"]["schemas"]["Problem.ProblemField"]["properties"]["code"]
    assert code["enum"] == list(ERROR_CODES)
    assert all(f"`{name}`" in code["description"] for name in ERROR_CODES)
    # a body that is not answers at all
    body = problem_of(client.post(f"{POTHOLE}/validate", json={"answer": {}}), 422)
    assert [e["code"] for e in body["errors"]] == ["unknown_field", "required"]
