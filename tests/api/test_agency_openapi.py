"""The agency routes against their OpenAPI document, on SQLite and PostgreSQL.

schemathesis generates calls from /api/v1/openapi.json with a valid key (the fuzzing of the whole
document runs without one, so it only ever reaches these routes' 401) and checks every answer:
no server error, a documented status and content type, a body of the documented schema, no
well-formed call refused, every malformed one refused."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
import schemathesis
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from app.agency.keys import create_key
from app.store import get_engine
from app.store import repository as repo
from app.store.tables import deliveries, delivery_attempts
from tests.agency.helpers import (
    BIRTH,
    BIRTH_ANSWERS,
    NOW,
    POTHOLE_ANSWERS,
    POTHOLE_DELIVERED,
)

LIST = "/api/v1/forms/{form_id}/submissions"
ONE = "/api/v1/submissions/{reference}"
DELIVERIES = "/api/v1/submissions/{reference}/deliveries"
FILE = "/api/v1/submissions/{reference}/files/{file_id}"
PROBLEM = "application/problem+json"
EXAMPLES = 25


@pytest.fixture
def document(app):
    response = app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def test_the_document_describes_each_agency_route_with_the_bearer_key(document):
    assert document["components"]["securitySchemes"]["agencyKey"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "portal_<id>_<secret>",
        "description": "An agency API key from `flask agency create-key <organisation>`, sent "
        "as `Authorization: Bearer <key>`. It reaches only its organisation's "
        "forms.",
    }
    operations = {
        (path, method): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
    }
    ours = {key: op for key, op in operations.items() if "agency" in op.get("tags", [])}
    assert {(path, method, op["operationId"]) for (path, method), op in ours.items()} == {
        (LIST, "get", "listSubmissions"),
        (ONE, "get", "getSubmission"),
        (ONE, "delete", "deleteSubmission"),
        (DELIVERIES, "get", "getSubmissionDeliveries"),
        (FILE, "get", "getSubmissionFile"),
    }
    for (path, method), operation in ours.items():
        assert operation["security"] == [{"agencyKey": []}]
        responses = operation["responses"]
        success = "204" if method == "delete" else "200"
        assert operation["summary"] and operation["description"], (path, method)
        assert set(responses) == {success, "401", "404", "422", "500"}, (path, method)
        for status in ("401", "404", "422", "500"):
            [media_type] = responses[status]["content"]
            assert media_type == PROBLEM
            assert responses[status]["content"][PROBLEM]["schema"]["$ref"].startswith(
                "#/components/schemas/Problem"
            )
        if method == "delete":
            assert "content" not in responses["204"]
        elif path == FILE:  # the file's bytes, of each type a file question takes
            content = responses["200"]["content"]
            assert list(content) == ["application/pdf", "image/jpeg", "image/png"]
            assert {media["schema"]["format"] for media in content.values()} == {"binary"}
        else:
            assert list(responses["200"]["content"]) == ["application/json"]
    list_parameters = {p["name"]: p for p in operations[(LIST, "get")]["parameters"]}
    assert set(list_parameters) == {"form_id", "limit", "cursor", "since"}
    assert list_parameters["limit"]["schema"]["maximum"] == 100
    assert list_parameters["since"]["schema"]["format"] == "date-time"


def test_the_document_gives_each_delivery_attempt_its_start_and_its_end(document):
    attempt = document["components"]["schemas"]["DeliveryStatus.DeliveryAttempt"]
    for name, says in (
        ("started_at", "when the try began"),
        ("attempted_at", "when the try ended"),
    ):
        assert name in attempt["required"]
        assert attempt["properties"][name]["format"] == "date-time"
        assert attempt["properties"][name]["description"].startswith(says)


def fuzz(operation, key: str, *, mode=GenerationMode.POSITIVE, **fixed) -> Counter:
    """Call the operation with generated requests (with `fixed` path parameters) and the key; every
    answer is checked against the document. Returns how many of each status came back."""
    statuses: Counter = Counter()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=fixed or None))
    def calls(case):
        response = case.call_and_validate(headers={"Authorization": f"Bearer {key}"})
        statuses[response.status_code] += 1

    calls()
    return statuses


def test_generated_calls_with_a_key_get_only_documented_answers(app):
    engine = get_engine(app)
    key = create_key(engine, "highways-agency").key
    delivered = repo.submit(engine, None, POTHOLE_DELIVERED, POTHOLE_ANSWERS, now=NOW)
    for minutes in range(1, 6):
        repo.submit(
            engine,
            None,
            POTHOLE_DELIVERED,
            POTHOLE_ANSWERS,
            now=NOW + dt.timedelta(minutes=minutes),
        )
    theirs = repo.submit(engine, None, BIRTH, BIRTH_ANSWERS, now=NOW)
    with engine.begin() as connection:
        delivery_id = connection.execute(
            sa.select(deliveries.c.id).where(deliveries.c.reference == delivered.reference)
        ).scalar_one()
        connection.execute(
            delivery_attempts.insert().values(
                delivery_id=delivery_id,
                started_at=NOW,
                attempted_at=NOW,
                status_code=None,
                error="connection refused",
                duration_ms=4,
            )
        )
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)

    listing = schema[LIST]["GET"]
    assert set(fuzz(listing, key, form_id=POTHOLE_DELIVERED.id)) == {200}
    assert 422 in fuzz(listing, key, mode=GenerationMode.NEGATIVE, form_id=POTHOLE_DELIVERED.id)
    assert fuzz(listing, key, form_id=BIRTH.id) == Counter({404: EXAMPLES})
    assert set(fuzz(listing, key)) <= {200, 404}

    for path in (ONE, DELIVERIES):
        operation = schema[path]["GET"]
        assert set(fuzz(operation, key, reference=delivered.reference)) == {200}
        assert set(fuzz(operation, key, reference=theirs.reference)) == {404}
        assert set(fuzz(operation, key)) == {404}

    erase = schema[ONE]["DELETE"]
    assert set(fuzz(erase, key)) == {404}
    assert set(fuzz(erase, key, reference=theirs.reference)) == {404}
    assert fuzz(erase, key, reference=delivered.reference)[204] == 1  # then 404: it is gone
    assert repo.get_submission(engine, theirs.reference) is not None
