"""Several workers on PostgreSQL: rows are claimed with FOR UPDATE SKIP LOCKED, so workers running
at once share the due deliveries and each submission reaches the receiver exactly once. SQLite
runs one worker, so these run on PostgreSQL only."""

from __future__ import annotations

import datetime as dt
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from app.delivery import outbox
from app.delivery.worker import Settings, deliver_due
from app.outbox.worker import Report
from app.store import repository as repo
from app.store.tables import deliveries

from .conftest import ANSWERS, write_content

T0 = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)
WORKERS, SUBMISSIONS = 4, 24


@pytest.fixture
def content(tmp_path, threaded_receiver):
    return write_content(tmp_path / "content", threaded_receiver.url)


pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


def test_workers_in_threads_deliver_every_submission_exactly_once(
    app, engine, form, settings, threaded_receiver
):
    made = {
        repo.submit(engine, None, form, {**ANSWERS, "where": f"Tree {n}"}, now=T0).reference
        for n in range(SUBMISSIONS)
    }
    handle = threaded_receiver.handle

    def slow_receiver(request):  # each answer takes a while, as a real one does: workers overlap
        time.sleep(0.02)
        return handle(request)

    threaded_receiver.server.clear()
    threaded_receiver.server.expect_request("/hooks/portal").respond_with_handler(slow_receiver)
    start = threading.Barrier(WORKERS)

    def worker(_n) -> Report:
        with app.app_context():  # forms are read through the app, per thread
            start.wait()
            return deliver_due(engine, settings, now=T0)

    with ThreadPoolExecutor(WORKERS) as pool:
        reports = list(pool.map(worker, range(WORKERS)))

    assert sum(r.sent for r in reports) == SUBMISSIONS
    assert sum(r.attempts for r in reports) == SUBMISSIONS
    assert sum(1 for r in reports if r.sent) > 1, "the workers did not share the work"
    references = [r.payload["data"]["reference"] for r in threaded_receiver.received]
    assert sorted(references) == sorted(made)  # each one, once
    assert len({r.message_id for r in threaded_receiver.received}) == SUBMISSIONS
    assert threaded_receiver.unverified == []
    with engine.connect() as c:
        assert set(c.execute(sa.select(deliveries.c.status)).scalars()) == {"delivered"}


def test_a_row_locked_by_one_worker_is_skipped_not_waited_for(engine, form):
    first = repo.submit(engine, None, form, ANSWERS, now=T0)
    second = repo.submit(engine, None, form, ANSWERS, now=T0 + dt.timedelta(seconds=1))
    with engine.connect() as holder, holder.begin():
        # another worker is between reading the oldest due row and leasing it
        holder.execute(
            sa.select(deliveries.c.id)
            .where(deliveries.c.reference == first.reference)
            .with_for_update()
        )
        pool = ThreadPoolExecutor(1)
        try:  # without SKIP LOCKED this would wait for the holder: fail instead of hanging
            claimed = pool.submit(
                outbox.QUEUE.claim_next, engine, T0 + dt.timedelta(minutes=1)
            ).result(timeout=10)
        finally:
            pool.shutdown(wait=False)
        assert claimed is not None and claimed.reference == second.reference
    assert (
        outbox.QUEUE.claim_next(engine, T0 + dt.timedelta(minutes=1)).reference == first.reference
    )


def test_workers_racing_for_one_row_claim_it_once(engine, form):
    repo.submit(engine, None, form, ANSWERS, now=T0)
    start = threading.Barrier(8)

    def claim(_n):
        start.wait()
        return outbox.QUEUE.claim_next(engine, T0)

    with ThreadPoolExecutor(8) as pool:
        claims = [c for c in pool.map(claim, range(8)) if c is not None]
    assert len(claims) == 1


def test_a_worker_that_fails_answers_is_retried_by_another_worker_once(
    app, engine, form, settings, threaded_receiver
):
    made = repo.submit(engine, None, form, ANSWERS, now=T0)
    threaded_receiver.answer(500)
    deliver_due(engine, settings, now=T0)
    row_at = _next_attempt(engine, made.reference)
    other = Settings(load_form=settings.load_form, environ=settings.environ, allow_loopback=True)

    def worker(_n):
        with app.app_context():
            return deliver_due(engine, other, now=row_at)

    with ThreadPoolExecutor(3) as pool:
        reports = list(pool.map(worker, range(3)))
    assert sum(r.sent for r in reports) == 1
    assert [r.status for r in threaded_receiver.received] == [500, 200]


def _next_attempt(engine, reference):
    with engine.connect() as c:
        return c.execute(
            sa.select(deliveries.c.next_attempt_at).where(deliveries.c.reference == reference)
        ).scalar_one()
