"""The worker command of an outbox (`flask deliver`, `flask mail`), made by `worker_command`:

flask NAME                      a worker: send what is due every --poll-interval seconds
flask NAME --once               send everything due now and exit (for cron)
flask NAME --retry REFERENCE    make that submission's messages due now again and send them
flask NAME --list               list the messages not sent: waiting, or given up

Each outbox gives its help, its words and how its Outbox is made for a lease.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import click
from flask.cli import with_appcontext
from sqlalchemy.engine import Engine

from app.store import get_engine

from .queue import FAILED, LEASE, PENDING
from .worker import (
    BeingSent,
    NothingToResend,
    Outbox,
    Report,
    Stop,
    given_up,
    resend,
    run,
    send_due,
    stopping_on_signals,
)

LISTED = 100  # the most --list shows: enough to see what is wrong; the table has the rest


@dataclass(frozen=True)
class Words:
    """How the command speaks of its messages: `noun` (delivery, email), `plural`, the past
    tense of sending (Delivered, Sent), what the worker says it does (Delivering, Sending
    email), why a reference may have nothing to send again (with `{reference}`), and what
    more --lease does, if anything."""

    noun: str
    plural: str
    sent: str
    working: str
    nothing: str
    lease_note: str = ""


def worker_command(
    name: str, *, help: str, words: Words, outbox_for: Callable[[float], Outbox]
) -> click.Command:
    """The command; `outbox_for(lease_seconds)` makes the Outbox from the app's settings (in the
    app context), or raises a ClickException saying which setting is missing."""

    @click.command(name, help=help)
    @click.option(
        "--once", is_flag=True, help="Send everything due now, then exit (run it from cron)."
    )
    @click.option(
        "--retry",
        "reference",
        metavar="REFERENCE",
        help=f"Make this submission's {words.plural} due now again, even if sent or failed, "
        "and send them.",
    )
    @click.option(
        "--list",
        "listing",
        is_flag=True,
        help=f"List the {words.plural} not sent (waiting or given up), the oldest first, "
        f"at most {LISTED}, with their last error; then exit.",
    )
    @click.option(
        "--poll-interval",
        type=click.FloatRange(min=0.1),
        default=5.0,
        show_default=True,
        metavar="SECONDS",
        help=f"How long the worker waits between looks for due {words.plural}.",
    )
    @click.option(
        "--lease",
        type=click.FloatRange(min=2),
        default=LEASE.total_seconds(),
        show_default=True,
        metavar="SECONDS",
        help=f"How long a claimed {words.noun} is this worker's: if it dies mid-send, others send "
        f"it again after this (with the same message id).{words.lease_note}",
    )
    @with_appcontext
    def command(
        once: bool, reference: str | None, listing: bool, poll_interval: float, lease: float
    ) -> None:
        if once + bool(reference) + listing > 1:
            raise click.UsageError("give one of --once, --retry and --list")
        outbox = outbox_for(lease)
        if listing:
            _list(get_engine(), outbox, words)
            return
        # A worker is its own process: show what it does, unless logging is already set up.
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
        engine = get_engine()
        if reference:
            _resend(engine, outbox, words, reference)
        elif once:
            click.echo(summary(send_due(engine, outbox), words))
        else:
            click.echo(
                f"{words.working} every {poll_interval:g} seconds; stop with Ctrl-C or SIGTERM."
            )

            def stopping(signal_name: str) -> None:
                click.echo(f"{signal_name}: stopping after the current {words.noun}.")

            with stopping_on_signals(Stop(), stopping) as stop:
                run(
                    engine,
                    outbox,
                    poll_interval=poll_interval,
                    stop=stop,
                    on_pass=lambda report: click.echo(summary(report, words)),
                )
            click.echo("Stopped.")

    return command


def _resend(engine: Engine, outbox: Outbox, words: Words, reference: str) -> None:
    reference = reference.strip().upper()
    try:
        results = resend(engine, outbox, reference)
    except NothingToResend:
        raise click.ClickException(words.nothing.format(reference=reference)) from None
    except BeingSent:
        raise click.ClickException(
            f"{reference} is being sent by another worker right now"
        ) from None
    failures = []
    for status, outcome in results:
        if status is None:
            failures.append(f"{reference} was erased while it was being sent")
        elif status in (PENDING, FAILED):
            then = (
                "it will be retried"
                if status == PENDING
                else f"it is marked failed ({given_up(outbox, outcome)})"
            )
            why = f"{outcome.error} ({outcome.detail})" if outcome.detail else outcome.error
            failures.append(f"{reference} was not {words.sent.lower()}: {why}; {then}")
        else:
            click.echo(f"{words.sent} {reference} ({outbox.code_name} {outcome.code}).")
    if failures:
        raise click.ClickException("\n".join(failures))


def _list(engine: Engine, outbox: Outbox, words: Words) -> None:
    found = outbox.queue.unsent(engine, LISTED)
    if not found:
        click.echo(f"Every {words.noun} has been {words.sent.lower()}.")
        return
    for row in found:
        when = f"next {row['next_attempt_at']:%Y-%m-%d %H:%M}Z" if row["next_attempt_at"] else ""
        click.echo(
            f"{row['reference'] or '-'}  {row['message_id']}  {row['status']}  "
            f"{row['attempts']} attempt{'s' if row['attempts'] != 1 else ''}  {when}".rstrip()
        )
        if row["last_error"]:
            click.echo(f"    {row['last_error']}")


def summary(report: Report, words: Words) -> str:
    line = f"{words.sent} {report.sent}, {report.retrying} to be retried, {report.failed} given up."
    if report.gone:
        line += f" {report.gone} erased while being sent."
    return line
