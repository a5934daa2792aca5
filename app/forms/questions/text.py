"""`type: text`: one line of text, trimmed, at most `max_length` characters (500 by default)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from app.i18n import N_, gettext

from .base import Descriptor, Invalid
from .json_schema import FILLED

if TYPE_CHECKING:
    from app.forms.definition import Page


class Text(Descriptor):
    name = "text"
    label = "text"
    default_name, default_subject = N_("an answer"), N_("Your answer")
    settings = frozenset({"max_length"})
    default_max_length = 500

    def max_length(self, page: Page) -> int:
        return page.max_length or self.default_max_length

    def normalise(self, page: Page, raw: Any, today: dt.date) -> str:
        text = self.text_of(page, raw).replace("\r\n", "\n")
        limit = self.max_length(page)
        if len(text) > limit:
            raise Invalid(
                gettext(
                    "%(subject)s must be %(limit)s characters or less",
                    subject=self.subject_of(page),
                    limit=limit,
                ),
                code="too_long",
            )
        return text

    def value_schema(self, page: Page) -> dict[str, Any]:
        return {"type": "string", "pattern": FILLED, "maxLength": self.max_length(page)}


QUESTION = Text()
