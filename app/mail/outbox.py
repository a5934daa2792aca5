"""The mail outbox (the `emails` table) on the generic outbox (app/outbox/queue.py): which emails
a submission gets, written in its transaction; an email is claimed with its submission (or its
resume link), given up a day after it was written or at once when the recipient is refused for
good.

The recipient is erased when the email is sent or given up, so an address given only for the
copy of the answers is kept no longer than it takes to send it.

A draft saved to come back to later gets a `resume` email with its one-time link (app/store/
saved.py): it has no submission; it names its resume link instead, whose row going (at expiry)
takes the email with it.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection

from app.forms.definition import FormDefinition
from app.outbox.queue import FAILED, LEASE, PENDING, Queue
from app.store.tables import email_attempts, emails, resume_links, submissions

__all__ = [
    "COPY",
    "CONFIRMATION",
    "FAILED",
    "GIVE_UP_AFTER",
    "LEASE",
    "PENDING",
    "QUEUE",
    "RESUME",
    "SENT",
    "Claimed",
    "MailRequest",
    "citizen_address",
    "enqueue",
    "enqueue_resume",
    "planned",
]

SENT = "sent"
CONFIRMATION, COPY, RESUME = "confirmation", "copy", "resume"
# A confirmation that arrives days late helps nobody and worries the citizen: retried for a day.
GIVE_UP_AFTER = dt.timedelta(days=1)


@dataclass(frozen=True)
class MailRequest:
    """What a citizen's submit asks of the mail outbox (None instead of one: mail is off): the
    address they gave for a copy of their answers, if they asked for one."""

    copy_to: str | None = None


@dataclass(frozen=True)
class Claimed:
    """An email this worker holds until its lease runs out, with its submission or, for a
    resume email, its link's id and expiry."""

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
    language: str | None = None  # what it is written in (None: the site's default)


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
    language: str | None = None,
) -> int:
    """Write the submission's emails, due now, in the caller's (the submission's) transaction,
    to be written in `language` (the citizen's) on every try."""
    rows = [
        _row(form.id, kind, recipient, now, reference=reference, language=language)
        for kind, recipient in planned(form, answers, request)
    ]
    if rows:
        c.execute(emails.insert(), rows)
    return len(rows)


def enqueue_resume(
    c: Connection,
    form_id: str,
    link_id: str,
    recipient: str,
    now: dt.datetime,
    language: str | None = None,
) -> None:
    """Write the email carrying a resume link, due now, in the caller's transaction."""
    c.execute(
        emails.insert(),
        _row(form_id, RESUME, recipient, now, resume_link_id=link_id, language=language),
    )


def _row(
    form_id: str,
    kind: str,
    recipient: str,
    now: dt.datetime,
    language: str | None = None,
    **owner,
) -> dict:
    """An email due now; `owner` is its submission's `reference` or its `resume_link_id`."""
    return {
        "reference": None,
        "resume_link_id": None,
        **owner,
        "language": language,
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


QUEUE = Queue(
    table=emails,
    attempts=email_attempts,
    noun="email",
    columns=(
        emails.c.form_id,
        emails.c.kind,
        emails.c.recipient,
        submissions.c.created_at.label("submitted_at"),
        submissions.c.answers,
        emails.c.resume_link_id,
        resume_links.c.expires_at.label("resume_until"),
        emails.c.language,
    ),
    claimed=Claimed,
    sent=SENT,
    code_column="smtp_code",
    give_up_after=GIVE_UP_AFTER,
    erased_when_done=("recipient",),
    # A resume link's email has no submission: the submission or the link, whichever it has.
    source=emails.outerjoin(submissions, submissions.c.reference == emails.c.reference).outerjoin(
        resume_links, resume_links.c.id == emails.c.resume_link_id
    ),
)
