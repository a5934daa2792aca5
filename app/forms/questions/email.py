"""`type: email`: an email address, checked for its syntax only (nothing is sent to it)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from email_validator import EmailNotValidError, validate_email

from app.i18n import N_, gettext

from .base import Descriptor, Invalid

if TYPE_CHECKING:
    from app.forms.definition import Page

EMAIL_FORMAT = N_("Enter an email address in the correct format, like name@example.com")


class Email(Descriptor):
    name = "email"
    label = "email address"
    default_name, default_subject = N_("an email address"), N_("Email address")
    input_type = autocomplete = "email"
    spellcheck = False
    is_email_address = True

    def normalise(self, page: Page, raw: Any, today: dt.date) -> str:
        try:
            return validate_email(self.text_of(page, raw), check_deliverability=False).normalized
        except EmailNotValidError:
            raise Invalid(gettext(EMAIL_FORMAT)) from None

    def value_schema(self, page: Page) -> dict[str, Any]:
        return {
            "type": "string",
            "format": "email",
            "pattern": "@",
            "examples": ["name@example.com"],
        }


QUESTION = Email()
