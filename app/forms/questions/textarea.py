"""`type: textarea`: several lines of text, with a character count (5000 by default)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from .base import FieldError
from .text import Text

if TYPE_CHECKING:
    from app.forms.definition import Page


class Textarea(Text):
    name = "textarea"
    label = "long text"
    default_max_length = 5000
    macro = "character_count"

    def params(self, page: Page, value: Any, errors: list[FieldError]) -> dict:
        return {**super().params(page, value, errors), "maxlength": self.max_length(page)}

    def answer_html(self, page: Page, value: Any) -> Markup:
        return Markup("<br>").join(escape(line) for line in str(value).split("\n"))


QUESTION = Textarea()
