"""The API in the client's language: `Accept-Language` chooses the answers' error messages (and a
form's text), the site's default when it names none of the site's languages; the answers'
JSON Schema carries each question's title in every language the form offers (`x-titles`); a
submission records the language."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.store import get_engine
from app.store.tables import submissions

from .conftest import POTHOLE, ROAD_REPORT, VOTE, problem_of


def invalid(client, language: str | None) -> dict:
    headers = {"Accept-Language": language} if language else {}
    response = client.post(f"{POTHOLE}/validate", json={"answers": {}}, headers=headers)
    body = problem_of(response, 422)
    body["content_language"] = response.headers["Content-Language"]
    assert "Accept-Language" in response.headers["Vary"]
    return body


def message_of(body: dict, field: str) -> str:
    return next(error["message"] for error in body["errors"] if error["field"] == field)


def test_the_answers_errors_are_in_welsh_with_accept_language_cy(client):
    body = invalid(client, "cy")
    assert body["content_language"] == "cy"
    assert body["detail"] == "Mae 7 ateb ar goll neu'n annilys: gweler errors"
    assert message_of(body, "answers.location-type") == "Dewiswch ble mae'r twll"
    assert message_of(body, "answers.road-name") == "Rhowch enw'r ffordd"


@pytest.mark.parametrize(
    "language, expected",
    [
        (None, "en"),  # the documented default: the site's default language
        ("fr-CA, fr;q=0.9", "en"),  # none of the site's
        ("cy-GB", "cy"),
        ("en-GB;q=0.5, cy;q=0.8", "cy"),
    ],
)
def test_accept_language_picks_one_of_the_sites_languages(client, language, expected):
    body = invalid(client, language)
    assert body["content_language"] == expected
    english = message_of(body, "answers.location-type") == "Select where the pothole is"
    assert english == (expected == "en")


def test_the_schema_has_each_title_in_every_language_the_form_offers(client):
    schema = client.get(f"{POTHOLE}/schema", headers={"Accept-Language": "cy"}).get_json()
    assert schema["x-titles"] == {"en": "Report a pothole", "cy": "Rhoi gwybod am dwll yn y ffordd"}
    question = schema["properties"]["location-type"]
    assert question["title"] == "Ble mae'r twll yn y ffordd?"  # the language asked for
    assert question["x-titles"] == {
        "en": "Where is the pothole?",
        "cy": "Ble mae'r twll yn y ffordd?",
    }
    assert set(schema["properties"]["email"]["x-titles"]) == {"en", "cy"}
    # a form only in English has nothing to add
    assert "x-titles" not in client.get(f"{VOTE}/schema").get_json()


def test_a_submission_records_the_language_of_the_request(db_app):
    client = db_app.test_client()
    response = client.post(
        f"{POTHOLE}/submissions", json={"answers": ROAD_REPORT}, headers={"Accept-Language": "cy"}
    )
    assert response.status_code == 201, response.get_json()
    client.post(f"{POTHOLE}/submissions", json={"answers": ROAD_REPORT})
    with get_engine(db_app).connect() as conn:
        stored = conn.execute(
            sa.select(submissions.c.language).order_by(submissions.c.created_at)
        ).scalars()
        assert list(stored) == ["cy", "en"]
