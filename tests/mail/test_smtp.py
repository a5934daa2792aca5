"""The SMTP transport against aiosmtpd on loopback speaking STARTTLS with a certificate from a
test authority (trustme) and requiring AUTH: the email arrives only over TLS and with the right
password; a wrong password, a server without STARTTLS or an untrusted certificate fail the
attempt with an error saying so (retried: the operator fixes a setting)."""

from __future__ import annotations

import datetime as dt
import ssl
from email.message import EmailMessage

import pytest
import trustme

from app.mail import smtp

from .smtp_servers import HOST, SmtpServer, password_check


@pytest.fixture(scope="module")
def authority():
    return trustme.CA()


@pytest.fixture
def tls_server(authority):
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert(HOST).configure_cert(server_context)
    server = SmtpServer(
        tls_context=server_context,
        require_starttls=True,
        authenticator=password_check(b"portal", b"s3cret"),
        auth_require_tls=True,
        auth_required=True,
    )
    yield server
    server.stop()


def client_context(authority) -> ssl.SSLContext:
    context = ssl.create_default_context()
    authority.configure_trust(context)
    return context


def message() -> EmailMessage:
    made = EmailMessage()
    made["From"], made["To"], made["Subject"] = "no-reply@gov.nm.example", "ada@example.com", "Hi"
    made["Date"] = "Mon, 15 Jun 2026 12:00:00 +0000"
    made.set_content(f"sent {dt.date(2026, 6, 15)}")
    return made


def settings(server, authority=None, **changes) -> smtp.SmtpSettings:
    return smtp.SmtpSettings(
        **{
            "host": HOST,
            "port": server.port,
            "security": "starttls",
            "username": "portal",
            "password": "s3cret",
            "timeout": 5,
            "context": client_context(authority) if authority else None,
            **changes,
        }
    )


def test_starttls_and_auth_deliver_the_email(tls_server, authority):
    outcome = smtp.send(settings(tls_server, authority), message())
    assert outcome.sent and outcome.error is None
    [arrived] = tls_server.messages
    assert arrived["Subject"] == "Hi" and arrived.get_content().strip() == "sent 2026-06-15"


def test_a_wrong_password_is_a_failed_attempt_worth_retrying(tls_server, authority):
    outcome = smtp.send(settings(tls_server, authority, password="wrong"), message())
    assert not outcome.sent and not outcome.permanent
    assert outcome.code == 535 and outcome.error.startswith("the server answered 535")
    assert tls_server.messages == []


def test_a_certificate_the_system_does_not_trust_is_refused(tls_server):
    outcome = smtp.send(settings(tls_server), message())  # the system's authorities only
    assert not outcome.sent and outcome.error.startswith("TLS failed: ")
    assert "CERTIFICATE_VERIFY_FAILED" in outcome.error


def test_starttls_is_required_when_set_even_if_the_server_does_not_offer_it():
    plain = SmtpServer()
    try:
        outcome = smtp.send(settings(plain, username=""), message())
    finally:
        plain.stop()
    assert not outcome.sent
    assert outcome.error == (
        "the server does not offer what is needed: STARTTLS extension not supported by server."
    )
    assert plain.messages == []


def test_an_unknown_security_setting_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="use starttls .* tls .* or none"):
        smtp.SmtpSettings(host=HOST, security="ssl")
