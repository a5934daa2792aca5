"""Sending deliveries: one claimed row (`deliver_claimed`), everything due (`deliver_due`), one
submission again (`redeliver`), and the polling loop of `flask deliver` (`run`).

`now` drives the outbox: which rows are due, when the next attempt is, what is recorded. Tests
pass it to move the clock; left out, it is the real time at each step. The `webhook-timestamp`
that is signed is always the real time of sending, because receivers check it against their own
clock to refuse replayed messages.

Logs name the submission's reference, the message id, the receiver's host and what happened;
never the answers, the URL's path or query (which may carry a token), or the secret.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import signal
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from app import metrics
from app.forms.definition import FormDefinition
from app.store.repository import utcnow
from app.uploads.links import with_file_urls

from . import outbox
from .sender import DEADLINE_SECONDS, TIMEOUT_SECONDS, Outcome, post
from .signing import SecretError, load_signer, payload, sign

log = logging.getLogger(__name__)

FormLoader = Callable[[str], FormDefinition | None]


@dataclass
class Report:
    """What one pass over the due deliveries did."""

    delivered: int = 0
    retrying: int = 0  # failed attempts that will be tried again
    failed: int = 0  # given up: 3 days past the submission
    gone: int = 0  # erased while being sent

    def count(self, status: str | None) -> None:
        field = {
            outbox.DELIVERED: "delivered",
            outbox.PENDING: "retrying",
            outbox.FAILED: "failed",
            None: "gone",
        }[status]
        setattr(self, field, getattr(self, field) + 1)

    @property
    def attempts(self) -> int:
        return self.delivered + self.retrying + self.failed + self.gone


@dataclass(frozen=True)
class Settings:
    """What every send needs besides the row: where forms come from, the environment holding
    the secrets, the HTTP timeout and each attempt's deadline, whether loopback receivers are
    allowed (the DELIVERY_ALLOW_LOOPBACK setting, for development), the random source of the
    backoff's jitter, and the lease a claim takes (how soon a delivery is sent again when its
    worker dies mid-send)."""

    load_form: FormLoader
    environ: Mapping[str, str] | None = None
    timeout: float = TIMEOUT_SECONDS
    rng: random.Random | None = None
    deadline: float = DEADLINE_SECONDS
    allow_loopback: bool = False
    lease: dt.timedelta = outbox.LEASE
    base_url: str = ""  # the portal's public address: files' download URLs are made from it

    @classmethod
    def with_lease(cls, seconds: float, **settings) -> Settings:
        """Settings whose attempts end well within the lease (at half of it, when that is under
        the sender's own timeout and deadline): a worker that is alive never has its delivery
        claimed again by another while it is still sending it."""
        half = seconds / 2
        return cls(
            timeout=min(TIMEOUT_SECONDS, half),
            deadline=min(DEADLINE_SECONDS, half),
            lease=dt.timedelta(seconds=seconds),
            **settings,
        )


class Stop:
    """Asked to stop (SIGTERM, SIGINT): the loop finishes the delivery it is sending, then ends.

    A plain flag, set from the signal handler; waiting is done in short sleeps that check it, as
    a signal handler must not take the locks a threading.Event would."""

    SLICE = 0.1

    def __init__(self) -> None:
        self.requested = False

    def set(self) -> None:
        self.requested = True

    def wait(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while not self.requested and (left := end - time.monotonic()) > 0:
            time.sleep(min(self.SLICE, left))


def attempt(claimed: outbox.Claimed, settings: Settings) -> Outcome:
    """Post the claimed submission to its form's current webhook. A form that is gone or has no
    webhook, or a missing secret, is a failed attempt with an error saying so, not a crash."""
    form = settings.load_form(claimed.form_id)
    if form is None:
        return Outcome(
            None,
            f"the form {claimed.form_id} is not in the content this service runs "
            "(SERVICE_DATA or CONTENT_DIR/forms) or is not valid, so there is no webhook to "
            "send to",
            0,
        )
    if form.delivery is None:
        return Outcome(None, f"the form {claimed.form_id} has no delivery webhook any more", 0)
    # A test submission goes to the test webhook only, never to the agency's live one.
    webhook = form.delivery.test_webhook if claimed.is_test else form.delivery.webhook
    if webhook is None:
        return Outcome(None, f"the form {claimed.form_id} has no test webhook any more", 0)
    try:
        signer = load_signer(form.delivery.secret_env, settings.environ)
    except SecretError as error:
        return Outcome(None, str(error), 0)
    body = payload(
        claimed.reference,
        claimed.form_id,
        claimed.form_version,
        claimed.submitted_at,
        with_file_urls(form, claimed.reference, claimed.answers, settings.base_url),
    )
    message = sign(signer, claimed.message_id, body, utcnow())
    outcome = post(
        webhook,
        message.body,
        message.headers,
        timeout=settings.timeout,
        deadline=settings.deadline,
        allow_loopback=settings.allow_loopback,
    )
    if not outcome.delivered:
        host = urlsplit(webhook).hostname
        outcome = Outcome(
            outcome.status_code, f"{host}: {outcome.error}", outcome.duration_ms, outcome.detail
        )
    return outcome


def deliver_claimed(
    engine: Engine, claimed: outbox.Claimed, settings: Settings, now: dt.datetime | None = None
) -> tuple[str | None, Outcome]:
    """Send one claimed delivery and record the attempt, its start and its end (both `now` when
    given); the row's new status and the outcome."""
    started_at = now or utcnow()
    outcome = attempt(claimed, settings)
    status = outbox.record_attempt(
        engine, claimed, outcome, now or utcnow(), started_at=started_at, rng=settings.rng
    )
    metrics.count_delivery(status)
    number = claimed.attempts + 1
    # The operator's log has what the stored error leaves out on purpose (see sender.py).
    why = f"{outcome.error} ({outcome.detail})" if outcome.detail else outcome.error
    if status == outbox.DELIVERED:
        log.info(
            "delivered %s (%s), attempt %d: HTTP %s in %d ms",
            claimed.reference,
            claimed.message_id,
            number,
            outcome.status_code,
            outcome.duration_ms,
        )
    elif status == outbox.PENDING:
        log.warning(
            "delivery of %s (%s) failed, attempt %d, will be retried: %s",
            claimed.reference,
            claimed.message_id,
            number,
            why,
        )
    elif status == outbox.FAILED:
        log.error(
            "delivery of %s (%s) given up after attempt %d, 3 days after submission: %s",
            claimed.reference,
            claimed.message_id,
            number,
            why,
        )
    else:
        log.info("submission %s was erased while being delivered", claimed.reference)
    return status, outcome


def deliver_due(
    engine: Engine, settings: Settings, *, now: dt.datetime | None = None, stop: Stop | None = None
) -> Report:
    """Send every delivery due at the start of the pass, one at a time (each claimed just before
    it is sent, so other workers share the work), until none is left or `stop` is asked.
    Deliveries that fail and come due again during the pass wait for the next one."""
    clock = (lambda: now) if now is not None else utcnow
    due_by, report = clock(), Report()
    while not (stop and stop.requested):
        claimed = outbox.claim_next(engine, clock(), due_by=due_by, lease=settings.lease)
        if claimed is None:
            break
        # `now`, not clock(): without it the attempt's end is read when the attempt ends.
        status, _ = deliver_claimed(engine, claimed, settings, now)
        report.count(status)
    return report


class NoDelivery(LookupError):
    """The reference has no delivery: no such submission, or its form had no webhook."""


class BeingSent(RuntimeError):
    """Another worker holds the delivery right now."""


def redeliver(
    engine: Engine, reference: str, settings: Settings, *, now: dt.datetime | None = None
) -> tuple[str | None, Outcome]:
    """Make the submission's delivery due now, whatever its status, and send it at once."""
    at = now or utcnow()
    reference = reference.strip().upper()
    if not outbox.make_due(engine, reference, at):
        raise NoDelivery(reference)
    claimed = outbox.claim_next(engine, at, reference=reference, lease=settings.lease)
    if claimed is None:
        raise BeingSent(reference)
    return deliver_claimed(engine, claimed, settings, now)  # recorded when it ends, unless given


def run(
    engine: Engine,
    settings: Settings,
    *,
    poll_interval: float,
    stop: Stop,
    on_pass: Callable[[Report], None] | None = None,
) -> None:
    """Deliver what is due, wait `poll_interval` seconds, again, until `stop` is asked. A
    database that cannot be reached is logged and tried again after the interval."""
    while not stop.requested:
        try:
            report = deliver_due(engine, settings, stop=stop)
        except DBAPIError:
            log.exception(
                "the database could not be reached; trying again in %g seconds", poll_interval
            )
        else:
            if on_pass is not None and report.attempts:
                on_pass(report)
        stop.wait(poll_interval)


@contextmanager
def stopping_on_signals(
    stop: Stop, on_signal: Callable[[str], None] | None = None
) -> Iterator[Stop]:
    """SIGTERM and SIGINT ask `stop` instead of killing the process; the handlers that were there
    before come back afterwards."""

    def handle(signum, _frame) -> None:
        stop.set()
        if on_signal is not None:
            on_signal(signal.Signals(signum).name)

    previous = {signum: signal.signal(signum, handle) for signum in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield stop
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
