"""Delivery of submissions to agency webhooks: the outbox rows that `repository.submit` writes are
posted, signed per Standard Webhooks, by `flask deliver` and retried with backoff for 3 days.

    backoff.py   when to try again: exponential backoff with full jitter, giving up after 3 days
    signing.py   the payload and its Standard Webhooks headers; the secret from the environment
    address.py   which addresses a delivery may go to: public ones (loopback in development)
    sender.py    one HTTP POST to a vetted address, within a deadline, with no redirects
    outbox.py    claiming due rows (FOR UPDATE SKIP LOCKED, a lease), recording attempts
    worker.py    one delivery, a pass over everything due, a resend, the polling loop
    cli.py       `flask deliver [--once | --retry REFERENCE] [--poll-interval SECONDS]`

See docs/delivery.md.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from .cli import deliver_command

    app.cli.add_command(deliver_command)
