"""Sending one email by SMTP (the standard library's smtplib): STARTTLS or implicit TLS with the
system's certificate checks, AUTH when a user name is set, and a timeout on every network step,
so a server that hangs costs an attempt SMTP_TIMEOUT seconds, never the worker.

Whatever happens comes back as an Outcome, never an exception. A 5xx refusal of the recipient is
permanent (SMTP says retrying cannot help); every other failure (the server down or too slow, a
4xx, a refused sender or message, failed TLS or login: often a setting the operator will fix) is
worth another attempt.

The worker's transport is `send_email`: an Email (app/mail/compose.py) in, an Outcome out, as
for GOV.UK Notify (app/mail/notify.py).
"""

from __future__ import annotations

import smtplib
import ssl
import time
from dataclasses import dataclass, field
from email.message import EmailMessage

from app.outbox.queue import Outcome

from .compose import Email

SECURITY = ("starttls", "tls", "none")


@dataclass(frozen=True)
class SmtpSettings:
    """The SMTP_* settings (app/config.py). `context` verifies the server's certificate: the
    system's trusted authorities unless given (tests give their own authority's)."""

    host: str
    port: int = 587
    security: str = "starttls"
    username: str = ""
    password: str = field(default="", repr=False)
    timeout: float = 10.0
    context: ssl.SSLContext | None = None

    def __post_init__(self) -> None:
        if self.security not in SECURITY:
            raise ValueError(
                f"SMTP_SECURITY is {self.security!r}: use starttls (port 587), tls (port 465) "
                "or none (only to a relay on this machine or its private network)"
            )


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    context = settings.context or ssl.create_default_context()
    if settings.security == "tls":
        return smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=settings.timeout, context=context
        )
    server = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    try:
        if settings.security == "starttls":
            server.ehlo()
            server.starttls(context=context)
            server.ehlo()
    except BaseException:
        server.close()
        raise
    return server


def send(settings: SmtpSettings, message: EmailMessage) -> Outcome:
    """Send `message` to its To address; the outcome, with the time it took."""
    started = time.monotonic()
    try:
        with _connect(settings) as server:
            if settings.username:
                server.login(settings.username, settings.password)
            server.send_message(message)
    except smtplib.SMTPRecipientsRefused as refused:
        code, reply = next(iter(refused.recipients.values()))
        error = f"the server refused the recipient: {code} {_text(reply)}"
        return _failed(started, error, code, permanent=code >= 500)
    except smtplib.SMTPResponseException as error:
        reply = f"the server answered {error.smtp_code} {_text(error.smtp_error)}"
        return _failed(started, reply, error.smtp_code)
    except smtplib.SMTPNotSupportedError as error:
        return _failed(started, f"the server does not offer what is needed: {error}")
    except (smtplib.SMTPException, OSError) as error:  # down, refused, timed out, TLS
        return _failed(started, _network_error(error, settings))
    return Outcome(250, None, _elapsed(started))


def send_email(settings: SmtpSettings, email: Email) -> Outcome:
    return send(settings, email.as_message())


def _failed(
    started: float, error: str, code: int | None = None, *, permanent: bool = False
) -> Outcome:
    return Outcome(code, error, _elapsed(started), permanent=permanent)


def _network_error(error: BaseException, settings: SmtpSettings) -> str:
    # smtplib turns a timeout while it waits for a reply into SMTPServerDisconnected, the
    # timeout kept as its context.
    if isinstance(error, TimeoutError) or isinstance(error.__context__, TimeoutError):
        return f"no answer within {settings.timeout:g} seconds"
    if isinstance(error, ssl.SSLError):
        return f"TLS failed: {error}"
    if isinstance(error, ConnectionRefusedError):
        return "the connection was refused: is the mail server running?"
    return f"{type(error).__name__}: {error}"


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def _elapsed(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
