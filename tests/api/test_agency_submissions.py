"""The agency routes with a valid key, through real requests on SQLite and PostgreSQL: a form's
submissions a page at a time (cursor, limit, since), one submission, its erasure, its delivery
record; bad parameters get the 422 problem; no cookie and no caching on any answer."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from app.agency.keys import create_key
from app.store import get_engine
from app.store import repository as repo
from app.store.tables import deliveries, delivery_attempts, idempotency_keys, submissions
from tests.agency.helpers import (
    BIRTH,
    BIRTH_ANSWERS,
    NOW,
    POTHOLE,
    POTHOLE_ANSWERS,
    POTHOLE_DELIVERED,
)

LIST = "/api/v1/forms/report-a-pothole/submissions"
ITEM_FIELDS = {"reference", "form", "version", "submitted_at", "language", "answers"}


@pytest.fixture
def engine(app):
    return get_engine(app)


@pytest.fixture
def client(app, engine):
    """A test client that sends the highways agency's key (the pothole form is theirs)."""
    key = create_key(engine, "highways-agency", "tests").key
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client


def submit(engine, form=POTHOLE, answers=None, *, at=NOW, idempotency=None, language="cy"):
    return repo.submit(
        engine,
        None,
        form,
        answers or POTHOLE_ANSWERS,
        now=at,
        idempotency=idempotency,
        language=language,
    )


def ok(response, status=200):
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True))
    return response.get_json()


def problem(response, status):
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True))
    assert response.mimetype == "application/problem+json"
    return response.get_json()


def order_key(submission):
    return submission.created_at, submission.reference


def when(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


# -- listing ------------------------------------------------------------------------------------


def test_a_forms_submissions_come_a_page_at_a_time_oldest_first(client, engine):
    made = [
        submit(
            engine,
            answers={**POTHOLE_ANSWERS, "town": f"Town {i}"},
            at=NOW + dt.timedelta(minutes=i),
        )
        for i in range(5)
    ]
    # two at the very same moment: the reference decides their order, on every page
    made += [submit(engine, at=NOW + dt.timedelta(minutes=2)) for _ in range(2)]
    submit(engine, BIRTH, BIRTH_ANSWERS)  # another form's, never listed here
    expected = sorted(made, key=order_key)

    pages, url = [], f"{LIST}?limit=3"
    while url:
        page = ok(client.get(url))
        pages.append(page)
        url = page["next"]
    assert [len(page["submissions"]) for page in pages] == [3, 3, 1]
    assert pages[-1]["next_cursor"] is None
    listed = [item for page in pages for item in page["submissions"]]
    assert [item["reference"] for item in listed] == [s.reference for s in expected]
    for item, submission in zip(listed, expected, strict=True):
        assert set(item) == ITEM_FIELDS
        assert item["form"] == "report-a-pothole" and item["version"] == POTHOLE.version
        assert when(item["submitted_at"]) == submission.created_at
        assert item["answers"] == submission.answers

    # `next` is the path with the cursor; the cursor alone, as `cursor`, gives the same page
    first = pages[0]
    assert urlsplit(first["next"]).path == LIST
    assert parse_qs(urlsplit(first["next"]).query) == {
        "limit": ["3"],
        "cursor": [first["next_cursor"]],
    }
    assert ok(client.get(f"{LIST}?limit=3&cursor={first['next_cursor']}")) == pages[1]


def test_the_default_page_holds_50_and_a_page_holds_at_most_100(client, engine):
    for i in range(101):
        submit(engine, at=NOW + dt.timedelta(seconds=i))
    default = ok(client.get(LIST))
    assert len(default["submissions"]) == 50 and default["next"] is not None
    widest = ok(client.get(f"{LIST}?limit=100"))
    assert len(widest["submissions"]) == 100
    rest = ok(client.get(widest["next"]))
    assert len(rest["submissions"]) == 1 and rest["next"] is None


def test_a_cursor_keeps_its_place_when_submissions_arrive_meanwhile(client, engine):
    made = [submit(engine, at=NOW + dt.timedelta(minutes=i)) for i in range(4)]
    first = ok(client.get(f"{LIST}?limit=2"))
    newest = submit(engine, at=NOW + dt.timedelta(hours=1))
    second = ok(client.get(first["next"]))
    third = ok(client.get(second["next"]))
    assert [item["reference"] for item in second["submissions"] + third["submissions"]] == [
        made[2].reference,
        made[3].reference,
        newest.reference,
    ]
    assert third["next"] is None


def test_pages_keep_the_microsecond_order_that_the_times_shown_round_away(client, engine):
    made = [submit(engine, at=NOW + dt.timedelta(microseconds=m)) for m in (2, 0, 1)]
    pages, url = [], f"{LIST}?limit=1"
    while url:
        page = ok(client.get(url))
        pages += page["submissions"]
        url = page["next"]
    assert [item["reference"] for item in pages] == [
        made[1].reference,
        made[2].reference,
        made[0].reference,
    ]
    assert {item["submitted_at"] for item in pages} == {"2026-06-15T12:00:00Z"}


def test_since_keeps_the_submissions_made_at_or_after_it(client, engine):
    made = [submit(engine, at=NOW + dt.timedelta(hours=i)) for i in range(6)]

    def listed(query):
        return [item["reference"] for item in ok(client.get(f"{LIST}?{query}"))["submissions"]]

    everything = [s.reference for s in made]
    from_third = everything[2:]
    assert listed("since=2026-06-15T14:00:00Z") == from_third  # exactly the third's moment
    assert listed("since=2026-06-15T16:00:00%2B02:00") == from_third  # the same moment at +02:00
    assert listed("since=2026-06-15t14:00:00.000001z") == from_third[1:]
    assert listed("since=2026-06-15T13:59:60Z") == from_third  # a leap second
    assert listed("since=2026-06-16T00:00:00Z") == []
    # at the calendar's ends, a zone can move a moment past them: before or after everything
    assert listed("since=0001-01-01T00:00:00%2B05:00") == everything
    assert listed("since=9999-12-31T23:00:00-05:00") == []
    # since goes with the cursor into `next`, so the later pages keep the filter
    page = ok(client.get(f"{LIST}?since=2026-06-15T14:00:00Z&limit=3"))
    assert parse_qs(urlsplit(page["next"]).query)["since"] == ["2026-06-15T14:00:00Z"]
    assert [
        item["reference"] for item in ok(client.get(page["next"]))["submissions"]
    ] == from_third[3:]


def test_a_form_with_no_submissions_lists_none(client):
    assert ok(client.get(LIST)) == {"submissions": [], "next_cursor": None, "next": None}


def test_bad_parameters_are_all_named_in_one_422(client, engine):
    submit(engine)
    body = problem(client.get(f"{LIST}?limit=0&cursor=nonsense&since=yesterday&colour=blue"), 422)
    assert body["type"].endswith("/api/v1/problems/invalid-parameters")
    assert body["detail"] == "4 parameters of the request are not valid: see errors"
    messages = {error["field"]: error["message"] for error in body["errors"]}
    assert messages == {
        "colour": "Unknown parameter: this route takes limit, cursor, since",
        "limit": "limit must be a whole number from 1 to 100",
        "cursor": "cursor is not one this API gave: give the `next_cursor` of the page before, "
        "unchanged",
        "since": "since must be a date and time with its zone (RFC 3339), such as "
        "2026-06-01T09:30:00Z",
    }
    for query, field in [
        ("limit=101", "limit"),
        ("limit=-1", "limit"),
        ("limit=2.5", "limit"),
        ("limit=", "limit"),
        ("limit=1&limit=2", "limit"),
        ("since=2026-13-01T00:00:00Z", "since"),
        ("since=", "since"),
        ("since=2026-02-30T00:00:00Z", "since"),
        ("since=2026-06-15", "since"),  # a date alone: which zone's midnight?
        ("since=2026-06-15T12:00:00", "since"),  # no zone
        ("since=2026-06-15 12:00:00Z", "since"),
        ("since=%D9%A2026-06-15T12:00:00Z", "since"),  # not an ASCII digit
        ("cursor=", "cursor"),
        ("cursor=%00", "cursor"),
        ("cursor=" + "A" * 201, "cursor"),
    ]:
        body = problem(client.get(f"{LIST}?{query}"), 422)
        assert [error["field"] for error in body["errors"]] == [field], query


def test_a_cursor_is_a_position_any_well_formed_one_works_and_others_are_refused(client, engine):
    made = sorted(
        (submit(engine, at=NOW + dt.timedelta(minutes=i)) for i in range(3)), key=order_key
    )
    first = ok(client.get(f"{LIST}?limit=1"))
    position, reference = first["next_cursor"].split(".")
    assert reference == made[0].reference
    # the same moment with the first and the last reference there can be (digits sort before
    # letters): ties go by reference
    assert [
        item["reference"]
        for item in ok(client.get(f"{LIST}?cursor={position}.22222222"))["submissions"]
    ] == [s.reference for s in made]
    assert (
        ok(client.get(f"{LIST}?cursor={position}.ZZZZZZZZ"))["submissions"][0]["reference"]
        == made[1].reference
    )
    assert len(ok(client.get(f"{LIST}?cursor=0.AAAAAAAA"))["submissions"]) == 3  # year 1
    assert ok(client.get(f"{LIST}?cursor={'f' * 15}.AAAAAAAA"))["submissions"] == []  # past 9999
    for cursor in [
        "xyz.ABCDEFGH",
        f"{position}.ABCDEFG1",
        f"{position}.ABCDEFGHJ",
        f"{position}ABCDEFGH",
        f"{'f' * 16}.ABCDEFGH",
        f"{position.upper()}.ABCDEFGH",
        f"-1.{reference}",
        f"{position}.{reference.lower()}",
    ]:
        body = problem(client.get(f"{LIST}?cursor={cursor}"), 422)
        assert [error["field"] for error in body["errors"]] == ["cursor"], cursor


# -- one submission -----------------------------------------------------------------------------


def test_a_submission_is_read_by_its_reference(client, engine):
    made = submit(engine)
    body = ok(client.get(f"/api/v1/submissions/{made.reference}"))
    assert body == {
        "reference": made.reference,
        "form": "report-a-pothole",
        "version": 1,
        "submitted_at": "2026-06-15T12:00:00Z",
        "language": "cy",  # the citizen's
        "answers": POTHOLE_ANSWERS,
    }
    # typed in lower case, as people copy references
    assert ok(client.get(f"/api/v1/submissions/{made.reference.lower()}")) == body
    # times to the second, as the rest of the API gives them
    later = submit(engine, at=NOW + dt.timedelta(seconds=1, microseconds=999_999))
    assert (
        ok(client.get(f"/api/v1/submissions/{later.reference}"))["submitted_at"]
        == "2026-06-15T12:00:01Z"
    )
    body = problem(client.get(f"/api/v1/submissions/{made.reference}?fields=all"), 422)
    assert body["errors"] == [
        {
            "field": "fields",
            "message": "Unknown parameter: this route takes none",
            "code": "unknown_parameter",
        }
    ]


def test_unknown_references_and_forms_are_404(client):
    for url in [
        "/api/v1/submissions/ABCDEFGH",
        "/api/v1/submissions/not-a-reference",
        "/api/v1/submissions/ABCDEFGH/deliveries",
        "/api/v1/forms/no-such-form/submissions",
        "/api/v1/forms/Not_An_Id/submissions",
    ]:
        body = problem(client.get(url), 404)
        assert body["title"] == "Not Found" and body["type"] == "about:blank", url
    assert problem(client.delete("/api/v1/submissions/ABCDEFGH"), 404)["status"] == 404


def rows(engine, table, *where):
    with engine.connect() as connection:
        return connection.execute(sa.select(table).where(*where)).mappings().all()


def test_a_submission_is_erased_with_its_delivery_and_idempotency_key(app, client, engine):
    gone = submit(engine, POTHOLE_DELIVERED, idempotency=repo.Idempotency("retry-1", "a" * 64))
    kept = submit(engine, POTHOLE_DELIVERED)
    # CSRF protection is on in this app (a form post without a token is refused) and DELETE is a
    # method it guards; the API's key-authenticated routes are exempt.
    assert app.test_client().post("/forms/report-a-pothole/location-type").status_code == 400

    response = client.delete(f"/api/v1/submissions/{gone.reference}")
    assert response.status_code == 204 and response.get_data() == b""
    assert rows(engine, submissions, submissions.c.reference == gone.reference) == []
    assert rows(engine, deliveries, deliveries.c.reference == gone.reference) == []
    assert rows(engine, idempotency_keys) == []
    problem(client.get(f"/api/v1/submissions/{gone.reference}"), 404)
    problem(client.delete(f"/api/v1/submissions/{gone.reference}"), 404)
    assert [r["reference"] for r in rows(engine, submissions)] == [kept.reference]
    assert len(rows(engine, deliveries)) == 1


# -- deliveries ---------------------------------------------------------------------------------


def test_a_form_without_a_webhook_shows_no_delivery(client, engine):
    made = submit(engine)
    assert ok(client.get(f"/api/v1/submissions/{made.reference}/deliveries")) == {
        "reference": made.reference,
        "status": "none",
        "message_id": None,
        "attempts": 0,
        "next_attempt_at": None,
        "delivered_at": None,
        "last_error": None,
        "history": [],
    }


def test_a_delivery_shows_its_status_and_every_attempt(client, engine):
    made = submit(engine, POTHOLE_DELIVERED)
    url = f"/api/v1/submissions/{made.reference}/deliveries"
    pending = ok(client.get(url))
    [outbox] = rows(engine, deliveries)
    assert pending == {
        "reference": made.reference,
        "status": "pending",
        "message_id": outbox["message_id"],
        "attempts": 0,
        "next_attempt_at": "2026-06-15T12:00:00Z",
        "delivered_at": None,
        "last_error": None,
        "history": [],
    }

    # what the delivery worker writes: a refused connection, a 503, then a 204
    refused = "roads.gov.nm.example: ConnectionRefusedError: [Errno 111] Connection refused"
    unavailable = "roads.gov.nm.example: the receiver answered 503 SERVICE UNAVAILABLE"
    tries = [
        (NOW, NOW + dt.timedelta(seconds=1), None, refused, 3),
        (NOW + dt.timedelta(seconds=59), NOW + dt.timedelta(minutes=1), 503, unavailable, 120),
        (NOW + dt.timedelta(minutes=4), NOW + dt.timedelta(minutes=5), 204, None, 45),
    ]

    def record(*attempts, **state):
        with engine.begin() as connection:
            for started_at, attempted_at, status_code, error, duration in attempts:
                connection.execute(
                    delivery_attempts.insert().values(
                        delivery_id=outbox["id"],
                        started_at=started_at,
                        attempted_at=attempted_at,
                        status_code=status_code,
                        error=error,
                        duration_ms=duration,
                    )
                )
            connection.execute(
                deliveries.update().where(deliveries.c.id == outbox["id"]).values(**state)
            )

    # the second try written before the first: the answer lists them by time
    record(
        tries[1],
        tries[0],
        status="pending",
        attempts=2,
        last_error=unavailable,
        next_attempt_at=NOW + dt.timedelta(minutes=3),
        updated_at=tries[1][1],
    )
    retrying = ok(client.get(url))
    assert retrying["status"] == "pending" and retrying["attempts"] == 2
    assert retrying["next_attempt_at"] == "2026-06-15T12:03:00Z"
    assert retrying["last_error"] == unavailable and retrying["delivered_at"] is None
    assert [t["status_code"] for t in retrying["history"]] == [None, 503]
    record(
        tries[2],
        status="delivered",
        attempts=3,
        next_attempt_at=None,
        last_error=None,
        delivered_at=tries[2][1],
        updated_at=tries[2][1],
    )
    delivered = ok(client.get(url))
    assert delivered["status"] == "delivered" and delivered["attempts"] == 3
    assert when(delivered["delivered_at"]) == tries[-1][1]
    assert delivered["next_attempt_at"] is None and delivered["last_error"] is None
    assert [
        (
            when(t["started_at"]),
            when(t["attempted_at"]),
            t["status_code"],
            t["error"],
            t["duration_ms"],
        )
        for t in delivered["history"]
    ] == tries


# -- what every answer carries -------------------------------------------------------------------


def test_no_answer_sets_a_cookie_or_may_be_cached(app, client, engine):
    made = submit(engine)
    other = app.test_client()  # no key: the 401s
    responses = [
        client.get(LIST),
        client.get(f"{LIST}?limit=0"),
        client.get(f"/api/v1/submissions/{made.reference}"),
        client.get(f"/api/v1/submissions/{made.reference}/deliveries"),
        client.get("/api/v1/submissions/ABCDEFGH"),
        client.delete(f"/api/v1/submissions/{made.reference}"),
        other.get(LIST),
        other.delete("/api/v1/submissions/ABCDEFGH"),
    ]
    assert [r.status_code for r in responses] == [200, 422, 200, 200, 404, 204, 401, 401]
    for response in responses:
        assert "Set-Cookie" not in response.headers
        assert response.headers["Cache-Control"] == "no-store"
