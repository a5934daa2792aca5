"""Sending an outbox: one claimed message (`send_claimed`), everything due (`send_due`), one
submission's messages again (`resend`), and the polling loop of the worker commands (`run`).
What a message is and how it goes out (a signed webhook post, an email by SMTP or Notify) is the
outbox's own `attempt`; everything else (claims, retries, giving up, logs, metrics) is here.

`now` drives the outbox: which rows are due, when the next attempt is, what is recorded. Tests
pass it to move the clock; left out, it is the real time at each step.

Logs name the message's kind, its id and its submission's reference, and what happened; never
the payload or the recipient (the attempt keeps those out of its errors).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import random
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from app.store.engine import is_unavailable
from app.store.repository import utcnow

from .queue import FAILED, LEASE, PENDING, Outcome, Queue

log = logging.getLogger(__name__)

# How long a worker waits between tries to record an attempt while the database is away.
RECORD_RETRY_SECONDS = 0.5


@dataclass(frozen=True)
class Outbox:
    """One outbox at work: its queue; how one claimed message is sent (`attempt`: the payload
    and the transport, an Outcome and never an exception); the metric counting attempts by
    status; what its transport's answer codes are (HTTP, SMTP); the backoff's random source; the
    lease a claim takes (how soon a message is sent again when its worker dies mid-send)."""

    queue: Queue
    attempt: Callable[[Any], Outcome]
    count: Callable[[str | None], None]
    code_name: str
    rng: random.Random | None = None
    lease: dt.timedelta = LEASE


@dataclass
class Report:
    """What one pass over the due messages did."""

    sent: int = 0
    retrying: int = 0  # failed attempts that will be tried again
    failed: int = 0  # given up: refused for good, or past the give-up period
    gone: int = 0  # erased while being sent

    def count(self, status: str | None) -> None:
        field = {PENDING: "retrying", FAILED: "failed", None: "gone"}.get(status, "sent")
        setattr(self, field, getattr(self, field) + 1)

    @property
    def attempts(self) -> int:
        return self.sent + self.retrying + self.failed + self.gone


class Stop:
    """Asked to stop (SIGTERM, SIGINT): the loop finishes the message it is sending, then ends.

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


def send_claimed(
    engine: Engine,
    outbox: Outbox,
    claimed: Any,
    now: dt.datetime | None = None,
    stop: Stop | None = None,
) -> tuple[str | None, Outcome]:
    """Send one claimed message and record the attempt, its start and its end (both `now` when
    given); the row's new status and the outcome. A database that is away when the attempt ends
    is waited for (`_recorded`), unless `stop` is asked."""
    # The claim was taken just before: tries to record stop a quarter of its lease before it
    # runs out (the margin for the clock of the worker that claims the row next).
    record_until = time.monotonic() + outbox.lease.total_seconds() * 3 / 4
    started_at = now or utcnow()
    outcome = outbox.attempt(claimed)
    record = functools.partial(
        outbox.queue.record_attempt,
        engine,
        claimed,
        outcome,
        now or utcnow(),
        started_at=started_at,
        rng=outbox.rng,
    )
    status = _recorded(record, f"{outbox.queue.noun} {claimed.message_id}", record_until, stop)
    outbox.count(status)
    _log(outbox, claimed, status, outcome)
    return status, outcome


def _recorded(
    record: Callable[[], str | None], what: str, until: float, stop: Stop | None
) -> str | None:
    """`record()`'s result, tried again while the database cannot be reached (restarted, failing
    over) until the monotonic time `until` or `stop`. The attempt has been made: given up at
    once, its row would stay claimed, unsent to every eye, until the lease ran out (5 minutes
    by default), then be sent again. Given up in the end, it is left to the lease."""
    waiting = False
    while True:
        try:
            return record()
        except DBAPIError as error:
            if (
                not is_unavailable(error)
                or time.monotonic() + RECORD_RETRY_SECONDS > until
                or (stop is not None and stop.requested)
            ):
                log.error("%s: its attempt was not recorded; it is due again after its lease", what)
                raise
            if not waiting:
                log.warning(
                    "%s: the database could not be reached to record its attempt; trying again "
                    "every %g seconds",
                    what,
                    RECORD_RETRY_SECONDS,
                )
                waiting = True
            (stop or Stop()).wait(RECORD_RETRY_SECONDS)


def _log(outbox: Outbox, claimed: Any, status: str | None, outcome: Outcome) -> None:
    what = f"{outbox.queue.noun} {claimed.message_id}"
    if claimed.reference is not None:  # none: a message about no submission
        what += f" of {claimed.reference}"
    number = claimed.attempts + 1
    # The operator's log has what the stored error leaves out on purpose (app/delivery/sender.py).
    why = f"{outcome.error} ({outcome.detail})" if outcome.detail else outcome.error
    if status == PENDING:
        log.warning("%s failed, attempt %d, will be retried: %s", what, number, why)
    elif status == FAILED:
        log.error(
            "%s given up after attempt %d, %s: %s", what, number, given_up(outbox, outcome), why
        )
    elif status is None:  # with its submission, or what else it was about
        log.info("%s was erased while it was being sent", what)
    else:
        log.info(
            "%s %s, attempt %d: %s %s in %d ms",
            what,
            status,
            number,
            outbox.code_name,
            outcome.code,
            outcome.duration_ms,
        )


def given_up(outbox: Outbox, outcome: Outcome) -> str:
    """Why a message was given up: refused for good, or its period is over."""
    if outcome.permanent:
        return "refused for good"
    days = outbox.queue.give_up_after / dt.timedelta(days=1)
    return f"{days:g} day{'s' if days != 1 else ''} after the submission"


def send_due(
    engine: Engine, outbox: Outbox, *, now: dt.datetime | None = None, stop: Stop | None = None
) -> Report:
    """Send every message due at the start of the pass, one at a time (each claimed just before
    it is sent, so other workers share the work), until none is left or `stop` is asked.
    Messages that fail and come due again during the pass wait for the next one."""
    clock = (lambda: now) if now is not None else utcnow
    due_by, report = clock(), Report()
    while not (stop and stop.requested):
        claimed = outbox.queue.claim_next(engine, clock(), due_by=due_by, lease=outbox.lease)
        if claimed is None:
            break
        # `now`, not clock(): without it the attempt's end is read when the attempt ends.
        status, _ = send_claimed(engine, outbox, claimed, now, stop)
        report.count(status)
    return report


class NothingToResend(LookupError):
    """The reference has no message that can be sent again."""


class BeingSent(RuntimeError):
    """Another worker holds the submission's messages right now."""


def resend(
    engine: Engine, outbox: Outbox, reference: str, *, now: dt.datetime | None = None
) -> list[tuple[str | None, Outcome]]:
    """Make the submission's messages due now, whatever their status, and send them at once;
    each one's new status and outcome."""
    at = now or utcnow()
    reference = reference.strip().upper()
    if not outbox.queue.make_due(engine, reference, at):
        raise NothingToResend(reference)
    results = []
    while claimed := outbox.queue.claim_next(engine, at, reference=reference, lease=outbox.lease):
        results.append(send_claimed(engine, outbox, claimed, now))  # recorded when it ends
    if not results:
        raise BeingSent(reference)
    return results


def run(
    engine: Engine,
    outbox: Outbox,
    *,
    poll_interval: float,
    stop: Stop,
    on_pass: Callable[[Report], None] | None = None,
) -> None:
    """Send what is due, wait `poll_interval` seconds, again, until `stop` is asked. A
    database that cannot be reached is logged and tried again after the interval."""
    while not stop.requested:
        try:
            report = send_due(engine, outbox, stop=stop)
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
