"""Sending the outbox's emails on the generic outbox worker (app/outbox/worker.py): what one
attempt is (the email written, handed to the transport: SMTP or GOV.UK Notify), and the worker's
settings. `send_due` sends everything due.

Errors never carry the recipient: a server's reply that quotes it is stored and logged with it
taken out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import random
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from app import metrics
from app.forms.definition import FormDefinition
from app.i18n import in_language
from app.i18n.catalogues import SOURCE_LANGUAGE
from app.outbox import worker
from app.outbox.queue import LEASE, Outcome

from . import outbox
from .compose import Email, Sender, compose

FormLoader = Callable[[str], FormDefinition | None]
Transport = Callable[[Email], Outcome]


@dataclass(frozen=True)
class Settings:
    """What every send needs besides the row: where forms come from, who the mail is from, the
    transport (app/mail/smtp.py or app/mail/notify.py) and the name of its answer codes, the
    backoff's random source, the lease of a claim, how a resume email's link is made."""

    load_form: FormLoader
    sender: Sender
    transport: Transport
    code_name: str = "SMTP"
    rng: random.Random | None = None
    lease: dt.timedelta = LEASE
    # A resume email's link from its link's id (compose.resume_url with the site's address and
    # SECRET_KEY); None: resume emails cannot be written, and are retried.
    resume_url: Callable[..., str] | None = None
    # The site's default language: its pages have no prefix; an email in another language
    # links to that language's pages (/cy/forms/resume/…).
    default_language: str = SOURCE_LANGUAGE


def attempt(claimed: outbox.Claimed, settings: Settings) -> Outcome:
    """Write the email and hand it to the transport. A form that is gone is a failed attempt
    with an error saying so (retried: the content may come back), not a crash."""
    with in_language(claimed.language):  # the form's text in the citizen's language
        form = settings.load_form(claimed.form_id)
    if form is None:
        return Outcome(
            None,
            f"the form {claimed.form_id} is not in the content this service runs "
            "(SERVICE_DATA or CONTENT_DIR/forms) or is not valid, so its email cannot be written",
            0,
        )
    link = None
    if claimed.resume_link_id is not None:
        if settings.resume_url is None:
            return Outcome(None, "no resume link can be written: the worker has no SECRET_KEY", 0)
        language = claimed.language or settings.default_language
        prefix = "" if language == settings.default_language else f"/{language}"
        link = settings.resume_url(claimed.resume_link_id, prefix)
    outcome = settings.transport(compose(claimed, form, settings.sender, link, claimed.language))
    if outcome.error and claimed.recipient in outcome.error:
        scrubbed = outcome.error.replace(claimed.recipient, "(the recipient)")
        outcome = dataclasses.replace(outcome, error=scrubbed)
    return outcome


def outbox_of(settings: Settings) -> worker.Outbox:
    """The mail outbox at work with these settings."""
    send = functools.partial(attempt, settings=settings)
    return worker.Outbox(
        outbox.QUEUE, send, metrics.count_email, settings.code_name, settings.rng, settings.lease
    )


def send_due(engine: Engine, settings: Settings, **options) -> worker.Report:
    """Send every email due (app/outbox/worker.py's send_due: `now`, `stop`)."""
    return worker.send_due(engine, outbox_of(settings), **options)
