"""`type: address`: a UK address in four inputs (line 1, line 2, town or city, postcode), stored
as `{line1, line2, town, postcode}` with the postcode normalised."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from app.forms import answer_syntax as syntax
from app.i18n import N_, gettext

from . import widgets
from .base import Descriptor, FieldError, is_empty
from .json_schema import FILLED, blank_parts
from .postcode import REAL_POSTCODE, normalise_postcode

if TYPE_CHECKING:
    from werkzeug.datastructures import MultiDict

    from app.forms.definition import Page

ADDRESS_LINE_MAX = 100
ADDRESS_PARTS = {  # part: (its label in messages, the message when it is missing)
    "line1": (
        N_("Address line 1"),
        N_("Enter address line 1, typically the building and street"),
    ),
    "line2": (N_("Address line 2"), None),
    "town": (N_("Town or city"), N_("Enter town or city")),
    "postcode": (N_("Postcode"), N_("Enter postcode")),
}
AUTOCOMPLETE = {
    "line1": "address-line1",
    "line2": "address-line2",
    "town": "address-level2",
    "postcode": "postal-code",
}
WIDTHS = {"town": "govuk-!-width-two-thirds", "postcode": "govuk-input--width-10"}


class Address(Descriptor):
    name = "address"
    label = "UK address (object)"
    default_name, default_subject = N_("an address"), N_("Address")
    expected = "an object of line1, line2, town and postcode"
    refusal_names_answer = True
    macro = "address"

    def required_message(self, page: Page) -> str:
        return gettext(ADDRESS_PARTS["line1"][1])

    def wrong_type(self, page: Page, raw: Any) -> FieldError | None:
        if isinstance(raw, str):
            return self.refusal(page) if not is_empty(raw) else None
        if not isinstance(raw, dict):
            return self.refusal(page)
        unknown = [part for part in raw if part not in ADDRESS_PARTS]
        if unknown:
            return FieldError(
                page.id,
                f"Unknown part of an address: the parts are {', '.join(ADDRESS_PARTS)}",
                (unknown[0][:100],),
            )
        return None

    def missing(self, page: Page) -> list[FieldError]:
        return self._errors(page, {})

    def check(self, page: Page, raw: Any, today: dt.date) -> tuple[Any, list[FieldError]]:
        errors = self._errors(page, raw if isinstance(raw, dict) else {})
        return (None, errors) if errors else (self._normalised(raw), [])

    def _errors(self, page: Page, raw: dict) -> list[FieldError]:
        errors = []
        for part, (label, missing) in ADDRESS_PARTS.items():
            value = raw.get(part)
            text = value.strip() if isinstance(value, str) else ""
            if value is not None and not isinstance(value, str):
                errors.append(FieldError(page.id, f"{label} must be text", (part,)))
            elif not text and missing:
                errors.append(FieldError(page.id, gettext(missing), (part,)))
            elif part == "postcode" and text and normalise_postcode(text) is None:
                errors.append(FieldError(page.id, gettext(REAL_POSTCODE), (part,)))
            elif len(text) > ADDRESS_LINE_MAX:
                errors.append(
                    FieldError(
                        page.id,
                        gettext(
                            "%(subject)s must be %(limit)s characters or less",
                            subject=gettext(label),
                            limit=ADDRESS_LINE_MAX,
                        ),
                        (part,),
                    )
                )
        return errors

    def _normalised(self, raw: dict) -> dict[str, str]:
        found = {part: (raw.get(part) or "").strip() for part in ADDRESS_PARTS}
        found["postcode"] = normalise_postcode(found["postcode"]) or ""
        return found

    def in_parts(self, raw: Any) -> bool:
        return True  # even unanswered: each missing line has its own error

    def posted(self, page: Page, form: MultiDict) -> dict[str, str]:
        return {part: form.get(f"{page.id}-{part}", "") for part in ADDRESS_PARTS}

    def shown(self, page: Page, value: Any) -> Any:
        return {} if value is None else value

    def error_href(self, page: Page, error: FieldError) -> str:
        return f"#{page.id}-{(error.parts or ('line1',))[0]}"

    def params(self, page: Page, value: Any, errors: list[FieldError]) -> dict:
        return {
            "fieldset": widgets.legend(page),
            "hint": widgets.hint(page),
            "error": bool(errors),
            "inputs": [
                {
                    "id": f"{page.id}-{part}",
                    "name": f"{page.id}-{part}",
                    "label": {
                        "text": gettext(label_text)
                        if missing
                        else gettext("%(label)s (optional)", label=gettext(label_text))
                    },
                    "value": value.get(part, ""),
                    "autocomplete": AUTOCOMPLETE[part],
                    "errorMessage": widgets.error_message(errors, part),
                    "classes": WIDTHS.get(part, ""),
                }
                for part, (label_text, missing) in ADDRESS_PARTS.items()
            ],
        }

    def answer_html(self, page: Page, value: Any) -> Markup:
        return Markup("<br>").join(escape(value[part]) for part in ADDRESS_PARTS if value[part])

    def value_schema(self, page: Page) -> dict[str, Any]:
        required = [part for part, (_label, missing) in ADDRESS_PARTS.items() if missing]
        properties: dict[str, Any] = {
            part: {"type": "string", "title": label, "maxLength": ADDRESS_LINE_MAX}
            for part, (label, _missing) in ADDRESS_PARTS.items()
        }
        for part in required:
            properties[part]["pattern"] = FILLED
        properties["postcode"]["pattern"] = syntax.POSTCODE
        return {
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }

    def blank_schemas(self) -> list[dict[str, Any]]:
        return [*super().blank_schemas(), blank_parts(ADDRESS_PARTS)]


QUESTION = Address()
