"""`flask deliver` through Flask's CLI runner (`--once`, `--retry`), and the worker loop as a real
process that a signal stops after the delivery it is sending."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
import sqlalchemy as sa

from app.delivery.worker import deliver_due
from app.store import repository as repo
from app.store.tables import deliveries, delivery_attempts
from tests.conftest import ROOT

from .conftest import ANSWERS, HOOK_PATH, SECRET, SECRET_ENV


@pytest.fixture
def run(app, monkeypatch):
    monkeypatch.setenv(SECRET_ENV, SECRET)

    def invoke(*args: str):
        return app.test_cli_runner().invoke(args=["deliver", *args])

    return invoke


def status_of(engine, reference):
    with engine.connect() as c:
        return c.execute(
            sa.select(deliveries.c.status, deliveries.c.attempts).where(
                deliveries.c.reference == reference
            )
        ).one()


def test_once_delivers_everything_due_and_says_what_happened(run, engine, form, receiver):
    made = [repo.submit(engine, None, form, ANSWERS) for _ in range(3)]
    receiver.answer(500)
    result = run("--once")
    assert result.exit_code == 0, result.output
    assert result.output == "Delivered 2, 1 to be retried, 0 given up.\n"
    assert sorted(r.payload["data"]["reference"] for r in receiver.delivered) == sorted(
        m.reference for m in made if status_of(engine, m.reference).status == "delivered"
    )
    assert run("--once").output == "Delivered 0, 0 to be retried, 0 given up.\n"  # not due yet


def test_once_with_the_secret_unset_records_failed_attempts_and_exits_normally(
    run, engine, form, receiver, monkeypatch
):
    made = repo.submit(engine, None, form, ANSWERS)
    monkeypatch.delenv(SECRET_ENV)
    result = run("--once")
    assert result.exit_code == 0, result.output
    assert result.output == "Delivered 0, 1 to be retried, 0 given up.\n"
    assert status_of(engine, made.reference) == ("pending", 1)
    assert receiver.received == []


def test_retry_sends_a_delivered_submission_again_with_the_same_message_id(
    run, engine, form, receiver
):
    made = repo.submit(engine, None, form, ANSWERS)
    assert run("--once").exit_code == 0
    result = run("--retry", made.reference.lower())
    assert result.exit_code == 0, result.output
    assert result.output == f"Delivered {made.reference} (HTTP 200).\n"
    first, again = receiver.delivered
    assert first.message_id == again.message_id and first.payload == again.payload
    assert status_of(engine, made.reference) == ("delivered", 2)


def test_retry_delivers_a_submission_that_had_been_given_up(run, engine, form, settings, receiver):
    old = repo.submit(engine, None, form, ANSWERS, now=repo.utcnow() - dt.timedelta(days=4))
    receiver.answer(503)
    assert deliver_due(engine, settings).failed == 1  # past its 3 days: one try, then failed
    assert status_of(engine, old.reference).status == "failed"
    result = run("--retry", old.reference)
    assert result.exit_code == 0, result.output
    assert status_of(engine, old.reference) == ("delivered", 2)
    with engine.connect() as c:
        assert c.execute(
            sa.select(delivery_attempts.c.status_code).order_by(delivery_attempts.c.id)
        ).scalars().all() == [503, 200]


def test_a_retry_that_fails_says_why_and_exits_1(run, engine, form, receiver):
    fresh = repo.submit(engine, None, form, ANSWERS)
    old = repo.submit(engine, None, form, ANSWERS, now=repo.utcnow() - dt.timedelta(days=4))
    receiver.answer(500, 500)
    result = run("--retry", fresh.reference)
    assert result.exit_code == 1
    assert "was not delivered" in result.output and "500 INTERNAL SERVER ERROR" in result.output
    assert "it will be retried" in result.output
    result = run("--retry", old.reference)
    assert result.exit_code == 1 and "it is marked failed" in result.output
    assert status_of(engine, old.reference).status == "failed"


def test_without_the_development_setting_a_receiver_on_this_machine_gets_nothing(
    app, run, engine, form, receiver
):
    app.config["DELIVERY_ALLOW_LOOPBACK"] = False  # as everywhere but a developer's machine
    made = repo.submit(engine, None, form, ANSWERS)
    assert run("--once").output == "Delivered 0, 1 to be retried, 0 given up.\n"
    result = run("--retry", made.reference)
    assert result.exit_code == 1
    assert "no complete answer" in result.output  # what the agency sees, and for the operator:
    assert (
        "a loopback address (the development setting DELIVERY_ALLOW_LOOPBACK is off)"
        in " ".join(result.output.split())
    )
    assert receiver.received == []


def test_retry_of_an_unknown_reference_is_an_error(run, engine):
    result = run("--retry", "NOSUCHRF")
    assert result.exit_code == 1
    assert "no delivery for NOSUCHRF" in result.output


def test_once_and_retry_together_are_refused(run):
    result = run("--once", "--retry", "ABCD2345")
    assert result.exit_code == 2 and "give one of --once, --retry and --list" in result.output


def test_the_help_says_sqlite_runs_one_worker(run):
    result = run("--help")
    assert result.exit_code == 0
    assert "On SQLite run one worker only" in " ".join(result.output.split())
    assert "--poll-interval" in result.output


# a process start each: SIGTERM on one database, Ctrl-C's SIGINT on the other
@pytest.mark.parametrize(
    ("database_url", "signum"),
    [("sqlite", signal.SIGTERM), ("postgresql", signal.SIGINT)],
    indirect=["database_url"],
)
def test_the_worker_delivers_new_submissions_and_stops_after_the_one_it_is_sending(
    app, engine, form, receiver, database_url, content, tmp_path, signum
):
    arrived = threading.Event()
    handle = receiver.handle

    def slow(request):  # the second delivery is still being answered when the signal comes
        if len(receiver.received) == 1:
            arrived.set()
            time.sleep(0.5)
        return handle(request)

    receiver.server.clear()
    receiver.server.expect_request(HOOK_PATH).respond_with_handler(slow)
    first = repo.submit(engine, None, form, ANSWERS)
    env = {
        **os.environ,
        SECRET_ENV: SECRET,
        "PORTAL_DATABASE_URL": database_url,
        "PORTAL_DELIVERY_ALLOW_LOOPBACK": "true",
        "PORTAL_CONTENT_DIR": str(content),
        "PORTAL_DIST_DIR": str(tmp_path / "dist"),
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "app", "deliver", "--poll-interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for(lambda: len(receiver.delivered) == 1)
        second = repo.submit(engine, None, form, ANSWERS)  # found by the next poll
        assert arrived.wait(20), "the worker did not pick up the new submission"
        worker.send_signal(signum)
        out, err = worker.communicate(timeout=20)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert worker.returncode == 0, err
    assert f"{signum.name}: stopping after the current delivery." in out
    assert out.endswith("Stopped.\n")
    assert [r.payload["data"]["reference"] for r in receiver.delivered] == [
        first.reference,
        second.reference,
    ]
    assert status_of(engine, second.reference) == ("delivered", 1)  # finished, then stopped
    assert ANSWERS["email"] not in out + err


def _wait_for(condition, seconds: float = 20) -> None:
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)
