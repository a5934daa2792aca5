"""Sending one email through GOV.UK Notify (its Python client, notifications-python-client)
instead of SMTP: Notify writes the email from the template for its kind (the confirmation, the
copy of the answers, a saved form's link), filled in with the email's fields (app/mail/
compose.py), and sends it from the agency's Notify service. docs/operations.md says how to set
the templates up.

Whatever happens comes back as an Outcome, never an exception, with Notify's HTTP status as its
code. Per Notify's documented errors: a 400 (a BadRequestError or ValidationError: the request
itself is wrong, such as a team-only key or trial mode for this recipient, or a placeholder
missing) is permanent, as the same request gets the same answer; a 403 (AuthError: the API key,
or a clock more than 30 seconds out) is retried, as the operator fixes the setting; a 429 (rate
or daily limit) and a 5xx ("resend your notification") are retried, as is no answer at all.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import requests
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from app.outbox.queue import Outcome

from .compose import Email
from .outbox import CONFIRMATION, COPY, RESUME

API = "https://api.notifications.service.gov.uk"
TIMEOUT_SECONDS = 10.0  # for the connection and for Notify's answer
CITIZENS_WORDS = ("answers",)  # the fields that hold what the citizen typed
# `{key name}-{service id}-{secret}`: the client reads the last two, each a 36-character UUID.
_KEY_LENGTH = 1 + 36 + 1 + 36


class NotifySettingsError(ValueError):
    """The NOTIFY_* settings cannot work: which one, and what to set."""


@dataclass(frozen=True)
class NotifySettings:
    """The NOTIFY_* settings (app/config.py): the API key, the template id for each kind of
    email, the API's address (Notify's own unless given: tests give a server on loopback)."""

    api_key: str = field(repr=False)
    templates: Mapping[str, str]
    base_url: str = API
    timeout: float = TIMEOUT_SECONDS

    def __post_init__(self) -> None:
        if len(self.api_key) < _KEY_LENGTH or self.api_key[-37] != "-":
            raise NotifySettingsError(
                "PORTAL_NOTIFY_API_KEY is not a GOV.UK Notify API key: copy the whole key from "
                "Notify's API integration page (its name, the service id and the secret, joined "
                "by -)"
            )
        missing = [kind for kind, template in self.templates.items() if not template]
        if missing:
            names = " and ".join(f"PORTAL_NOTIFY_TEMPLATE_{kind.upper()}" for kind in missing)
            raise NotifySettingsError(
                f"set {names}: the id of the Notify template for each kind of email "
                "(docs/operations.md#through-govuk-notify)"
            )


def settings_from(config: Mapping[str, Any]) -> NotifySettings:
    """The NOTIFY_* settings of the app's config; NotifySettingsError says what is wrong."""
    return NotifySettings(
        api_key=config["NOTIFY_API_KEY"],
        templates={
            CONFIRMATION: config["NOTIFY_TEMPLATE_CONFIRMATION"],
            COPY: config["NOTIFY_TEMPLATE_COPY"],
            RESUME: config["NOTIFY_TEMPLATE_RESUME"],
        },
        base_url=config["NOTIFY_BASE_URL"],
    )


def transport(settings: NotifySettings):
    """The function that sends an Email through Notify, with one client for the worker."""
    client = NotificationsAPIClient(
        settings.api_key, base_url=settings.base_url, timeout=settings.timeout
    )
    return lambda email: send(client, settings, email)


def send(client: NotificationsAPIClient, settings: NotifySettings, email: Email) -> Outcome:
    """Ask Notify to send `email` with its kind's template; the outcome, with the time it took."""
    started = time.monotonic()
    try:
        client.send_email_notification(
            email_address=email.recipient,
            template_id=settings.templates[email.kind],
            personalisation=email.fields,
            reference=email.message_id,  # no personal data: Notify shows it in its logs
            # The citizen's own words: Notify shows them as written, never formatted (a link
            # typed into an answer must not become a link in a government email).
            # (Only the fields this email has: a saved form's link has no answers.)
            sanitise_content_for=[f for f in CITIZENS_WORDS if f in email.fields],
        )
    except APIError as error:
        return _failed(error, settings, started)
    return Outcome(201, None, _elapsed(started))


def _failed(error: APIError, settings: NotifySettings, started: float) -> Outcome:
    answer = error.response
    if answer is None:  # no answer: refused, timed out, TLS
        cause = error.__cause__
        if isinstance(cause, requests.Timeout):
            why = f"no answer from Notify within {settings.timeout:g} seconds"
        else:
            why = f"Notify could not be reached: {type(cause).__name__}"
        return Outcome(None, why, _elapsed(started), detail=str(cause))
    if answer.ok:  # accepted, but the answer was not the JSON Notify sends: it was sent
        return Outcome(answer.status_code, None, _elapsed(started))
    status = answer.status_code
    return Outcome(
        status,
        f"Notify answered {status}: {_messages(error)}",
        _elapsed(started),
        permanent=status == 400,
    )


def _messages(error: APIError) -> str:
    """Notify's errors, `[{"error": "BadRequestError", "message": "…"}]`, as one line."""
    found = error.message
    if isinstance(found, list):
        return "; ".join(
            f"{e.get('error')}: {e.get('message')}" for e in found if isinstance(e, dict)
        )
    return str(found)


def _elapsed(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
