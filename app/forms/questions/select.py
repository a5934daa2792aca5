"""`type: select`: one of a long list of `options`, from a drop-down; stored as its value."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.i18n import gettext

from . import widgets
from .base import FieldError
from .radios import Radios

if TYPE_CHECKING:
    from app.forms.definition import Page


class Select(Radios):
    name = "select"
    macro = "select"

    def params(self, page: Page, value: Any, errors: list[FieldError]) -> dict:
        return {
            "id": page.id,
            "name": page.id,
            "label": widgets.label(page),
            "hint": widgets.hint(page),
            "errorMessage": widgets.error_message(errors),
            "items": [
                {"value": "", "text": gettext("Choose an option"), "selected": not value},
                *(
                    {"value": v, "text": text, "selected": v == value, **widgets.lang_of(page)}
                    for v, text in self.choices(page)
                ),
            ],
        }


QUESTION = Select()
