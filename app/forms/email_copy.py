""" "Send me a copy of my answers" on the check answers page: a checkbox that reveals an email
address field (the GOV.UK conditional reveal: without JavaScript the field is simply shown).
Offered when the service sends email (app/mail) and the form's `emails.copy_of_answers` is on.
The address is checked here and handed to the mail outbox only; never stored with the answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from flask import current_app

from app.i18n import N_, gettext
from app.mail import mail_enabled
from app.mail.outbox import MailRequest

from .definition import FormDefinition
from .questions.email import EMAIL_FORMAT

WANTED, ADDRESS = "send-copy", "copy-email"
MISSING = N_("Enter the email address to send a copy of your answers to")
MAX_LENGTH = 320  # the longest address a mailbox can have (RFC 3696's errata)


@dataclass(frozen=True)
class CopyChoice:
    """What the citizen chose: a copy or not, the address as typed (or normalised), an error."""

    wanted: bool = False
    address: str = ""
    error: str | None = None

    def mail_request(self) -> MailRequest:
        return MailRequest(copy_to=self.address if self.wanted else None)

    def error_list(self) -> list[dict[str, str]]:
        return [{"text": self.error, "href": f"#{ADDRESS}"}] if self.error else []


def mail_on() -> bool:
    return mail_enabled(current_app.config)


def offered(form: FormDefinition) -> bool:
    return mail_on() and form.emails.copy_of_answers


def read(posted) -> CopyChoice:
    """The choice from the posted check answers page."""
    typed = posted.get(ADDRESS, "").strip()
    if posted.get(WANTED) != "yes":
        return CopyChoice()
    if not typed:
        return CopyChoice(True, typed, gettext(MISSING))
    address = normalised(typed)
    if address is None:
        return CopyChoice(True, typed, gettext(EMAIL_FORMAT))
    return CopyChoice(True, address)


def normalised(typed: str) -> str | None:
    """An address as mail is sent to it, or None when what was typed cannot be one."""
    try:
        if len(typed) > MAX_LENGTH:
            raise EmailNotValidError(typed)
        return validate_email(typed, check_deliverability=False).normalized
    except EmailNotValidError:
        return None
