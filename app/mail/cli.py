"""`flask --app app mail`: send the confirmation emails and copies of answers in the outbox.

flask mail            a worker: send what is due every --poll-interval seconds
flask mail --once     send everything due now and exit (for cron)
"""

from __future__ import annotations

import datetime as dt
import functools
import logging

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from app.delivery.worker import Stop, stopping_on_signals
from app.forms.registry import load_form
from app.site_settings import site_settings
from app.store import get_engine

from . import mail_enabled, outbox, smtp
from .compose import Sender, resume_url
from .worker import Report, Settings, run, send_due

HELP = """Send citizens their confirmation emails and the copies of answers they asked for.

Without options this is a worker: it sends what is due, waits --poll-interval seconds and looks
again, until SIGTERM or Ctrl-C, which let the email being sent finish first. A failed attempt is
retried with exponential backoff for a day after the submission, then marked failed; a recipient
the mail server refuses for good (a 5xx) is not retried.

On PostgreSQL any number of workers can run side by side; on SQLite run one. Needs the SMTP_HOST
and MAIL_FROM settings (docs/operations.md).
"""


@click.command("mail", help=HELP)
@click.option("--once", is_flag=True, help="Send everything due now, then exit (run it from cron).")
@click.option(
    "--poll-interval",
    type=click.FloatRange(min=0.1),
    default=5.0,
    show_default=True,
    metavar="SECONDS",
    help="How long the worker waits between looks for due emails.",
)
@click.option(
    "--lease",
    type=click.FloatRange(min=2),
    default=outbox.LEASE.total_seconds(),
    show_default=True,
    metavar="SECONDS",
    help="How long a claimed email is this worker's: if it dies mid-send, others send it "
    "again after this (with the same Message-ID).",
)
@with_appcontext
def mail_command(once: bool, poll_interval: float, lease: float) -> None:
    if not mail_enabled(current_app.config):
        raise click.ClickException(
            "no mail server is set: set PORTAL_SMTP_HOST and PORTAL_MAIL_FROM (docs/operations.md)"
        )
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    engine = get_engine()
    settings = settings_for(current_app, lease=dt.timedelta(seconds=lease))
    if once:
        click.echo(_summary(send_due(engine, settings)))
        return
    click.echo(f"Sending email every {poll_interval:g} seconds; stop with Ctrl-C or SIGTERM.")
    with stopping_on_signals(Stop(), _stopping) as stop:
        run(
            engine,
            settings,
            poll_interval=poll_interval,
            stop=stop,
            on_pass=lambda report: click.echo(_summary(report)),
        )
    click.echo("Stopped.")


def settings_for(app: Flask, **overrides) -> Settings:
    """The worker's settings from the app's: SMTP, the From address, the site's name."""
    config = app.config
    transport = smtp.SmtpSettings(
        host=config["SMTP_HOST"],
        port=int(config["SMTP_PORT"]),
        security=config["SMTP_SECURITY"],
        username=config["SMTP_USERNAME"],
        password=config["SMTP_PASSWORD"],
        timeout=float(config["SMTP_TIMEOUT"]),
    )
    site = site_settings(app)
    base_url = str(site.base_url or "")
    return Settings(
        load_form=load_form,
        sender=Sender(config["MAIL_FROM"], site.name, base_url),
        transport=functools.partial(smtp.send, transport),
        resume_url=functools.partial(resume_url, base_url, config["SECRET_KEY"]),
        **overrides,
    )


def _summary(report: Report) -> str:
    line = f"Sent {report.sent}, {report.retrying} to be retried, {report.failed} given up."
    if report.gone:
        line += f" {report.gone} erased while being sent."
    return line


def _stopping(name: str) -> None:
    click.echo(f"{name}: stopping after the current email.")
