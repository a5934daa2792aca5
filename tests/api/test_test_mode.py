"""Test mode through the API, on SQLite and PostgreSQL: a submit with a test key stores a test,
which only test keys list and read; a live key sees only live submissions; a bad key on a
submit is refused."""

from __future__ import annotations

import pytest

from app.agency.keys import create_key
from app.store import get_engine
from app.store import repository as repo
from app.store.tables import submissions
from tests.api.conftest import POTHOLE, ROAD_REPORT, problem_of

LIST = f"{POTHOLE}/submissions"


@pytest.fixture
def keys(db_app):
    engine = get_engine(db_app)
    return {
        "live": create_key(engine, "highways-agency", "live").key,
        "test": create_key(engine, "highways-agency", "staging", test=True).key,
        "other": create_key(engine, "general-register-office", test=True).key,
    }


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def submit(client, key: str | None = None) -> str:
    response = client.post(LIST, json={"answers": ROAD_REPORT}, headers=bearer(key) if key else {})
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["reference"]


def listed(client, key: str) -> list[str]:
    response = client.get(LIST, headers=bearer(key))
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["reference"] for item in response.get_json()["submissions"]]


def test_a_test_key_makes_tests_that_are_listed_apart(db_app, keys):
    assert keys["test"].startswith("portal_test_")
    client = db_app.test_client()
    citizen = submit(client)  # no key: live, as every citizen's
    trial = submit(client, keys["test"])
    live_by_key = submit(client, keys["live"])
    engine = get_engine(db_app)
    assert repo.get_submission(engine, trial).is_test
    assert not repo.get_submission(engine, citizen).is_test
    stored = repo.get_submission(engine, trial)
    assert stored.retention_until == stored.created_at + repo.TEST_RETENTION
    assert sorted(listed(client, keys["live"])) == sorted([citizen, live_by_key])
    assert listed(client, keys["test"]) == [trial]
    # one by one: the other mode's submission does not exist for a key
    assert (
        client.get(f"/api/v1/submissions/{trial}", headers=bearer(keys["test"])).status_code == 200
    )
    problem_of(client.get(f"/api/v1/submissions/{trial}", headers=bearer(keys["live"])), 404)
    problem_of(client.get(f"/api/v1/submissions/{citizen}", headers=bearer(keys["test"])), 404)
    # the export of a form's submissions leaves tests out
    exported = [s.reference for s in repo.export_submissions(engine, "report-a-pothole")]
    assert trial not in exported and citizen in exported


def test_a_submit_with_a_bad_key_or_another_organisations_is_refused(db_app, keys):
    client = db_app.test_client()
    body = {"answers": ROAD_REPORT}
    refused = client.post(LIST, json=body, headers=bearer("portal_test_not-a-key"))
    assert problem_of(refused, 401)["title"] == "Unauthorized"
    assert refused.headers["WWW-Authenticate"].startswith("Bearer")
    problem_of(client.post(LIST, json=body, headers=bearer(keys["other"])), 404)
    with get_engine(db_app).connect() as c:
        assert c.execute(submissions.select()).first() is None  # nothing was stored
