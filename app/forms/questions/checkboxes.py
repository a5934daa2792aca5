"""`type: checkboxes`: any of the page's `options` (at least one unless optional), stored as a
list of their values in the options' order.

The last option may be `exclusive`: "None of these", after an "or" divider, as in the GOV.UK
Design System's checkboxes. GOV.UK Frontend's script unticks the others when it is ticked; without
JavaScript (and from the API) ticking it with another is an error, in the Design System's words:
"Select countries you will travel to, or select ‘No, I will not be travelling’"."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from app.i18n import N_, gettext

from .base import FieldError, Invalid, is_empty
from .json_schema import BLANK_TEXT
from .radios import Radios

if TYPE_CHECKING:
    from werkzeug.datastructures import MultiDict

    from app.forms.definition import Option, Page


def exclusive_option(page: Page) -> Option | None:
    return next((option for option in page.options or [] if option.exclusive), None)


class Checkboxes(Radios):
    name = "checkboxes"
    label = "a list of the values"
    default_name = N_("at least one option")
    min_options = 1
    takes_exclusive = True
    expected = "a list of the values of the options chosen"
    macro = "checkboxes"

    def required_message(self, page: Page) -> str:
        """With "None of these": "Select …, or select ‘None of these’"."""
        plain = super().required_message(page)
        none = exclusive_option(page)
        if none is None:
            return plain
        return gettext("%(message)s, or select ‘%(option)s’", message=plain, option=none.text)

    def wrong_type(self, page: Page, raw: Any) -> FieldError | None:
        if isinstance(raw, str) or (
            isinstance(raw, list) and all(isinstance(item, str) for item in raw)
        ):
            return None
        return self.refusal(page)

    def normalise(self, page: Page, raw: Any, today: dt.date) -> list[str]:
        chosen = [raw] if isinstance(raw, str) else raw
        values = self.values(page)
        if any(item not in values for item in chosen if not is_empty(item)):
            raise Invalid(self.required_message(page))
        picked = [value for value in values if value in chosen]  # options' order, once each
        none = exclusive_option(page)
        if none is not None and none.value in picked and len(picked) > 1:
            raise Invalid(self.required_message(page))
        return picked

    def posted(self, page: Page, form: MultiDict) -> list[str]:
        return [value for value in form.getlist(page.id) if value]

    def shown(self, page: Page, value: Any) -> Any:
        return [] if value is None else value

    def params(self, page: Page, value: Any, errors: list[FieldError]) -> dict:
        params = super().params(page, value, errors)
        none = exclusive_option(page)
        if none is not None:
            last = params["items"][-1]
            params["items"][-1:] = [{"divider": "or"}, {**last, "behaviour": "exclusive"}]
        return params

    def answer_html(self, page: Page, value: Any) -> Markup:
        texts = dict(self.choices(page))
        return Markup("<br>").join(escape(texts.get(v, v)) for v in value)

    def value_schema(self, page: Page) -> dict[str, Any]:
        """A list of the options ticked (blank entries ignored, each option counted once), or
        one option's value on its own; "None of these" never with another."""
        values = self.values(page)
        listed: dict[str, Any] = {
            "type": "array",
            "items": {"anyOf": [{"enum": values}, BLANK_TEXT]},
        }
        if not page.optional:
            listed["contains"] = {"enum": values}
        none = exclusive_option(page)
        if none is not None:
            others = [value for value in values if value != none.value]
            listed["not"] = {
                "allOf": [{"contains": {"const": none.value}}, {"contains": {"enum": others}}]
            }
        return {"anyOf": [listed, {"enum": values}]}

    def equals_schema(self, page: Page, value: str) -> dict[str, Any]:
        return {"anyOf": [{"type": "array", "contains": {"const": value}}, {"const": value}]}


QUESTION = Checkboxes()
