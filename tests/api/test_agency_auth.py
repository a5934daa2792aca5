"""Who may call the agency routes, through real requests on SQLite and PostgreSQL: every route
refuses a missing, malformed, unknown or revoked key with a 401 problem and a Bearer challenge,
and another agency's key gets the same 404 as a thing that does not exist, never data."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from app.agency.keys import create_key, get_key, revoke_key
from app.store import get_engine
from app.store import repository as repo
from app.store.tables import submissions
from tests.agency.helpers import (
    BIRTH,
    BIRTH_ANSWERS,
    NOW,
    POTHOLE_ANSWERS,
    POTHOLE_DELIVERED,
)


@pytest.fixture
def world(app):
    """Two agencies, each with a key and a submission of its own form."""
    engine = get_engine(app)
    return {
        "roads_key": create_key(engine, "highways-agency", now=NOW).key,
        "births_key": create_key(engine, "general-register-office", now=NOW).key,
        "pothole": repo.submit(engine, None, POTHOLE_DELIVERED, POTHOLE_ANSWERS, now=NOW),
        "birth": repo.submit(engine, None, BIRTH, BIRTH_ANSWERS, now=NOW),
    }


def routes(form_id: str, reference: str) -> list[tuple[str, str]]:
    return [
        ("GET", f"/api/v1/forms/{form_id}/submissions"),
        ("GET", f"/api/v1/submissions/{reference}"),
        ("GET", f"/api/v1/submissions/{reference}/deliveries"),
        ("DELETE", f"/api/v1/submissions/{reference}"),
    ]


def call(app, method, url, authorization=None):
    headers = {"Authorization": authorization} if authorization is not None else {}
    return app.test_client().open(url, method=method, headers=headers)


def still_stored(app, reference) -> bool:
    with get_engine(app).connect() as connection:
        return (
            connection.execute(
                sa.select(submissions.c.reference).where(submissions.c.reference == reference)
            ).first()
            is not None
        )


def test_every_route_refuses_a_call_without_a_usable_key(app, world):
    pothole = world["pothole"]
    key = world["roads_key"]
    prefix, key_id, secret = key.split("_", 2)
    revoked = create_key(get_engine(app), "highways-agency").key
    revoke_key(get_engine(app), revoked.split("_")[1])
    refused = {
        None: 'Bearer realm="Portal API"',
        "": 'Bearer realm="Portal API"',
        f"Basic {key}": 'Bearer realm="Portal API", error="invalid_token"',
        "Bearer": 'Bearer realm="Portal API", error="invalid_token"',
        "Bearer ": 'Bearer realm="Portal API", error="invalid_token"',
        f"Bearer {key_id}": 'Bearer realm="Portal API", error="invalid_token"',
        f"Bearer {prefix}_{key_id}_{secret[::-1]}": 'Bearer realm="Portal API", '
        'error="invalid_token"',
        f"Bearer portal_{'f' * 12}_{secret}": 'Bearer realm="Portal API", error="invalid_token"',
        f"Bearer {revoked}": 'Bearer realm="Portal API", error="invalid_token"',
        f"Token {key}": 'Bearer realm="Portal API", error="invalid_token"',
    }
    for method, url in routes(POTHOLE_DELIVERED.id, pothole.reference):
        for authorization, challenge in refused.items():
            response = call(app, method, url, authorization)
            assert response.status_code == 401, (method, url, authorization)
            assert response.mimetype == "application/problem+json"
            assert response.headers["WWW-Authenticate"] == challenge
            body = response.get_json()
            assert body["type"] == "about:blank" and body["title"] == "Unauthorized"
            assert body["status"] == 401 and body["detail"]
            assert "answers" not in response.get_data(as_text=True)
    assert still_stored(app, pothole.reference)
    revoked_answer = call(
        app, "GET", f"/api/v1/submissions/{pothole.reference}", f"Bearer {revoked}"
    ).get_json()
    assert revoked_answer["detail"] == "The API key has been revoked: ask for a new one"


def test_the_scheme_name_is_case_insensitive_and_use_is_recorded(app, world):
    key = world["roads_key"]
    assert get_key(get_engine(app), key.split("_")[1]).last_used_at is None
    response = call(
        app, "GET", f"/api/v1/submissions/{world['pothole'].reference}", f"bearer  {key} "
    )
    assert response.status_code == 200
    used = get_key(get_engine(app), key.split("_")[1]).last_used_at
    assert used is not None and used > NOW


def test_a_key_revoked_from_now_on_is_refused_at_once(app, world):
    url = f"/api/v1/submissions/{world['pothole'].reference}"
    assert call(app, "GET", url, f"Bearer {world['roads_key']}").status_code == 200
    revoke_key(get_engine(app), world["roads_key"].split("_")[1])
    assert call(app, "GET", url, f"Bearer {world['roads_key']}").status_code == 401


def test_another_agencys_key_gets_404_on_every_route_as_for_what_does_not_exist(app, world):
    """The register office's key on the highways agency's form and submission, and the other
    way round: the same 404 (status, type, title) as for a form or reference that does not exist,
    with nothing of the submission in it; and a DELETE erases nothing."""
    cases = [
        (world["births_key"], POTHOLE_DELIVERED.id, world["pothole"]),
        (world["roads_key"], BIRTH.id, world["birth"]),
    ]
    for key, form_id, submission in cases:
        for (method, url), (_, missing_url) in zip(
            routes(form_id, submission.reference), routes("no-such-form", "ABCDEFGH"), strict=True
        ):
            response = call(app, method, url, f"Bearer {key}")
            missing = call(app, method, missing_url, f"Bearer {key}")
            assert response.status_code == missing.status_code == 404, (method, url)
            body, missing_body = response.get_json(), missing.get_json()
            assert response.mimetype == "application/problem+json"
            assert {k: body[k] for k in ("type", "title", "status")} == {
                k: missing_body[k] for k in ("type", "title", "status")
            }
            text = response.get_data(as_text=True)
            assert not any(str(value) in text for value in submission.answers.values())
            assert "submitted_at" not in text and "answers" not in text
        assert still_stored(app, submission.reference)
    # and each agency's own key reaches its own, on every route
    for key, form_id, submission in [
        (world["roads_key"], POTHOLE_DELIVERED.id, world["pothole"]),
        (world["births_key"], BIRTH.id, world["birth"]),
    ]:
        statuses = [
            call(app, method, url, f"Bearer {key}").status_code
            for method, url in routes(form_id, submission.reference)
        ]
        assert statuses == [200, 200, 200, 204]


def test_a_keys_organisation_is_the_forms_organisation_not_the_keys_label(app, world):
    """A label that names another agency gives no access to it."""
    engine = get_engine(app)
    key = create_key(
        engine, "cabinet-office", "general-register-office", now=NOW + dt.timedelta(minutes=1)
    ).key
    url = f"/api/v1/submissions/{world['birth'].reference}"
    assert call(app, "GET", url, f"Bearer {key}").status_code == 404
    assert (
        call(app, "GET", "/api/v1/forms/register-to-vote/submissions", f"Bearer {key}").status_code
        == 200
    )
