"""Delivery of submissions to agency webhooks: the outbox rows that `repository.submit` writes are
posted, signed per Standard Webhooks, by `flask deliver` and retried with backoff for 3 days. The
outbox itself (claims, retries, the worker loop, the command) is app/outbox's, shared with email.

    signing.py   the payload and its Standard Webhooks headers; the secret from the environment
    address.py   which addresses a delivery may go to: public ones (loopback in development)
    sender.py    one HTTP POST to a vetted address, within a deadline, with no redirects
    outbox.py    the `deliveries` table as a generic outbox: what a claim reads; 3 days to give up
    worker.py    one attempt: the payload signed and posted to the form's webhook; the settings
    cli.py       `flask deliver [--once | --retry REFERENCE] [--poll-interval SECONDS]`

See docs/delivery.md.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from .cli import deliver_command

    app.cli.add_command(deliver_command)
