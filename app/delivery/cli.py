"""`flask --app app deliver`: post stored submissions to their agencies' webhooks, the outbox's
worker command (app/outbox/cli.py).

flask deliver                      a worker: deliver what is due every --poll-interval seconds
flask deliver --once               deliver everything due now and exit (for cron)
flask deliver --retry REFERENCE    make that submission's delivery due now again and send it
"""

from __future__ import annotations

from flask import current_app

from app.forms.registry import load_form
from app.hosts import public_url
from app.outbox import worker
from app.outbox.cli import Words, worker_command

from .worker import Settings, outbox_of

HELP = """Post stored submissions to their form's webhook, signed per Standard Webhooks.

Without options this is a worker: it delivers what is due, waits --poll-interval seconds and
looks again, until SIGTERM or Ctrl-C, which let the delivery being sent finish first. A failed
attempt is retried with exponential backoff for 3 days after the submission, then marked failed.

On PostgreSQL any number of workers can run side by side (they claim rows with FOR UPDATE SKIP
LOCKED). On SQLite run one worker only (or one cron job with --once at a time).

A worker that dies mid-send (killed, its machine lost) leaves its delivery claimed until the
--lease runs out; then any worker sends it again, with the same webhook-id.
"""

WORDS = Words(
    noun="delivery",
    plural="deliveries",
    sent="Delivered",
    working="Delivering",
    nothing="no delivery for {reference}: there is no such submission, "
    "or its form had no webhook when it was submitted",
    lease_note=" Under 30 s, each attempt is cut off at half of it.",
)


def outbox_for(lease: float) -> worker.Outbox:
    return outbox_of(
        Settings.with_lease(
            lease,
            load_form=load_form,
            allow_loopback=current_app.config["DELIVERY_ALLOW_LOOPBACK"],
            base_url=public_url(""),  # files' download URLs in the payload
        )
    )


deliver_command = worker_command("deliver", help=HELP, words=WORDS, outbox_for=outbox_for)
