"""`type: yes-no`: Yes or No, side by side; stored as `yes` or `no` (the API may send true or
false)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from app.forms import answer_syntax as syntax
from app.i18n import N_, gettext

from .base import FieldError, Invalid
from .radios import Radios

if TYPE_CHECKING:
    from app.forms.definition import Page

YES_NO = [("yes", N_("Yes")), ("no", N_("No"))]


class YesNo(Radios):
    name = "yes-no"
    label = "yes or no"
    default_name, default_subject = N_("yes or no"), ""
    settings = frozenset()
    expected = '"yes" or "no"'
    classes = "govuk-radios--inline"

    def choices(self, page: Page) -> list[tuple[str, str]]:
        return [(value, gettext(text)) for value, text in YES_NO]

    def wrong_type(self, page: Page, raw: Any) -> FieldError | None:
        return None if isinstance(raw, str | bool) else self.refusal(page)

    def normalise(self, page: Page, raw: Any, today: dt.date) -> str:
        if isinstance(raw, bool):
            return "yes" if raw else "no"
        for value, pattern in (("yes", syntax.YES), ("no", syntax.NO)):
            if syntax.matches(pattern, raw):
                return value
        raise Invalid(self.required_message(page))

    def value_schema(self, page: Page) -> dict[str, Any]:
        return {
            "anyOf": [
                {"type": "boolean"},
                {"type": "string", "pattern": f"{syntax.YES}|{syntax.NO}"},
            ],
            "examples": ["yes", "no"],
        }

    def equals_schema(self, page: Page, value: str) -> dict[str, Any]:
        if value not in self.values(page):
            return super().equals_schema(page, value)
        pattern = syntax.YES if value == "yes" else syntax.NO
        return {"anyOf": [{"const": value == "yes"}, {"type": "string", "pattern": pattern}]}


QUESTION = YesNo()
