"""One outbox table of messages about submissions (webhook deliveries, emails): claiming due
rows, recording attempts, scheduling retries, making a submission's messages due again. Every
function takes the time as `now`, so tests move the clock instead of sleeping.

A row is *due* when it is pending and its `next_attempt_at` has come. Claiming a row moves its
`next_attempt_at` forward by a lease (LEASE), in its own short transaction, before anything is
sent: another worker does not see it as due while it is being sent, and if this worker dies
mid-send the row becomes due again when the lease runs out. On PostgreSQL the claim reads with
`FOR UPDATE SKIP LOCKED`, so workers claiming at the same moment take different rows instead of
queueing for one; the update only succeeds if the row is still as it was read, which keeps a
claim exclusive even where row locks do not exist (SQLite, which runs one worker anyway).

An outbox table has the columns `id`, `reference` (its submission's, which it is erased with;
none for a message about something else, such as a saved form's emailed link),
`message_id`, `status`, `attempts`, `next_attempt_at`, `created_at`, `updated_at`, `last_error`
and `<sent>_at`; its attempts table refers to it and has `started_at`, `attempted_at`, the
transport's answer code, `error` and `duration_ms`.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from app.store.tables import submissions

from . import backoff

PENDING, FAILED = "pending", "failed"
# Longer than a send can take (the transport's timeouts, a slow TLS handshake), so a row is never
# claimed again while it is still being sent.
LEASE = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class Outcome:
    """One attempt, whatever the transport: sent (no error), or the error that is stored (and
    shown to the agency, for webhooks); the transport's answer code (HTTP status, SMTP reply),
    None when there was no answer; what really went wrong, for the operator's log only; and
    whether the receiver refused for good, so that no retry can change it."""

    code: int | None
    error: str | None
    duration_ms: int
    detail: str | None = None
    permanent: bool = False

    @property
    def sent(self) -> bool:
        return self.error is None


class Claimed(Protocol):
    """What the queue itself reads of a claimed message; each outbox's own has more."""

    id: int
    reference: str | None  # None: a message about no submission
    message_id: str
    attempts: int  # attempts made before this one
    created_at: dt.datetime


@dataclass(frozen=True)
class Queue:
    """One outbox: its table and attempts table; its name for a message (delivery, email); what a
    claim reads besides the row's id, reference, message id, attempts and creation (`columns`,
    from the row and its submission) and makes of it all (`claimed`); the status of a sent
    message (`sent`, its time in the `<sent>_at` column); the column of an attempt's answer
    code; how long after the submission a message is given up; the columns erased once a
    message is sent or given up (personal data kept no longer than the sending needs); what
    `columns` are read from, when not the table joined to its submission (an outbox whose
    messages may have none joins it, and what they are about instead, outer)."""

    table: sa.Table
    attempts: sa.Table
    noun: str
    columns: tuple[sa.ColumnElement[Any], ...]
    claimed: Callable[..., Any]
    sent: str
    code_column: str
    give_up_after: dt.timedelta
    erased_when_done: tuple[str, ...] = ()
    source: sa.FromClause | None = None

    @property
    def _attempt_of(self) -> sa.Column:
        """The attempts table's column that refers to the outbox row."""
        [key] = [fk.parent for fk in self.attempts.foreign_keys if fk.column.table is self.table]
        return key

    @property
    def _source(self) -> sa.FromClause:
        if self.source is not None:
            return self.source
        return self.table.join(submissions, submissions.c.reference == self.table.c.reference)

    def claim_next(
        self,
        engine: Engine,
        now: dt.datetime,
        *,
        due_by: dt.datetime | None = None,
        reference: str | None = None,
        lease: dt.timedelta = LEASE,
    ) -> Any | None:
        """Claim the pending message that has waited longest and is due by `due_by` (default
        `now`), only among the submission's when `reference` is given; None when there is none
        (or another worker has it)."""
        t = self.table
        query = sa.select(t.c.id, t.c.next_attempt_at).where(
            t.c.status == PENDING, t.c.next_attempt_at <= (due_by or now)
        )
        if reference is not None:
            query = query.where(t.c.reference == reference)
        query = (
            query.order_by(t.c.next_attempt_at, t.c.id).limit(1).with_for_update(skip_locked=True)
        )
        with engine.begin() as c:
            row = c.execute(query).first()
            if row is None:
                return None
            taken = c.execute(
                t.update()
                .where(
                    t.c.id == row.id,
                    t.c.status == PENDING,
                    t.c.next_attempt_at == row.next_attempt_at,
                )
                .values(next_attempt_at=now + lease, updated_at=now)
            ).rowcount
            if taken != 1:
                return None  # another worker claimed it between our read and our update
            found = (
                c.execute(
                    sa.select(
                        t.c.id,
                        t.c.reference,
                        t.c.message_id,
                        t.c.attempts,
                        t.c.created_at,
                        *self.columns,
                    )
                    .select_from(self._source)
                    .where(t.c.id == row.id)
                )
                .mappings()
                .one()
            )
        return self.claimed(**found)

    def record_attempt(
        self,
        engine: Engine,
        claimed: Claimed,
        outcome: Outcome,
        now: dt.datetime,
        *,
        started_at: dt.datetime | None = None,
        rng: random.Random | None = None,
    ) -> str | None:
        """Store the attempt, which began at `started_at` (default `now`) and ended `now`, and the
        row's new state: sent; pending with the next attempt scheduled by the backoff from the
        end, so a slow receiver still gets the whole wait; or failed, when the receiver refused
        for good or the give-up period is over. Returns the new status, or None when the
        submission was erased while the message was being sent."""
        attempts = claimed.attempts + 1
        if outcome.sent:
            values = {
                "status": self.sent,
                f"{self.sent}_at": now,
                "next_attempt_at": None,
                "last_error": None,
            }
        else:
            retry_at = None
            if not outcome.permanent:
                retry_at = backoff.next_attempt_at(
                    claimed.created_at, attempts, now, rng, give_up_after=self.give_up_after
                )
            values = {
                "status": PENDING if retry_at else FAILED,
                "next_attempt_at": retry_at,
                "last_error": outcome.error,
            }
        if values["status"] != PENDING:
            values.update(dict.fromkeys(self.erased_when_done))
        with engine.begin() as c:
            updated = c.execute(
                self.table.update()
                .where(self.table.c.id == claimed.id)
                .values(attempts=attempts, updated_at=now, **values)
            ).rowcount
            if not updated:
                return None
            c.execute(
                self.attempts.insert().values(
                    {
                        self._attempt_of.name: claimed.id,
                        "started_at": started_at or now,
                        "attempted_at": now,
                        self.code_column: outcome.code,
                        "error": outcome.error,
                        "duration_ms": outcome.duration_ms,
                    }
                )
            )
        return values["status"]

    def unsent(self, engine: Engine, limit: int) -> list[sa.RowMapping]:
        """The messages not sent, waiting or given up, the longest waiting first: each one's
        reference, message id, status, attempts, next attempt and last error."""
        t = self.table
        query = (
            sa.select(
                t.c.reference,
                t.c.message_id,
                t.c.status,
                t.c.attempts,
                t.c.next_attempt_at,
                t.c.last_error,
            )
            .where(t.c.status.in_((PENDING, FAILED)))
            .order_by(t.c.created_at, t.c.id)
            .limit(limit)
        )
        with engine.connect() as c:
            return list(c.execute(query).mappings())

    def make_due(self, engine: Engine, reference: str, now: dt.datetime) -> int:
        """Make the submission's messages pending and due at `now`, whatever their status (a
        resend of a sent one, another go at a failed one), except those whose erased columns
        are gone (an email whose address was erased cannot be sent again); how many.

        A failed message made due again gets this one more attempt: if it fails too and is past
        its give-up period, it is marked failed again."""
        t = self.table
        kept = [t.c[name].is_not(None) for name in self.erased_when_done]
        with engine.begin() as c:
            return c.execute(
                t.update()
                .where(t.c.reference == reference, *kept)
                .values(
                    {
                        "status": PENDING,
                        "next_attempt_at": now,
                        f"{self.sent}_at": None,
                        "updated_at": now,
                    }
                )
            ).rowcount
