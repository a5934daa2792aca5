"""The delivery queue's gauges, read from the outbox on SQLite and PostgreSQL: pending, the age of
the oldest, and how overdue the most overdue is; a delivery being sent (leased) is not overdue,
and a delivered one is gone from the queue."""

from __future__ import annotations

import datetime as dt

import pytest

from app import create_app
from app.delivery import outbox
from app.forms.registry import load_form
from app.metrics.queue import DeliveryQueueCollector
from app.outbox.queue import Outcome
from app.store import dispose, get_engine
from app.store import repository as repo
from tests.delivery.conftest import ANSWERS, FORM_ID, write_content

T0 = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def app(database_url, tmp_path):
    content = write_content(tmp_path / "content", "https://trees.gov.nm.example/hook")
    app = create_app({"DATABASE_URL": database_url, "CONTENT_DIR": str(content), "TESTING": True})
    with app.app_context():
        yield app
    dispose(app)


def gauges(engine, now) -> dict[str, float]:
    collector = DeliveryQueueCollector(lambda: engine, lambda: now)
    return {family.name: family.samples[0].value for family in collector.collect()}


def test_the_queue_gauges_follow_a_delivery_from_submission_to_delivered(app):
    engine, form = get_engine(app), load_form(FORM_ID)
    assert gauges(engine, T0) == {
        "portal_delivery_queue_pending": 0,
        "portal_delivery_queue_oldest_age_seconds": 0,
        "portal_delivery_queue_overdue_seconds": 0,
    }
    repo.submit(engine, None, form, ANSWERS, now=T0)
    repo.submit(engine, None, form, ANSWERS, now=T0 + dt.timedelta(seconds=30))
    later = T0 + dt.timedelta(seconds=90)
    assert gauges(engine, later) == {
        "portal_delivery_queue_pending": 2,
        "portal_delivery_queue_oldest_age_seconds": 90,
        "portal_delivery_queue_overdue_seconds": 90,
    }

    # The oldest is claimed (leased while it is sent): the other is now the most overdue.
    claimed = outbox.QUEUE.claim_next(engine, later)
    assert gauges(engine, later)["portal_delivery_queue_overdue_seconds"] == 60
    outbox.QUEUE.record_attempt(engine, claimed, Outcome(200, None, 5), later)
    assert gauges(engine, later) == {
        "portal_delivery_queue_pending": 1,
        "portal_delivery_queue_oldest_age_seconds": 60,
        "portal_delivery_queue_overdue_seconds": 60,
    }


def test_an_unreachable_database_leaves_the_gauges_out_and_says_so(app, caplog):
    def no_engine():
        from sqlalchemy.exc import OperationalError

        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    collector = DeliveryQueueCollector(no_engine, lambda: T0)
    assert list(collector.collect()) == []
    assert "delivery queue not read for the metrics: OperationalError" in caplog.text
