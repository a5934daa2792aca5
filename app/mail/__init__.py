"""Email to citizens: the confirmation with their reference, the copy of their answers they can
ask for on the check answers page, and the one-time link to a form saved to come back to later
(app/forms/save_return.py). Written to an outbox (the `emails` table) in the submission's (or the
save's) transaction, so the citizen never waits for the mail server, and sent by `flask mail`
with retries, by the same outbox as webhook deliveries (app/outbox).

    outbox.py    which emails a submission gets, a saved form's link's; the `emails` table as a
                 generic outbox (app/outbox)
    compose.py   the email: plain text and HTML from templates/mail/, in the site's name, and
                 the same as the fields of a Notify template
    links.py     every link in an email absolute, from the portal's public address
    smtp.py      one email sent by SMTP (smtplib): STARTTLS or TLS, AUTH, timeouts
    notify.py    one email sent through GOV.UK Notify's API, with the template for its kind
    worker.py    one attempt: the email written and handed to the transport
    cli.py       `flask mail [--once | --retry REFERENCE] [--poll-interval S] [--lease S]`

See docs/operations.md (settings, the worker) and docs/forms.md (the form's `emails:`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask


def mail_enabled(config: Mapping[str, Any]) -> bool:
    """Whether the service sends email: through GOV.UK Notify (its API key is set), or by SMTP (a
    mail server and a From address are both set)."""
    return bool(
        config.get("NOTIFY_API_KEY") or (config.get("SMTP_HOST") and config.get("MAIL_FROM"))
    )


def init_app(app: Flask) -> None:
    from .cli import mail_command

    app.cli.add_command(mail_command)
