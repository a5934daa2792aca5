"""`flask --app app deliver`: post stored submissions to their agencies' webhooks.

flask deliver                      a worker: deliver what is due every --poll-interval seconds
flask deliver --once               deliver everything due now and exit (for cron)
flask deliver --retry REFERENCE    make that submission's delivery due now again and send it
"""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import with_appcontext

from app.forms.registry import load_form
from app.hosts import public_url
from app.store import get_engine

from . import outbox
from .worker import (
    BeingSent,
    NoDelivery,
    Report,
    Settings,
    Stop,
    deliver_due,
    redeliver,
    run,
    stopping_on_signals,
)

HELP = """Post stored submissions to their form's webhook, signed per Standard Webhooks.

Without options this is a worker: it delivers what is due, waits --poll-interval seconds and
looks again, until SIGTERM or Ctrl-C, which let the delivery being sent finish first. A failed
attempt is retried with exponential backoff for 3 days after the submission, then marked failed.

On PostgreSQL any number of workers can run side by side (they claim rows with FOR UPDATE SKIP
LOCKED). On SQLite run one worker only (or one cron job with --once at a time).

A worker that dies mid-send (killed, its machine lost) leaves its delivery claimed until the
--lease runs out; then any worker sends it again, with the same webhook-id.
"""


@click.command("deliver", help=HELP)
@click.option(
    "--once", is_flag=True, help="Deliver everything due now, then exit (run it from cron)."
)
@click.option(
    "--retry",
    "reference",
    metavar="REFERENCE",
    help="Make this submission's delivery due now again, even if it was delivered or "
    "failed, and send it.",
)
@click.option(
    "--poll-interval",
    type=click.FloatRange(min=0.1),
    default=5.0,
    show_default=True,
    metavar="SECONDS",
    help="How long the worker waits between looks for due deliveries.",
)
@click.option(
    "--lease",
    type=click.FloatRange(min=2),
    default=outbox.LEASE.total_seconds(),
    show_default=True,
    metavar="SECONDS",
    help="How long a claimed delivery is this worker's: if it dies mid-send, others send it "
    "again after this. Under 30 s, each attempt is cut off at half of it.",
)
@with_appcontext
def deliver_command(once: bool, reference: str | None, poll_interval: float, lease: float) -> None:
    if once and reference:
        raise click.UsageError("give --once or --retry, not both")
    # A worker is its own process: show what it does, unless logging is already set up.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    engine = get_engine()
    settings = Settings.with_lease(
        lease,
        load_form=load_form,
        allow_loopback=current_app.config["DELIVERY_ALLOW_LOOPBACK"],
        base_url=public_url(""),  # files' download URLs in the payload
    )
    if reference:
        _retry(engine, settings, reference)
    elif once:
        click.echo(_summary(deliver_due(engine, settings)))
    else:
        click.echo(f"Delivering every {poll_interval:g} seconds; stop with Ctrl-C or SIGTERM.")
        with stopping_on_signals(Stop(), _stopping) as stop:
            run(
                engine,
                settings,
                poll_interval=poll_interval,
                stop=stop,
                on_pass=lambda report: click.echo(_summary(report)),
            )
        click.echo("Stopped.")


def _retry(engine, settings: Settings, reference: str) -> None:
    try:
        status, outcome = redeliver(engine, reference, settings)
    except NoDelivery:
        raise click.ClickException(
            f"no delivery for {reference}: there is no such submission, "
            "or its form had no webhook when it was submitted"
        ) from None
    except BeingSent:
        raise click.ClickException(
            f"{reference} is being sent by another worker right now"
        ) from None
    if status == outbox.DELIVERED:
        click.echo(f"Delivered {reference.upper()} (HTTP {outcome.status_code}).")
        return
    if status is None:
        raise click.ClickException(f"{reference} was erased while it was being sent")
    then = (
        "it will be retried"
        if status == outbox.PENDING
        else "it is marked failed (more than 3 days after the submission)"
    )
    why = f"{outcome.error} ({outcome.detail})" if outcome.detail else outcome.error
    raise click.ClickException(f"{reference} was not delivered: {why}; {then}")


def _summary(report: Report) -> str:
    line = (
        f"Delivered {report.delivered}, {report.retrying} to be retried, {report.failed} given up."
    )
    if report.gone:
        line += f" {report.gone} erased while being sent."
    return line


def _stopping(name: str) -> None:
    click.echo(f"{name}: stopping after the current delivery.")
