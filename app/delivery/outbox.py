"""The delivery outbox (the `deliveries` table) on the generic outbox (app/outbox/queue.py): a
delivery is claimed with its submission, sent once 2xx comes back, and given up 3 days after
the submission."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.outbox.queue import FAILED, LEASE, PENDING, Queue
from app.store.tables import deliveries, delivery_attempts, submissions

__all__ = ["DELIVERED", "FAILED", "GIVE_UP_AFTER", "LEASE", "PENDING", "QUEUE", "Claimed"]

DELIVERED = "delivered"
GIVE_UP_AFTER = dt.timedelta(days=3)


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
    language: str | None = None  # the citizen's (None: made before it was recorded)


QUEUE = Queue(
    table=deliveries,
    attempts=delivery_attempts,
    noun="delivery",
    columns=(
        deliveries.c.form_id,
        submissions.c.form_version,
        submissions.c.created_at.label("submitted_at"),
        submissions.c.answers,
        submissions.c.is_test,
        submissions.c.language,
    ),
    claimed=Claimed,
    sent=DELIVERED,
    code_column="status_code",
    give_up_after=GIVE_UP_AFTER,
)
