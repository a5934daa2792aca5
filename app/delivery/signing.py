"""The message a delivery posts, signed per Standard Webhooks (https://www.standardwebhooks.com).

The body is the JSON payload `{"type": "submission.created", "timestamp", "data"}`; the headers
`webhook-id` (the outbox row's message id, the same on every retry so the receiver can drop
repeats), `webhook-timestamp` (when it is sent, in seconds) and `webhook-signature`
(`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`), made by the `standardwebhooks` package that
receivers use to verify it.

The signing secret comes from the environment variable the form's `delivery.secret_env` names, as
the spec writes it: `whsec_` and the base64 of 24 to 64 random bytes.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from standardwebhooks import Webhook

from app.dates import utc_timestamp

EVENT_TYPE = "submission.created"
SECRET_PREFIX = "whsec_"
# What the Standard Webhooks spec recommends for the key's length.
SHORTEST_SECRET, LONGEST_SECRET = 24, 64


class SecretError(Exception):
    """The signing secret is missing or not a Standard Webhooks secret. The message names the
    variable and says what is wrong, never the value."""


@dataclass(frozen=True)
class SignedMessage:
    body: bytes
    headers: dict[str, str]


def load_signer(variable: str, environ: Mapping[str, str] | None = None) -> Webhook:
    """The signer for the secret in the environment variable `variable`."""
    environ = os.environ if environ is None else environ
    value = environ.get(variable)
    if not value:
        raise SecretError(
            f"the signing secret is missing: set the environment variable "
            f"{variable} (whsec_ and the base64 of 24 to 64 random bytes)"
        )
    encoded = value.strip().removeprefix(SECRET_PREFIX)
    try:
        key = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise SecretError(
            f"the signing secret in {variable} is not base64: it should be "
            "whsec_ and the base64 of 24 to 64 random bytes"
        ) from None
    if not SHORTEST_SECRET <= len(key) <= LONGEST_SECRET:
        raise SecretError(
            f"the signing secret in {variable} is {len(key)} bytes long: use 24 to 64 random bytes"
        )
    return Webhook(key)


def payload(
    reference: str,
    form_id: str,
    version: int,
    submitted_at: dt.datetime,
    answers: Mapping[str, Any],
    language: str | None = None,
) -> dict[str, Any]:
    """What the agency receives. `timestamp` is when the event happened (the submission), as the
    spec says, so it is the same on every retry; written as every time of the API is
    (`2026-06-15T12:30:05Z`), so `submitted_at` here equals the API's."""
    stamp = utc_timestamp(submitted_at)
    return {
        "type": EVENT_TYPE,
        "timestamp": stamp,
        "data": {
            "reference": reference,
            "form": form_id,
            "version": version,
            "submitted_at": stamp,
            "language": language,
            "answers": dict(answers),
        },
    }


def sign(
    signer: Webhook, message_id: str, body: dict[str, Any], sent_at: dt.datetime
) -> SignedMessage:
    """The body as compact UTF-8 JSON and the three signature headers for sending it at
    `sent_at`."""
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    sent_at = sent_at.astimezone(dt.UTC)
    return SignedMessage(
        body=text.encode("utf-8"),
        headers={
            "content-type": "application/json",
            "webhook-id": message_id,
            "webhook-timestamp": str(int(sent_at.timestamp())),
            "webhook-signature": signer.sign(message_id, sent_at, text),
        },
    )
