"""Deliveries end to end on SQLite and PostgreSQL: a submission stored with its outbox row, posted
to a real receiver that verifies the signature and fails the first attempts, retried on a clock
the test moves, until it is delivered once, or given up 3 days after the submission."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import random
import socket
import threading
import time

import pytest
import sqlalchemy as sa
from prometheus_client import REGISTRY
from sqlalchemy.engine import make_url

from app import create_app
from app.dates import utc_timestamp
from app.delivery import outbox
from app.delivery.sender import DEADLINE_SECONDS, unreachable
from app.delivery.worker import Settings, deliver_due
from app.forms.registry import load_form
from app.outbox import backoff
from app.outbox.queue import Outcome
from app.store import dispose, get_engine
from app.store import repository as repo
from app.store.tables import deliveries, delivery_attempts
from tests.tcp_proxy import TcpProxy

from .conftest import ANSWERS, FORM_ID, HOOK_PATH, SECRET, SECRET_ENV, utc

T0 = utc(2026, 6, 15, 12, 0)


def delivery_row(engine, reference):
    with engine.connect() as c:
        return (
            c.execute(sa.select(deliveries).where(deliveries.c.reference == reference))
            .mappings()
            .one()
        )


def attempts_of(engine, reference):
    with engine.connect() as c:
        return (
            c.execute(
                sa.select(delivery_attempts)
                .join(deliveries)
                .where(deliveries.c.reference == reference)
                .order_by(delivery_attempts.c.id)
            )
            .mappings()
            .all()
        )


def with_rng(settings: Settings, seed: int = 1) -> Settings:
    return dataclasses.replace(settings, rng=random.Random(seed))


def test_a_receiver_failing_twice_gets_the_submission_once_on_the_third_attempt(
    engine, form, settings, receiver
):
    made = repo.submit(engine, None, form, ANSWERS, now=T0)
    receiver.answer(500, 500)
    settings = with_rng(settings)

    first = deliver_due(engine, settings, now=T0)
    assert (first.sent, first.retrying) == (0, 1)
    row = delivery_row(engine, made.reference)
    assert row["status"] == "pending" and row["attempts"] == 1
    assert T0 + backoff.SHORTEST_WAIT <= row["next_attempt_at"] <= T0 + dt.timedelta(seconds=30)
    assert row["last_error"].endswith("the receiver answered 500 INTERNAL SERVER ERROR")

    # nothing is due again before the time the backoff chose
    assert (
        deliver_due(
            engine, settings, now=row["next_attempt_at"] - dt.timedelta(milliseconds=1)
        ).attempts
        == 0
    )

    second_at = row["next_attempt_at"]
    assert deliver_due(engine, settings, now=second_at).retrying == 1
    row = delivery_row(engine, made.reference)
    assert second_at < row["next_attempt_at"] <= second_at + dt.timedelta(seconds=60)

    third_at = row["next_attempt_at"]
    assert deliver_due(engine, settings, now=third_at).sent == 1
    row = delivery_row(engine, made.reference)
    assert row["status"] == "delivered" and row["attempts"] == 3
    assert row["delivered_at"] == third_at and row["next_attempt_at"] is None
    assert row["last_error"] is None

    assert receiver.unverified == []
    assert [r.status for r in receiver.received] == [500, 500, 200]
    assert {r.message_id for r in receiver.received} == {row["message_id"]}  # stable on retries
    [got] = receiver.delivered
    assert got.payload == {
        "type": "submission.created",
        "timestamp": utc_timestamp(made.created_at),
        "data": {
            "reference": made.reference,
            "form": form.id,
            "version": 3,
            "submitted_at": utc_timestamp(made.created_at),
            "language": None,  # stored without one, as before 0011
            "answers": ANSWERS,
        },
    }

    tries = attempts_of(engine, made.reference)
    assert [(t["attempted_at"], t["status_code"]) for t in tries] == [
        (T0, 500),
        (second_at, 500),
        (third_at, 200),
    ]
    assert [t["error"] is None for t in tries] == [False, False, True]
    assert all(t["duration_ms"] >= 0 for t in tries)

    # delivered is done: later passes send nothing
    assert deliver_due(engine, settings, now=third_at + dt.timedelta(days=1)).attempts == 0
    assert len(receiver.received) == 3


def test_the_signature_timestamp_is_the_real_sending_time_whatever_the_clock(
    engine, form, settings, receiver
):
    """Receivers refuse messages more than 5 minutes old, so the moved clock is not signed."""
    repo.submit(engine, None, form, ANSWERS, now=T0 - dt.timedelta(days=2))
    before = int(repo.utcnow().timestamp())
    assert deliver_due(engine, settings, now=T0).sent == 1
    assert before <= int(receiver.delivered[0].timestamp) <= repo.utcnow().timestamp()


def test_a_receiver_that_never_answers_2xx_is_given_up_3_days_after_the_submission(
    engine, form, settings, receiver
):
    made = repo.submit(engine, None, form, ANSWERS, now=T0)
    receiver.answer(*[503] * 1000)
    settings, clock, deadline = with_rng(settings, 9), T0, T0 + outbox.GIVE_UP_AFTER
    while (row := delivery_row(engine, made.reference))["status"] == "pending":
        clock = row["next_attempt_at"]
        assert clock <= deadline
        deliver_due(engine, settings, now=clock)
    assert row["status"] == "failed" and row["next_attempt_at"] is None
    assert row["last_error"].endswith("the receiver answered 503 SERVICE UNAVAILABLE")
    tries = attempts_of(engine, made.reference)
    assert tries[-1]["attempted_at"] == deadline  # the last attempt was at the deadline
    assert len(tries) == row["attempts"] == len(receiver.received)
    # an hour at most between attempts once the ceiling is reached: at least 3 days' worth of them
    assert len(tries) > 72
    gaps = [b["attempted_at"] - a["attempted_at"] for a, b in zip(tries, tries[1:], strict=False)]
    assert max(gaps) <= backoff.MAX_CEILING
    assert receiver.delivered == []
    assert deliver_due(engine, settings, now=deadline + dt.timedelta(days=30)).attempts == 0


def test_a_missing_secret_is_a_failed_attempt_that_says_which_variable_then_it_is_delivered(
    engine, form, settings, receiver
):
    made = repo.submit(engine, None, form, ANSWERS, now=T0)
    unset = Settings(load_form=settings.load_form, environ={}, rng=random.Random(2))
    assert deliver_due(engine, unset, now=T0).retrying == 1
    row = delivery_row(engine, made.reference)
    assert row["status"] == "pending" and row["attempts"] == 1
    assert f"set the environment variable {SECRET_ENV}" in row["last_error"]
    [tried] = attempts_of(engine, made.reference)
    assert tried["status_code"] is None and tried["error"] == row["last_error"]
    assert receiver.received == []  # nothing unsigned is ever sent

    assert deliver_due(engine, settings, now=row["next_attempt_at"]).sent == 1
    assert len(receiver.delivered) == 1 and receiver.unverified == []


def test_a_form_that_lost_its_webhook_or_its_file_is_a_failed_attempt(
    engine, form, settings, content, receiver
):
    made = repo.submit(engine, None, form, ANSWERS, now=T0)
    path = content / "forms" / f"{form.id}.yaml"
    path.write_text(path.read_text().replace("delivery:", "old_delivery:"))  # now invalid
    deliver_due(engine, with_rng(settings), now=T0)
    assert (
        "is not in the content this service runs (SERVICE_DATA or CONTENT_DIR/forms) or is not"
        in delivery_row(engine, made.reference)["last_error"]
    )
    assert receiver.received == []


def test_a_submission_without_a_webhook_is_not_delivered(engine, form, settings, receiver):
    plain = form.model_copy(update={"id": "no-webhook", "delivery": None})
    repo.submit(engine, None, plain, ANSWERS, now=T0)
    assert deliver_due(engine, settings, now=T0).attempts == 0 and receiver.received == []


def test_deliveries_go_oldest_due_first_and_each_once(engine, form, settings, receiver):
    made = [
        repo.submit(
            engine, None, form, {**ANSWERS, "where": f"Tree {n}"}, now=T0 + dt.timedelta(seconds=n)
        )
        for n in range(5)
    ]
    report = deliver_due(engine, settings, now=T0 + dt.timedelta(minutes=1))
    assert report.sent == 5
    assert [r.payload["data"]["reference"] for r in receiver.delivered] == [
        m.reference for m in made
    ]


def test_a_submission_erased_while_it_was_sent_records_nothing(engine, form, receiver):
    made = repo.submit(engine, None, form, ANSWERS, now=T0)
    claimed = outbox.QUEUE.claim_next(engine, T0)
    assert claimed.reference == made.reference and claimed.answers == ANSWERS
    assert repo.delete_submission(engine, made.reference)
    assert outbox.QUEUE.record_attempt(engine, claimed, Outcome(200, None, 5), T0) is None
    with engine.connect() as c:
        assert c.execute(sa.select(sa.func.count()).select_from(delivery_attempts)).scalar() == 0


def test_a_claimed_delivery_is_leased_and_comes_back_if_its_worker_dies(engine, form):
    made = repo.submit(engine, None, form, ANSWERS, now=T0)
    claimed = outbox.QUEUE.claim_next(engine, T0)
    assert (
        claimed is not None
        and claimed.message_id == delivery_row(engine, made.reference)["message_id"]
    )
    # while it is being sent nobody else gets it...
    assert outbox.QUEUE.claim_next(engine, T0 + dt.timedelta(minutes=1)) is None
    assert delivery_row(engine, made.reference)["next_attempt_at"] == T0 + outbox.LEASE
    # ...and when the worker never reports back, it is due again after the lease
    again = outbox.QUEUE.claim_next(engine, T0 + outbox.LEASE)
    assert again is not None and again.id == claimed.id


def test_a_worker_given_a_short_lease_claims_for_it_and_ends_its_attempts_within_it(
    engine, form, settings, receiver
):
    short = Settings.with_lease(
        6, load_form=settings.load_form, environ=settings.environ, allow_loopback=True
    )
    assert (short.timeout, short.deadline) == (3, 3)  # a live worker's send ends before the lease
    assert Settings.with_lease(300, load_form=settings.load_form).deadline == DEADLINE_SECONDS
    made = repo.submit(engine, None, form, ANSWERS, now=T0)
    receiver.answer(500)
    assert deliver_due(engine, with_rng(short), now=T0).retrying == 1
    # the claim took the short lease: had the worker died, the row was due again 6 s later
    claimed = outbox.QUEUE.claim_next(engine, T0 + dt.timedelta(hours=2), lease=short.lease)
    assert claimed.reference == made.reference
    row = delivery_row(engine, made.reference)
    assert row["next_attempt_at"] == T0 + dt.timedelta(hours=2, seconds=6)
    assert outbox.QUEUE.claim_next(engine, T0 + dt.timedelta(hours=2, seconds=5)) is None
    assert outbox.QUEUE.claim_next(engine, T0 + dt.timedelta(hours=2, seconds=6)) is not None


def test_logs_name_the_reference_and_never_the_answers_or_the_secret(
    engine, form, settings, receiver, caplog
):
    made = repo.submit(engine, None, form, ANSWERS, now=T0)
    receiver.answer(500)
    caplog.set_level(logging.DEBUG)
    deliver_due(engine, with_rng(settings), now=T0)
    deliver_due(engine, settings, now=T0 + dt.timedelta(hours=1))
    assert len(receiver.delivered) == 1
    # ours only: the receiver's own server logs its request line too
    logged = "\n".join(
        record.getMessage() for record in caplog.records if record.name.startswith("app.")
    )
    assert made.reference in logged and "failed" in logged and "delivered" in logged
    for answer in ANSWERS.values():
        assert answer not in logged
    assert SECRET.removeprefix("whsec_") not in logged
    assert "/hooks/portal" not in logged  # the receiver's host, not its path, which may hold a key


@pytest.mark.parametrize("status", [200, 201, 202, 204])
def test_every_2xx_counts_as_delivered(engine, form, settings, receiver, status):
    made = repo.submit(engine, None, form, ANSWERS, now=T0)
    receiver.answer(status)
    assert deliver_due(engine, settings, now=T0).sent == 1
    assert delivery_row(engine, made.reference)["status"] == "delivered"


def test_the_backoff_counts_from_the_end_of_an_attempt_and_both_its_ends_are_recorded(
    engine, form, settings, receiver
):
    """On the real clock: a receiver that takes a second to answer 500. The next attempt is
    scheduled from when the answer came, not from when the attempt began."""
    made = repo.submit(engine, None, form, ANSWERS)
    arrived, answered = [], []

    def slow(request):
        arrived.append(repo.utcnow())
        time.sleep(1)
        answered.append(repo.utcnow())
        return receiver.handle(request)

    receiver.server.clear()
    receiver.server.expect_request(HOOK_PATH).respond_with_handler(slow)
    receiver.answer(500)
    before = repo.utcnow()
    assert deliver_due(engine, with_rng(settings, 4)).retrying == 1
    after = repo.utcnow()

    [tried] = attempts_of(engine, made.reference)
    assert before <= tried["started_at"] <= arrived[0]
    assert answered[0] <= tried["attempted_at"] <= after  # attempted_at: when it ended
    assert tried["attempted_at"] - tried["started_at"] >= dt.timedelta(seconds=1)
    row = delivery_row(engine, made.reference)
    assert row["next_attempt_at"] == tried["attempted_at"] + backoff.wait_after(1, random.Random(4))
    assert row["updated_at"] == tried["attempted_at"]


def test_a_failure_without_an_answer_is_stored_as_one_generic_error_and_logged_in_full(
    engine, form, settings, content, receiver, caplog
):
    """What the agency reads (last_error, each attempt's error) is the same for a closed port
    and for a loopback receiver refused without the development setting; the operator's log
    says which."""
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        closed_url = f"http://127.0.0.1:{closed.getsockname()[1]}/hooks/portal"
    path = content / "forms" / f"{form.id}.yaml"
    path.write_text(path.read_text().replace(receiver.url, closed_url))
    refused_port = repo.submit(engine, None, form, ANSWERS, now=T0)
    caplog.set_level(logging.INFO)
    assert deliver_due(engine, with_rng(settings), now=T0).retrying == 1
    path.write_text(
        path.read_text().replace(closed_url, receiver.url.replace("localhost", "127.0.0.1"))
    )
    refused_target = repo.submit(engine, None, form, ANSWERS, now=T0)
    production = dataclasses.replace(with_rng(settings), allow_loopback=False)
    assert deliver_due(engine, production, now=T0).retrying == 1
    assert receiver.received == []

    generic = f"127.0.0.1: {unreachable(DEADLINE_SECONDS)}"
    for made in (refused_port, refused_target):
        assert delivery_row(engine, made.reference)["last_error"] == generic
        [tried] = attempts_of(engine, made.reference)
        assert (tried["status_code"], tried["error"]) == (None, generic)
    logged = "\n".join(
        record.getMessage() for record in caplog.records if record.name.startswith("app.")
    )
    assert "ConnectionRefusedError" in logged
    assert "resolves to 127.0.0.1, a loopback address" in logged


def test_every_attempt_is_counted_by_outcome_for_the_metrics(engine, form, settings, receiver):
    def counted(outcome: str) -> float:
        return (
            REGISTRY.get_sample_value("portal_delivery_attempts_total", {"outcome": outcome}) or 0
        )

    before = {outcome: counted(outcome) for outcome in ("delivered", "retrying")}
    made = repo.submit(engine, None, form, ANSWERS, now=T0)
    receiver.answer(500)
    settings = with_rng(settings)
    assert deliver_due(engine, settings, now=T0).retrying == 1
    retry_at = delivery_row(engine, made.reference)["next_attempt_at"]
    assert deliver_due(engine, settings, now=retry_at).sent == 1
    assert counted("retrying") - before["retrying"] == 1
    assert counted("delivered") - before["delivered"] == 1


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_database_away_when_an_attempt_ends_is_waited_for_and_the_attempt_recorded(
    database_url, content, receiver, httpserver, tmp_path, caplog
):
    """PostgreSQL restarted while a delivery was with the agency (the production test's fault):
    the worker records the attempt once the database is back, instead of leaving the row
    claimed, unsent to every eye, until its 5-minute lease runs out and then sending it again."""
    direct = make_url(database_url)
    proxy = TcpProxy((direct.host or "localhost", direct.port or 5432)).start()
    app = create_app(
        {
            "DATABASE_URL": direct.set(host="127.0.0.1", port=proxy.port).render_as_string(
                hide_password=False
            ),
            "CONTENT_DIR": str(content),
            "DIST_DIR": str(tmp_path / "dist"),
            "TESTING": True,
        }
    )
    back = threading.Timer(1.5, proxy.start)

    def answer_as_the_database_goes(request):
        proxy.stop()  # every connection through it cut, new ones refused, for 1.5 s
        back.start()
        return receiver.handle(request)

    httpserver.clear_all_handlers()
    httpserver.expect_request(HOOK_PATH, method="POST").respond_with_handler(
        answer_as_the_database_goes
    )
    caplog.set_level(logging.WARNING)
    try:
        with app.app_context():
            engine = get_engine(app)
            made = repo.submit(engine, None, load_form(FORM_ID), ANSWERS, now=T0)
            settings = Settings(
                load_form=load_form, environ={SECRET_ENV: SECRET}, allow_loopback=True
            )
            report = deliver_due(engine, settings, now=T0)
            assert (report.sent, report.attempts) == (1, 1)
            row = delivery_row(engine, made.reference)
            assert (row["status"], row["attempts"], row["next_attempt_at"]) == (
                "delivered",
                1,
                None,
            )
            assert len(attempts_of(engine, made.reference)) == 1
            assert len(receiver.delivered) == 1
            [waited] = [r.getMessage() for r in caplog.records if r.name == "app.outbox.worker"]
            assert waited.startswith(f"delivery {row['message_id']}: the database could not be")
    finally:
        if back.ident is not None:
            back.join()
        proxy.stop()
        dispose(app)
