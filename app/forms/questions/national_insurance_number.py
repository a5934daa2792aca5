"""`type: national-insurance-number`: stored as `QQ 12 34 56 C`."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from app.forms import answer_syntax as syntax
from app.i18n import N_, gettext

from .base import Descriptor, Invalid

if TYPE_CHECKING:
    from app.forms.definition import Page

NI_FORMAT = N_("Enter a National Insurance number in the correct format")


class NationalInsuranceNumber(Descriptor):
    name = "national-insurance-number"
    label = "National Insurance number"
    default_name, default_subject = (
        N_("a National Insurance number"),
        N_("National Insurance number"),
    )
    width = "govuk-input--width-10"
    spellcheck = False

    def normalise(self, page: Page, raw: Any, today: dt.date) -> str:
        text = self.text_of(page, raw)
        if not syntax.matches(syntax.NI_NUMBER, text):
            raise Invalid(gettext(NI_FORMAT))
        compact = re.sub(r"[\s-]+", "", text).upper()
        return f"{compact[:2]} {compact[2:4]} {compact[4:6]} {compact[6:8]} {compact[8]}"

    def value_schema(self, page: Page) -> dict[str, Any]:
        return {"type": "string", "pattern": syntax.NI_NUMBER, "examples": ["AB 12 34 56 C"]}


QUESTION = NationalInsuranceNumber()
