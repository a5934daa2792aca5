"""`flask --app app mail`: send the confirmation emails, copies of answers and saved forms' links
in the outbox, the outbox's worker command (app/outbox/cli.py), by SMTP or through GOV.UK Notify.

flask mail                      a worker: send what is due every --poll-interval seconds
flask mail --once               send everything due now and exit (for cron)
flask mail --retry REFERENCE    send that submission's emails that are still waiting, now
"""

from __future__ import annotations

import datetime as dt
import functools

import click
from flask import Flask, current_app

from app.forms.registry import load_form
from app.outbox import worker
from app.outbox.cli import Words, worker_command
from app.site_settings import site_settings

from . import mail_enabled, notify, smtp
from .compose import Sender, resume_url
from .worker import Settings, outbox_of

HELP = """Send citizens their confirmation emails, the copies of answers they asked for and the
links to forms they saved to come back to later, by SMTP or through GOV.UK Notify.

Without options this is a worker: it sends what is due, waits --poll-interval seconds and looks
again, until SIGTERM or Ctrl-C, which let the email being sent finish first. A failed attempt is
retried with exponential backoff for a day after the submission (or the save), then marked
failed; a recipient the mail server refuses for good (an SMTP 5xx, a Notify 400) is not retried.

On PostgreSQL any number of workers can run side by side; on SQLite run one. Needs the SMTP_HOST
and MAIL_FROM settings, or NOTIFY_API_KEY and the Notify template ids (docs/operations.md).
"""

WORDS = Words(
    noun="email",
    plural="emails",
    sent="Sent",
    working="Sending email",
    nothing="no email to send for {reference}: there is no such submission, it had no email, "
    "or its emails were sent or given up (their address is erased then)",
)


def settings_for(app: Flask, **overrides) -> Settings:
    """The worker's settings from the app's: Notify when its API key is set, else SMTP; the From
    address, the site's name and public address; resume links made with SECRET_KEY."""
    config = app.config
    site = site_settings(app)
    sender = Sender(config["MAIL_FROM"], site.name, str(site.base_url or ""))
    links = functools.partial(resume_url, sender.base_url, config["SECRET_KEY"])
    overrides = {"resume_url": links, "default_language": site.language, **overrides}
    if config["NOTIFY_API_KEY"]:
        transport = notify.transport(notify.settings_from(config))
        return Settings(load_form, sender, transport, code_name="HTTP", **overrides)
    server = smtp.SmtpSettings(
        host=config["SMTP_HOST"],
        port=int(config["SMTP_PORT"]),
        security=config["SMTP_SECURITY"],
        username=config["SMTP_USERNAME"],
        password=config["SMTP_PASSWORD"],
        timeout=float(config["SMTP_TIMEOUT"]),
    )
    return Settings(load_form, sender, functools.partial(smtp.send_email, server), **overrides)


def outbox_for(lease: float) -> worker.Outbox:
    if not mail_enabled(current_app.config):
        raise click.ClickException(
            "no way to send email is set: set PORTAL_SMTP_HOST and PORTAL_MAIL_FROM, or "
            "PORTAL_NOTIFY_API_KEY and its templates (docs/operations.md)"
        )
    try:
        settings = settings_for(current_app, lease=dt.timedelta(seconds=lease))
    except ValueError as error:  # SMTP_SECURITY, or Notify's (NotifySettingsError)
        raise click.ClickException(str(error)) from None
    return outbox_of(settings)


mail_command = worker_command("mail", help=HELP, words=WORDS, outbox_for=outbox_for)
