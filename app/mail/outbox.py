"""The mail outbox (the `emails` table): which emails a submission gets, claiming due rows,
recording attempts, scheduling retries. As app/delivery/outbox.py does for webhooks, and for the
same reasons: every function takes the time as `now`; a claim moves the row's `next_attempt_at`
forward by a lease, in its own short transaction, before anything is sent (another worker does
not take it meanwhile; if this one dies mid-send the row is due again when the lease runs out),
reading with `FOR UPDATE SKIP LOCKED` on PostgreSQL and updating only a row still as it was read.

The recipient is erased when the email is sent or given up, so an address given only for the
copy of the answers is kept no longer than it takes to send it.

A draft saved to come back to later gets a `resume` email with its one-time link (app/store/
saved.py): it has no submission; it names its resume link instead, whose row going (at expiry)
takes the email with it.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from app.delivery import backoff
from app.forms.definition import FormDefinition
from app.store.tables import email_attempts, emails, resume_links, submissions

PENDING, SENT, FAILED = "pending", "sent", "failed"
CONFIRMATION, COPY, RESUME = "confirmation", "copy", "resume"
LEASE = dt.timedelta(minutes=5)
# A confirmation that arrives days late helps nobody and worries the citizen: retried for a day.
GIVE_UP_AFTER = dt.timedelta(days=1)


@dataclass(frozen=True)
class MailRequest:
    """What a citizen's submit asks of the mail outbox (None instead of one: mail is off): the
    address they gave for a copy of their answers, if they asked for one."""

    copy_to: str | None = None


@dataclass(frozen=True)
class Outcome:
    """One attempt: sent, or the error; the SMTP reply code when there was one; whether the
    server refused for good (a 5xx to the recipient: no retry will change it)."""

    sent: bool
    error: str | None
    smtp_code: int | None
    duration_ms: int
    permanent: bool = False


@dataclass(frozen=True)
class Claimed:
    """An email this worker holds until its lease runs out, with its submission."""

    id: int
    reference: str | None  # None for a resume link's email
    form_id: str
    kind: str
    message_id: str
    recipient: str
    attempts: int  # attempts made before this one
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    answers: dict | None
    resume_link_id: str | None = None
    resume_until: dt.datetime | None = None  # when the saved draft (and the link) expire


def citizen_address(form: FormDefinition, answers: Mapping[str, Any]) -> str | None:
    """The address the form asked for (its `emails.address_page`, or first `email` question
    answered), if any."""
    return next((answers[p.id] for p in form.email_pages() if answers.get(p.id)), None)


def planned(
    form: FormDefinition, answers: Mapping[str, Any], request: MailRequest
) -> list[tuple[str, str]]:
    """The (kind, recipient) emails a submission gets: the copy the citizen asked for, which
    carries the reference too; and the confirmation to the address the form asked for, unless
    the copy goes there already or the form turns confirmations off."""
    found = []
    if request.copy_to and form.emails.copy_of_answers:
        found.append((COPY, request.copy_to))
    asked = citizen_address(form, answers)
    already = {to.casefold() for _kind, to in found}
    if asked and form.emails.confirmation and asked.casefold() not in already:
        found.append((CONFIRMATION, asked))
    return found


def enqueue(
    c: Connection,
    form: FormDefinition,
    reference: str,
    answers: Mapping[str, Any],
    request: MailRequest,
    now: dt.datetime,
) -> int:
    """Write the submission's emails, due now, in the caller's (the submission's) transaction."""
    rows = [
        _row(form.id, kind, recipient, now, reference=reference)
        for kind, recipient in planned(form, answers, request)
    ]
    if rows:
        c.execute(emails.insert(), rows)
    return len(rows)


def enqueue_resume(
    c: Connection, form_id: str, link_id: str, recipient: str, now: dt.datetime
) -> None:
    """Write the email carrying a resume link, due now, in the caller's transaction."""
    c.execute(emails.insert(), _row(form_id, RESUME, recipient, now, resume_link_id=link_id))


def _row(form_id: str, kind: str, recipient: str, now: dt.datetime, **owner) -> dict:
    """An email due now; `owner` is its submission's `reference` or its `resume_link_id`."""
    return {
        "reference": None,
        "resume_link_id": None,
        **owner,
        "form_id": form_id,
        "kind": kind,
        "message_id": f"mail_{secrets.token_urlsafe(18)}",
        "recipient": recipient,
        "status": PENDING,
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
        "updated_at": now,
    }


def claim_next(
    engine: Engine,
    now: dt.datetime,
    *,
    due_by: dt.datetime | None = None,
    lease: dt.timedelta = LEASE,
) -> Claimed | None:
    """Claim the pending email that has waited longest and is due by `due_by` (default `now`);
    None when there is none (or another worker has it)."""
    query = (
        sa.select(emails.c.id, emails.c.next_attempt_at)
        .where(emails.c.status == PENDING, emails.c.next_attempt_at <= (due_by or now))
        .order_by(emails.c.next_attempt_at, emails.c.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    with engine.begin() as c:
        row = c.execute(query).first()
        if row is None:
            return None
        taken = c.execute(
            emails.update()
            .where(
                emails.c.id == row.id,
                emails.c.status == PENDING,
                emails.c.next_attempt_at == row.next_attempt_at,
            )
            .values(next_attempt_at=now + lease, updated_at=now)
        ).rowcount
        if taken != 1:
            return None  # another worker claimed it between our read and our update
        found = (
            c.execute(
                sa.select(
                    emails.c.id,
                    emails.c.reference,
                    emails.c.form_id,
                    emails.c.kind,
                    emails.c.message_id,
                    emails.c.recipient,
                    emails.c.attempts,
                    emails.c.created_at,
                    submissions.c.created_at.label("submitted_at"),
                    submissions.c.answers,
                    emails.c.resume_link_id,
                    resume_links.c.expires_at.label("resume_until"),
                )
                .outerjoin(submissions, submissions.c.reference == emails.c.reference)
                .outerjoin(resume_links, resume_links.c.id == emails.c.resume_link_id)
                .where(emails.c.id == row.id)
            )
            .mappings()
            .one()
        )
    return Claimed(**found)


def next_attempt_at(
    created_at: dt.datetime, failed_attempts: int, now: dt.datetime, rng: random.Random | None
) -> dt.datetime | None:
    """The webhooks' backoff (full jitter, 30 s doubling to an hour), given up a day after the
    submission, with a last attempt at that deadline."""
    deadline = created_at + GIVE_UP_AFTER
    if now >= deadline:
        return None
    return min(now + backoff.wait_after(failed_attempts, rng), deadline)


def record_attempt(
    engine: Engine,
    claimed: Claimed,
    outcome: Outcome,
    now: dt.datetime,
    *,
    started_at: dt.datetime | None = None,
    rng: random.Random | None = None,
) -> str | None:
    """Store the attempt and the row's new state: sent; pending with the next attempt scheduled;
    or failed (refused for good, or a day past the submission), the recipient erased once it is
    sent or failed. The new status, or None when the submission was erased meanwhile."""
    if outcome.sent:
        values = dict(status=SENT, sent_at=now, next_attempt_at=None, last_error=None)
    else:
        retry_at = None
        if not outcome.permanent:
            retry_at = next_attempt_at(claimed.created_at, claimed.attempts + 1, now, rng)
        status = PENDING if retry_at else FAILED
        values = dict(status=status, next_attempt_at=retry_at, last_error=outcome.error)
    if values["status"] != PENDING:
        values["recipient"] = None
    with engine.begin() as c:
        updated = c.execute(
            emails.update()
            .where(emails.c.id == claimed.id)
            .values(attempts=claimed.attempts + 1, updated_at=now, **values)
        ).rowcount
        if not updated:
            return None
        c.execute(
            email_attempts.insert().values(
                email_id=claimed.id,
                started_at=started_at or now,
                attempted_at=now,
                smtp_code=outcome.smtp_code,
                error=outcome.error,
                duration_ms=outcome.duration_ms,
            )
        )
    return values["status"]
