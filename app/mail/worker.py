"""Sending the outbox's emails: one claimed row (`send_claimed`), everything due (`send_due`),
and the polling loop of `flask mail` (`run`), with the webhook worker's Stop and signal handling.

`now` drives the outbox, as for deliveries: tests pass it to move the clock. Logs name the
submission's reference, the message id and what happened; never the recipient or the answers,
and a server's reply that quotes the recipient is stored and logged with it taken out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from app import metrics
from app.delivery.worker import Stop
from app.forms.definition import FormDefinition
from app.store.repository import utcnow

from . import outbox
from .compose import Sender, compose
from .outbox import Outcome

log = logging.getLogger(__name__)

FormLoader = Callable[[str], FormDefinition | None]
Transport = Callable[[EmailMessage], Outcome]


@dataclass
class Report:
    """What one pass over the due emails did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0  # refused for good, or given up a day after the submission
    gone: int = 0  # the submission was erased while its email was being sent

    def count(self, status: str | None) -> None:
        field = {
            outbox.SENT: "sent",
            outbox.PENDING: "retrying",
            outbox.FAILED: "failed",
            None: "gone",
        }[status]
        setattr(self, field, getattr(self, field) + 1)

    @property
    def attempts(self) -> int:
        return self.sent + self.retrying + self.failed + self.gone


@dataclass(frozen=True)
class Settings:
    """What every send needs besides the row: where forms come from, who the mail is from, the
    transport (SMTP: app/mail/smtp.py), the backoff's random source, the lease of a claim."""

    load_form: FormLoader
    sender: Sender
    transport: Transport
    rng: random.Random | None = None
    lease: dt.timedelta = outbox.LEASE
    # A resume email's link from its link's id (compose.resume_url with the site's address and
    # SECRET_KEY); None: resume emails cannot be written, and are retried.
    resume_url: Callable[[str], str] | None = None


def attempt(claimed: outbox.Claimed, settings: Settings) -> Outcome:
    """Compose the email and hand it to the transport. A form that is gone is a failed attempt
    with an error saying so (retried: the content may come back), not a crash."""
    form = settings.load_form(claimed.form_id)
    if form is None:
        return Outcome(
            False,
            f"the form {claimed.form_id} is not in the content this service runs "
            "(SERVICE_DATA or CONTENT_DIR/forms) or is not valid, so its email cannot be written",
            None,
            0,
        )
    link = None
    if claimed.resume_link_id is not None:
        if settings.resume_url is None:
            return Outcome(
                False, "no resume link can be written: the worker has no SECRET_KEY", None, 0
            )
        link = settings.resume_url(claimed.resume_link_id)
    outcome = settings.transport(compose(claimed, form, settings.sender, link))
    if outcome.error and claimed.recipient in outcome.error:
        scrubbed = outcome.error.replace(claimed.recipient, "(the recipient)")
        outcome = dataclasses.replace(outcome, error=scrubbed)
    return outcome


def send_claimed(
    engine: Engine, claimed: outbox.Claimed, settings: Settings, now: dt.datetime | None = None
) -> tuple[str | None, Outcome]:
    """Send one claimed email and record the attempt; the row's new status and the outcome."""
    started_at = now or utcnow()
    outcome = attempt(claimed, settings)
    status = outbox.record_attempt(
        engine, claimed, outcome, now or utcnow(), started_at=started_at, rng=settings.rng
    )
    metrics.count_email(status)
    what = f"{claimed.kind} email for {claimed.reference or 'a saved draft'} ({claimed.message_id})"
    number = claimed.attempts + 1
    if status == outbox.SENT:
        log.info("sent the %s, attempt %d, in %d ms", what, number, outcome.duration_ms)
    elif status == outbox.PENDING:
        log.warning("the %s failed, attempt %d, will be retried: %s", what, number, outcome.error)
    elif status == outbox.FAILED:
        log.error("the %s is given up after attempt %d: %s", what, number, outcome.error)
    else:
        log.info("submission %s was erased while its email was being sent", claimed.reference)
    return status, outcome


def send_due(
    engine: Engine, settings: Settings, *, now: dt.datetime | None = None, stop: Stop | None = None
) -> Report:
    """Send every email due at the start of the pass, one at a time, each claimed just before it
    is sent, until none is left or `stop` is asked."""
    clock = (lambda: now) if now is not None else utcnow
    due_by, report = clock(), Report()
    while not (stop and stop.requested):
        claimed = outbox.claim_next(engine, clock(), due_by=due_by, lease=settings.lease)
        if claimed is None:
            break
        status, _ = send_claimed(engine, claimed, settings, now)
        report.count(status)
    return report


def run(
    engine: Engine,
    settings: Settings,
    *,
    poll_interval: float,
    stop: Stop,
    on_pass: Callable[[Report], None] | None = None,
) -> None:
    """Send what is due, wait `poll_interval` seconds, again, until `stop` is asked. A database
    that cannot be reached is logged and tried again after the interval."""
    while not stop.requested:
        try:
            report = send_due(engine, settings, stop=stop)
        except DBAPIError:
            log.exception(
                "the database could not be reached; trying again in %g seconds", poll_interval
            )
        else:
            if on_pass is not None and report.attempts:
                on_pass(report)
        stop.wait(poll_interval)
