"""The signed message: the payload agencies receive, headers that standardwebhooks' own verifier
accepts, and secrets read from the environment with clear errors that never show the value."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from app.delivery.signing import SecretError, load_signer, payload, sign

from .conftest import ANSWERS, SECRET, SECRET_ENV

SUBMITTED = dt.datetime(2026, 6, 15, 12, 30, 5, 123456, tzinfo=dt.UTC)


def signed(now=None, secret=SECRET, message_id="msg_abc"):
    body = payload("ABCD2345", "report-a-fallen-tree", 3, SUBMITTED, ANSWERS)
    return sign(
        load_signer(SECRET_ENV, {SECRET_ENV: secret}),
        message_id,
        body,
        now or dt.datetime.now(dt.UTC),
    )


def test_the_payload_names_the_event_and_carries_the_submission():
    body = payload("ABCD2345", "report-a-fallen-tree", 3, SUBMITTED, ANSWERS)
    assert body == {
        "type": "submission.created",
        "timestamp": "2026-06-15T12:30:05Z",
        "data": {
            "reference": "ABCD2345",
            "form": "report-a-fallen-tree",
            "version": 3,
            "submitted_at": "2026-06-15T12:30:05Z",
            "language": None,
            "answers": ANSWERS,
        },
    }


def test_a_receiver_verifies_the_message_with_the_standard_webhooks_library():
    message = signed()
    assert message.headers["webhook-id"] == "msg_abc"
    assert message.headers["content-type"] == "application/json"
    assert message.headers["webhook-signature"].startswith("v1,")
    verified = Webhook(SECRET).verify(message.body, message.headers)
    assert verified["data"]["answers"] == ANSWERS == json.loads(message.body)["data"]["answers"]


def test_the_timestamp_header_is_the_sending_time_in_seconds():
    sent = dt.datetime(2026, 6, 15, 13, 0, 0, 900000, tzinfo=dt.UTC)
    assert signed(now=sent).headers["webhook-timestamp"] == str(int(sent.timestamp()))


def test_a_changed_body_id_or_secret_does_not_verify():
    message = signed()
    other = "whsec_" + base64.b64encode(b"x" * 32).decode()
    with pytest.raises(WebhookVerificationError):
        Webhook(other).verify(message.body, message.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(SECRET).verify(message.body.replace(b"Mill", b"Mall"), message.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(SECRET).verify(message.body, {**message.headers, "webhook-id": "msg_other"})


def test_non_ascii_answers_are_signed_as_the_utf8_bytes_sent():
    body = payload("ABCD2345", "f", 1, SUBMITTED, {"where": "Llanfair Pwllgwyngyll, Ynys Môn"})
    message = sign(
        load_signer(SECRET_ENV, {SECRET_ENV: SECRET}), "msg_1", body, dt.datetime.now(dt.UTC)
    )
    assert "Môn".encode() in message.body
    assert (
        Webhook(SECRET).verify(message.body, message.headers)["data"]["answers"]["where"]
        == "Llanfair Pwllgwyngyll, Ynys Môn"
    )


def test_a_secret_without_the_whsec_prefix_is_the_same_key():
    bare = SECRET.removeprefix("whsec_")
    message = signed(secret=bare)
    Webhook(SECRET).verify(message.body, message.headers)


@pytest.mark.parametrize(
    ("value", "says"),
    [
        (None, "the signing secret is missing: set the environment variable " + SECRET_ENV),
        ("", "the signing secret is missing: set the environment variable " + SECRET_ENV),
        ("whsec_not*base64!", f"the signing secret in {SECRET_ENV} is not base64"),
        (
            "whsec_" + base64.b64encode(b"short").decode(),
            f"the signing secret in {SECRET_ENV} is 5 bytes long: use 24 to 64 random bytes",
        ),
        ("whsec_" + base64.b64encode(b"x" * 65).decode(), "is 65 bytes long"),
    ],
)
def test_a_missing_or_unusable_secret_is_a_clear_error_that_does_not_show_it(value, says):
    environ = {} if value is None else {SECRET_ENV: value}
    with pytest.raises(SecretError) as raised:
        load_signer(SECRET_ENV, environ)
    assert says in str(raised.value)
    if value:
        assert value.removeprefix("whsec_") not in str(raised.value)
