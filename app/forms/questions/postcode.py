"""`type: postcode`: a UK postcode, stored in capitals with one space: `SW1A 1AA`."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from app.forms import answer_syntax as syntax
from app.i18n import N_, gettext

from .base import Descriptor, Invalid

if TYPE_CHECKING:
    from app.forms.definition import Page

REAL_POSTCODE = N_("Enter a real postcode")


def normalise_postcode(raw: str) -> str | None:
    """ "sw1a1aa" → "SW1A 1AA"; None when it is not a UK postcode."""
    if not syntax.matches(syntax.POSTCODE, raw):
        return None
    compact = re.sub(r"\s+", "", raw).upper()  # only ASCII letters are left to upper-case
    return f"{compact[:-3]} {compact[-3:]}"  # the inward code is always 3 characters


class Postcode(Descriptor):
    name = "postcode"
    label = "UK postcode"
    default_name, default_subject = N_("a postcode"), N_("Postcode")
    autocomplete = "postal-code"
    width = "govuk-input--width-10"
    spellcheck = False

    def normalise(self, page: Page, raw: Any, today: dt.date) -> str:
        postcode = normalise_postcode(self.text_of(page, raw))
        if postcode is None:
            raise Invalid(gettext(REAL_POSTCODE))
        return postcode

    def value_schema(self, page: Page) -> dict[str, Any]:
        return {"type": "string", "pattern": syntax.POSTCODE, "examples": ["SW1A 1AA"]}


QUESTION = Postcode()
