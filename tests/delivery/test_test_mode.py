"""Test submissions (made with a test key) go to the form's test webhook, never to its live one;
live submissions never go to the test webhook. Real posts to two receivers on loopback, on
SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
import yaml

from app.delivery.worker import deliver_due
from app.store import repository as repo
from app.store.tables import deliveries

from .conftest import ANSWERS, FORM_ID, utc, write_content

T0 = utc(2026, 6, 15, 12, 0)


@pytest.fixture
def content(tmp_path, receiver, threaded_receiver):
    """Overrides conftest's: the live webhook is one receiver, the test webhook the other."""
    folder = write_content(tmp_path / "content", threaded_receiver.url)
    path = folder / "forms" / f"{FORM_ID}.yaml"
    form = yaml.safe_load(path.read_text(encoding="utf-8"))
    form["delivery"]["test_webhook"] = receiver.url
    path.write_text(yaml.safe_dump(form), encoding="utf-8")
    return folder


def test_a_test_submission_goes_to_the_test_webhook_only(
    engine, form, settings, receiver, threaded_receiver
):
    test_hook, live_hook = receiver, threaded_receiver  # see content()
    made = repo.submit(engine, None, form, ANSWERS, now=T0, test=True)
    assert made.is_test
    assert deliver_due(engine, settings, now=T0).sent == 1
    assert [r.payload["data"]["reference"] for r in test_hook.delivered] == [made.reference]
    assert live_hook.received == []
    # and a live one only to the live webhook
    real = repo.submit(engine, None, form, ANSWERS, now=T0)
    assert deliver_due(engine, settings, now=T0).sent == 1
    assert [r.payload["data"]["reference"] for r in live_hook.delivered] == [real.reference]
    assert len(test_hook.received) == 1


def test_without_a_test_webhook_a_test_submission_is_not_sent(engine, form, settings, receiver):
    plain = form.model_copy(
        update={"delivery": form.delivery.model_copy(update={"test_webhook": None})}
    )
    made = repo.submit(engine, None, plain, ANSWERS, now=T0, test=True)
    with engine.connect() as c:
        rows = c.execute(sa.select(deliveries).where(deliveries.c.reference == made.reference))
        assert rows.first() is None  # no outbox row: its delivery status is `none`
    assert deliver_due(engine, settings, now=T0).attempts == 0 and receiver.received == []


def test_a_test_submission_is_kept_a_day(engine, form):
    made = repo.submit(engine, None, form, ANSWERS, now=T0, test=True)
    kept = repo.submit(engine, None, form, ANSWERS, now=T0)
    assert made.retention_until == T0 + repo.TEST_RETENTION
    assert repo.purge_submissions(engine, now=T0 + repo.TEST_RETENTION) == 1
    assert repo.get_submission(engine, made.reference) is None
    assert repo.get_submission(engine, kept.reference) is not None
