"""Email to citizens: the confirmation with their reference and the copy of their answers they
can ask for on the check answers page. Written to an outbox (the `emails` table) in the
submission's transaction, so the citizen never waits for the mail server, and sent by
`flask mail` with retries, as webhook deliveries are (app/delivery).

    outbox.py    which emails a submission gets; claiming due rows (a lease); recording attempts
    compose.py   the message: plain text and HTML from templates/mail/, in the site's name
    smtp.py      one email sent by SMTP (smtplib): STARTTLS or TLS, AUTH, timeouts
    worker.py    one email, a pass over everything due, the polling loop
    cli.py       `flask mail [--once] [--poll-interval SECONDS] [--lease SECONDS]`

See docs/operations.md (settings, the worker) and docs/forms.md (the form's `emails:`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask


def mail_enabled(config: Mapping[str, Any]) -> bool:
    """Whether the service sends email: a mail server and a From address are both set."""
    return bool(config.get("SMTP_HOST") and config.get("MAIL_FROM"))


def init_app(app: Flask) -> None:
    from .cli import mail_command

    app.cli.add_command(mail_command)
