"""`type: radios`: one of the page's `options`, stored as its value."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from app.i18n import N_

from . import widgets
from .base import Descriptor, FieldError, Invalid

if TYPE_CHECKING:
    from app.forms.definition import Page


class Radios(Descriptor):
    name = "radios"
    label = "one of the values"
    default_name, default_subject = N_("an option"), ""
    verb = "Select"
    settings = frozenset({"options"})
    min_options = 2
    expected = "the value of one of the options, as text"
    refusal_names_answer = True
    macro = "radios"
    classes = ""  # of the group of radios

    def normalise(self, page: Page, raw: Any, today: dt.date) -> Any:
        if not isinstance(raw, str) or raw not in self.values(page):
            raise Invalid(self.required_message(page))
        return raw

    def params(self, page: Page, value: Any, errors: list[FieldError]) -> dict:
        chosen = value if isinstance(value, list) else [value]
        return {
            "name": page.id,
            "idPrefix": page.id,
            "fieldset": widgets.legend(page),
            "hint": widgets.hint(page),
            "errorMessage": widgets.error_message(errors),
            "classes": self.classes,
            "items": [
                {"value": v, **widgets.content_text(page, text), "checked": v in chosen}
                for v, text in self.choices(page)
            ],
        }

    def answer_html(self, page: Page, value: Any) -> Markup:
        return escape(dict(self.choices(page)).get(value, value))

    def value_schema(self, page: Page) -> dict[str, Any]:
        return {"enum": self.values(page)}


QUESTION = Radios()
