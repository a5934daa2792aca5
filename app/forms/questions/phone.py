"""`type: phone`: a UK telephone number, or any with its country code, stored as E.164."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import phonenumbers

from app.i18n import N_, gettext

from .base import Descriptor, Invalid
from .json_schema import FILLED

if TYPE_CHECKING:
    from app.forms.definition import Page

PHONE_FORMAT = N_("Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192")


class Phone(Descriptor):
    name = "phone"
    label = "telephone number"
    default_name, default_subject = N_("a telephone number"), N_("Telephone number")
    input_type = autocomplete = "tel"
    width = "govuk-input--width-20"

    def normalise(self, page: Page, raw: Any, today: dt.date) -> str:
        """E.164 (+441632960001). UK numbers of the right length are accepted even where the
        numbering plan reserves them for examples, as GOV.UK's own example numbers are."""
        try:
            number = phonenumbers.parse(self.text_of(page, raw), "GB")
        except phonenumbers.NumberParseException:
            raise Invalid(gettext(PHONE_FORMAT)) from None
        uk_length = (
            number.country_code == 44
            and len(str(number.national_number)) in (9, 10)
            and phonenumbers.is_possible_number(number)
        )
        if not (uk_length or phonenumbers.is_valid_number(number)):
            raise Invalid(gettext(PHONE_FORMAT))
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def value_schema(self, page: Page) -> dict[str, Any]:
        return {
            "type": "string",
            "pattern": FILLED,
            "examples": ["01632 960 001", "+44 808 157 0192"],
            "$comment": "a UK number, or any number with its country code",
        }


QUESTION = Phone()
