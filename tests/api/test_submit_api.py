"""POST /api/v1/forms/<id>/submissions on SQLite and on PostgreSQL: what is stored, what is
answered, and what an Idempotency-Key does."""

from __future__ import annotations

import datetime as dt
import logging
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from app.store import dispose, get_engine
from app.store.repository import REFERENCE_ALPHABET, get_submission
from app.store.tables import deliveries, idempotency_keys, submissions
from tests.api.conftest import BIRTH, POTHOLE, ROAD_REPORT, fields_of, problem_of
from tests.conftest import service_app
from tests.forms.test_web import webhook_content

BIRTH_ANSWERS = {
    "name-at-birth": "Ada Lovelace",
    "date-of-birth": "1985-12-10",
    "place-of-birth": "London",
    "mothers-surname": "Byron",
    "certificate-type": "full",
    "copies": "2",
    "address": {"line1": "1 High Street", "town": "Northtown", "postcode": "sw1a1aa"},
    "email": "Ada@Example.COM",
}


def count(app) -> int:
    with get_engine(app).connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(submissions)).scalar_one()


def test_submit_stores_the_normalised_answers(db_app):
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    response = db_app.test_client().post(f"{BIRTH}/submissions", json={"answers": BIRTH_ANSWERS})
    assert response.status_code == 201 and response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"reference", "form", "version", "submitted_at"}
    assert len(body["reference"]) == 8 and set(body["reference"]) <= set(REFERENCE_ALPHABET)
    assert body["form"] == "request-a-copy-of-a-birth-certificate" and body["version"] == 1
    submitted = dt.datetime.fromisoformat(body["submitted_at"])
    assert body["submitted_at"].endswith("Z") and before <= submitted <= dt.datetime.now(dt.UTC)
    assert response.headers["Location"] == f"/api/v1/submissions/{body['reference']}"
    assert "Idempotent-Replayed" not in response.headers and "Set-Cookie" not in response.headers
    stored = get_submission(get_engine(db_app), body["reference"])
    assert stored.draft_id is None and stored.deletion_code_hash is None
    assert stored.answers == {
        **BIRTH_ANSWERS,
        "copies": 2,
        "email": "Ada@example.com",
        "address": {
            "line1": "1 High Street",
            "line2": "",
            "town": "Northtown",
            "postcode": "SW1A 1AA",
        },
    }
    assert stored.retention_until - stored.created_at == dt.timedelta(days=180)


def test_skipped_answers_are_not_stored(db_app):
    answers = {**ROAD_REPORT, "pavement-width": "all"}  # a road report skips that question
    response = db_app.test_client().post(f"{POTHOLE}/submissions", json={"answers": answers})
    assert response.status_code == 201
    stored = get_submission(get_engine(db_app), response.get_json()["reference"])
    assert stored.answers == ROAD_REPORT


def test_invalid_answers_store_nothing(db_app):
    client = db_app.test_client()
    body = problem_of(
        client.post(
            f"{POTHOLE}/submissions", json={"answers": {**ROAD_REPORT, "pothole-size": "huge"}}
        ),
        422,
    )
    assert fields_of(body) == {"answers.pothole-size": "Select how big the pothole is"}
    assert count(db_app) == 0


def test_answers_with_awkward_text_are_stored(db_app):
    """NUL characters and every plane of Unicode go through both databases unharmed."""
    text = "Mill Lane \u0000 \u00e9\u4e2d\U0001f573"
    response = db_app.test_client().post(
        f"{POTHOLE}/submissions", json={"answers": {**ROAD_REPORT, "road-name": text}}
    )
    assert response.status_code == 201
    stored = get_submission(get_engine(db_app), response.get_json()["reference"])
    assert stored.answers["road-name"] == text


def test_same_key_and_body_give_the_first_response(db_app):
    client = db_app.test_client()
    headers = {"Idempotency-Key": "3f1c9a52-7e0b-4d7c-9d59-3b0f2f5d9b11"}
    first = client.post(f"{POTHOLE}/submissions", json={"answers": ROAD_REPORT}, headers=headers)
    # the same body with its keys in another order and other spacing is the same request
    reordered = '{"answers": ' + str(dict(reversed(ROAD_REPORT.items()))).replace("'", '"') + "}"
    again = client.post(
        f"{POTHOLE}/submissions", data=reordered, headers=headers, content_type="application/json"
    )
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json()
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert count(db_app) == 1


def test_same_key_and_another_body_is_a_conflict(db_app):
    client = db_app.test_client()
    headers = {"Idempotency-Key": "order-1234"}
    assert (
        client.post(
            f"{POTHOLE}/submissions", json={"answers": ROAD_REPORT}, headers=headers
        ).status_code
        == 201
    )
    body = problem_of(
        client.post(
            f"{POTHOLE}/submissions",
            headers=headers,
            json={"answers": {**ROAD_REPORT, "town": "Southtown"}},
        ),
        409,
    )
    assert body["type"].endswith("/api/v1/problems/idempotency-key-reused")
    assert body["title"] == "The Idempotency-Key was used with another request"
    assert count(db_app) == 1
    # keys are per form: the same key on another form is a new submission
    assert (
        client.post(
            f"{BIRTH}/submissions", json={"answers": BIRTH_ANSWERS}, headers=headers
        ).status_code
        == 201
    )
    assert count(db_app) == 2


def test_without_a_key_every_request_is_a_new_submission(db_app):
    client = db_app.test_client()
    references = {
        client.post(f"{POTHOLE}/submissions", json={"answers": ROAD_REPORT}).get_json()["reference"]
        for _ in range(3)
    }
    assert len(references) == 3 == count(db_app)


def test_racing_retries_store_one_submission(db_app):
    """Eight clients retry at once with one key: one submission, eight identical answers."""
    get_engine(db_app)  # migrate before the race
    headers = {"Idempotency-Key": "race"}

    def send(_):
        response = db_app.test_client().post(
            f"{POTHOLE}/submissions", json={"answers": ROAD_REPORT}, headers=headers
        )
        return response.status_code, response.get_json()["reference"]

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(send, range(8)))
    assert {status for status, _ in results} == {201}
    assert len({reference for _, reference in results}) == 1
    assert count(db_app) == 1
    with get_engine(db_app).connect() as conn:
        assert (
            conn.execute(sa.select(sa.func.count()).select_from(idempotency_keys)).scalar_one() == 1
        )


@pytest.mark.parametrize("key", ["", "x" * 256, "caf\u00e9", "tab\there"])
def test_bad_keys_are_refused(app, key):
    response = app.test_client().post(
        f"{POTHOLE}/submissions",
        json={"answers": ROAD_REPORT},
        headers={"Idempotency-Key": key.encode().decode("latin-1")},
    )
    assert set(fields_of(problem_of(response, 422))) == {"Idempotency-Key"}
    assert count(app) == 0


def test_a_database_failure_is_a_500_whose_log_has_no_answers(sample_search, tmp_path, caplog):
    app = service_app(sample_search, f"sqlite:///{tmp_path / 'p.db'}", TESTING=False)
    with get_engine(app).begin() as conn:
        conn.execute(sa.text("DROP TABLE idempotency_keys"))
    secret = "Flat 9, the secret address"
    with caplog.at_level(logging.DEBUG):
        response = app.test_client().post(
            f"{POTHOLE}/submissions",
            json={"answers": {**ROAD_REPORT, "where-on-road": secret}},
            headers={"Idempotency-Key": "k"},
        )
    body = problem_of(response, 500)
    assert "detail" not in body or secret not in body["detail"]
    assert any(record.exc_info for record in caplog.records)  # the fault is logged …
    logged = "\n".join(caplog.text.splitlines()) + "".join(
        str(record.exc_info[1]) for record in caplog.records if record.exc_info
    )
    assert "StorageFailed" in caplog.text
    assert secret not in logged and "Mill Lane" not in logged  # … without the answers


@pytest.fixture
def webhook_app(sample_search, database_url, tmp_path):
    """The pothole form with a webhook: a stored submission would write an outbox row."""
    app = service_app(sample_search, database_url, CONTENT_DIR=str(webhook_content(tmp_path)))
    yield app
    dispose(app)


@pytest.mark.parametrize(
    "answers",
    [{}, {"location-type": "road"}, {k: v for k, v in ROAD_REPORT.items() if k != "harm"}],
)
def test_empty_or_incomplete_answers_store_and_deliver_nothing(webhook_app, answers):
    client = webhook_app.test_client()
    body = problem_of(
        client.post(
            f"{POTHOLE}/submissions", json={"answers": answers}, headers={"Idempotency-Key": "k-1"}
        ),
        422,
    )
    assert body["type"].endswith("/invalid-answers") and fields_of(body)
    assert "answers.harm" in fields_of(body)
    with get_engine(webhook_app).connect() as conn:
        for table in (submissions, deliveries, idempotency_keys):
            assert conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one() == 0
    # complete, the same request is stored with its one outbox row
    assert client.post(f"{POTHOLE}/submissions", json={"answers": ROAD_REPORT}).status_code == 201
    with get_engine(webhook_app).connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(deliveries)).scalar_one() == 1


def test_a_number_for_a_text_question_is_refused_not_stored_as_text(db_app):
    """1e400 was stored as "inf", 42 as "42": a text question takes text only."""
    client = db_app.test_client()
    for number in ("1e400", "42"):
        body = (
            '{"answers": {"location-type": "road", "road-name": %s, "town": "Northtown", '
            '"where-on-road": "Outside number 14", "pothole-size": "large", "harm": "no"}}'
        )
        problem = problem_of(
            client.post(
                f"{POTHOLE}/submissions", data=body % number, content_type="application/json"
            ),
            422,
        )
        assert fields_of(problem) == {"answers.road-name": "The name of the road must be text"}
    assert count(db_app) == 0


@pytest.mark.parametrize("raw", ["1.5", "1e1", "1_0", "\u0662", 1.5, True])
def test_a_number_question_takes_only_whole_numbers_as_gov_uk_writes_them(db_app, raw):
    problem = problem_of(
        db_app.test_client().post(
            f"{BIRTH}/submissions", json={"answers": {**BIRTH_ANSWERS, "copies": raw}}
        ),
        422,
    )
    message = fields_of(problem)["answers.copies"]
    assert message in (
        "The number of copies must be a whole number",
        "The number of copies must be a number",
    )
    assert count(db_app) == 0
