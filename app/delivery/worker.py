"""Delivering submissions to their webhooks on the generic outbox worker (app/outbox/worker.py):
what one attempt is (the submission's payload, signed, posted to the form's webhook), and the
worker's settings. `deliver_due` sends everything due.

The `webhook-timestamp` that is signed is always the real time of sending, because receivers
check it against their own clock to refuse replayed messages. Errors name the receiver's host,
never the URL's path or query (which may carry a token), nor the secret.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy.engine import Engine

from app import metrics
from app.forms.definition import FormDefinition
from app.outbox import worker
from app.outbox.queue import LEASE, Outcome
from app.store.repository import utcnow
from app.uploads.links import with_file_urls

from . import outbox
from .sender import DEADLINE_SECONDS, TIMEOUT_SECONDS, post
from .signing import SecretError, load_signer, payload, sign

FormLoader = Callable[[str], FormDefinition | None]


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
    lease: dt.timedelta = LEASE
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
        claimed.language,
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
    if not outcome.sent:
        host = urlsplit(webhook).hostname
        outcome = dataclasses.replace(outcome, error=f"{host}: {outcome.error}")
    return outcome


def outbox_of(settings: Settings) -> worker.Outbox:
    """The deliveries' outbox at work with these settings."""
    send = functools.partial(attempt, settings=settings)
    return worker.Outbox(
        outbox.QUEUE, send, metrics.count_delivery, "HTTP", settings.rng, settings.lease
    )


def deliver_due(engine: Engine, settings: Settings, **options) -> worker.Report:
    """Send every delivery due (app/outbox/worker.py's send_due: `now`, `stop`)."""
    return worker.send_due(engine, outbox_of(settings), **options)
