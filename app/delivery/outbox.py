"""The delivery outbox (the `deliveries` table): claiming due rows, recording attempts, scheduling
retries. Every function takes the time as `now`, so tests move the clock instead of sleeping.

A row is *due* when it is pending and its `next_attempt_at` has come. Claiming a row moves its
`next_attempt_at` forward by a lease (LEASE), in its own short transaction, before anything is
sent: another worker does not see it as due while it is being sent, and if this worker dies
mid-send the row becomes due again when the lease runs out. On PostgreSQL the claim reads with
`FOR UPDATE SKIP LOCKED`, so workers claiming at the same moment take different rows instead of
queueing for one; the update only succeeds if the row is still as it was read, which keeps a
claim exclusive even where row locks do not exist (SQLite, which runs one worker anyway).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from app.store.tables import deliveries, delivery_attempts, submissions

from . import backoff
from .sender import Outcome

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"
# Longer than a send can take (the sender's timeouts, a slow TLS handshake), so a row is never
# claimed again while it is still being sent.
LEASE = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class Claimed:
    """A delivery this worker holds until its lease runs out, with the submission to send."""

    id: int
    reference: str
    form_id: str
    message_id: str
    attempts: int  # attempts made before this one
    created_at: dt.datetime
    form_version: int
    submitted_at: dt.datetime
    answers: dict
    is_test: bool = False  # made with a test key: sent to the form's test webhook


def claim_next(
    engine: Engine,
    now: dt.datetime,
    *,
    due_by: dt.datetime | None = None,
    reference: str | None = None,
    lease: dt.timedelta = LEASE,
) -> Claimed | None:
    """Claim the pending delivery that has waited longest and is due by `due_by` (default
    `now`), or the one for `reference`; None when there is none (or another worker has it)."""
    due_by = due_by or now
    query = sa.select(deliveries.c.id, deliveries.c.next_attempt_at).where(
        deliveries.c.status == PENDING
    )
    if reference is not None:
        query = query.where(deliveries.c.reference == reference)
    else:
        query = query.where(deliveries.c.next_attempt_at <= due_by)
    query = (
        query.order_by(deliveries.c.next_attempt_at, deliveries.c.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    with engine.begin() as c:
        row = c.execute(query).first()
        if row is None:
            return None
        taken = c.execute(
            deliveries.update()
            .where(
                deliveries.c.id == row.id,
                deliveries.c.status == PENDING,
                _same_time(deliveries.c.next_attempt_at, row.next_attempt_at),
            )
            .values(next_attempt_at=now + lease, updated_at=now)
        ).rowcount
        if taken != 1:
            return None  # another worker claimed it between our read and our update
        found = (
            c.execute(
                sa.select(
                    deliveries.c.id,
                    deliveries.c.reference,
                    deliveries.c.form_id,
                    deliveries.c.message_id,
                    deliveries.c.attempts,
                    deliveries.c.created_at,
                    submissions.c.form_version,
                    submissions.c.created_at.label("submitted_at"),
                    submissions.c.answers,
                    submissions.c.is_test,
                )
                .join(submissions, submissions.c.reference == deliveries.c.reference)
                .where(deliveries.c.id == row.id)
            )
            .mappings()
            .one()
        )
    return Claimed(**found)


def _same_time(column, value: dt.datetime | None):
    return column.is_(None) if value is None else column == value


def record_attempt(
    engine: Engine,
    claimed: Claimed,
    outcome: Outcome,
    now: dt.datetime,
    *,
    started_at: dt.datetime | None = None,
    rng: random.Random | None = None,
) -> str | None:
    """Store the attempt, which began at `started_at` (default `now`) and ended `now`, and the
    row's new state: delivered; pending with the next attempt scheduled by the backoff from the
    end, so a slow receiver still gets the whole wait; or failed when it is 3 days past the
    submission. Returns the new status, or None when the submission was erased while it was
    being sent."""
    attempts = claimed.attempts + 1
    if outcome.delivered:
        values = dict(status=DELIVERED, delivered_at=now, next_attempt_at=None, last_error=None)
    else:
        retry_at = backoff.next_attempt_at(claimed.created_at, attempts, now, rng)
        values = dict(
            status=PENDING if retry_at else FAILED,
            next_attempt_at=retry_at,
            last_error=outcome.error,
        )
    with engine.begin() as c:
        updated = c.execute(
            deliveries.update()
            .where(deliveries.c.id == claimed.id)
            .values(attempts=attempts, updated_at=now, **values)
        ).rowcount
        if not updated:
            return None
        c.execute(
            delivery_attempts.insert().values(
                delivery_id=claimed.id,
                started_at=started_at or now,
                attempted_at=now,
                status_code=outcome.status_code,
                error=outcome.error,
                duration_ms=outcome.duration_ms,
            )
        )
    return values["status"]


def make_due(engine: Engine, reference: str, now: dt.datetime) -> bool:
    """Make the submission's delivery pending and due at `now`, whatever its status (a redelivery
    of a delivered one, another go at a failed one). False when it has no delivery row.

    A failed delivery made due again gets this one more attempt: if it fails too, it is past its
    3 days and is marked failed again."""
    with engine.begin() as c:
        return (
            c.execute(
                deliveries.update()
                .where(deliveries.c.reference == reference)
                .values(status=PENDING, next_attempt_at=now, delivered_at=None, updated_at=now)
            ).rowcount
            == 1
        )
