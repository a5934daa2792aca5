"""`type: date`: day, month and year in three inputs (a month also by its name), or in the API
`YYYY-MM-DD`; with `past` or `future`, before or after today. Stored as `YYYY-MM-DD`."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from app.dates import format_date
from app.forms import answer_syntax as syntax
from app.i18n import N_, gettext

from . import widgets
from .base import Descriptor, FieldError, Invalid
from .json_schema import blank_parts

if TYPE_CHECKING:
    from werkzeug.datastructures import MultiDict

    from app.forms.definition import Page

DATE_PARTS = ("day", "month", "year")
# The parts as messages name them ("must include a day and month")
N_("day"), N_("month"), N_("year")
MONTHS = syntax.MONTH_NAMES
ASCII_DIGITS = re.compile("[0-9]+")


class Date(Descriptor):
    name = "date"
    label = "date (YYYY-MM-DD)"
    default_name, default_subject = N_("a date"), N_("The date")
    settings = frozenset({"past", "future"})
    expected = 'a date, like "2007-03-27"'
    refusal_names_answer = True
    missing_parts = DATE_PARTS
    macro = "date"

    def wrong_type(self, page: Page, raw: Any) -> FieldError | None:
        if isinstance(raw, str):
            return None
        if not isinstance(raw, dict):
            return self.refusal(page)
        for part, value in raw.items():
            if part not in DATE_PARTS:
                return FieldError(
                    page.id,
                    "Unknown part of a date: the parts are day, month and year",
                    (part[:100],),
                )
            if isinstance(value, bool) or not isinstance(value, str | int | float):
                return FieldError(page.id, f"The {part} must be a whole number or text", (part,))
        return None

    def normalise(self, page: Page, raw: Any, today: dt.date) -> str:
        parts, subject = self._parts(page, raw), self.subject_of(page)
        missing = tuple(part for part in DATE_PARTS if not parts[part])
        if missing:
            conjunction = gettext("and")
            names = f" {conjunction} ".join(gettext(part) for part in missing)
            raise Invalid(
                gettext("%(subject)s must include a %(parts)s", subject=subject, parts=names),
                missing,
            )
        named = parts["month"]  # a month's name: only ASCII letters lower-case to one
        month = MONTHS.get(named.lower(), named) if named.isascii() else named
        bad = tuple(
            part
            for part, value in (
                ("day", parts["day"]),
                ("month", str(month)),
                ("year", parts["year"]),
            )
            if not ASCII_DIGITS.fullmatch(value)
        )
        if bad:
            raise Invalid(gettext("%(subject)s must be a real date", subject=subject), bad)
        if len(parts["year"]) != 4:
            raise Invalid(gettext("Year must include 4 numbers"), ("year",))
        try:
            date = dt.date(int(parts["year"]), int(month), int(parts["day"]))
        except ValueError:
            raise Invalid(
                gettext("%(subject)s must be a real date", subject=subject), DATE_PARTS
            ) from None
        if page.past and date >= today:
            raise Invalid(gettext("%(subject)s must be in the past", subject=subject), DATE_PARTS)
        if page.future and date <= today:
            raise Invalid(gettext("%(subject)s must be in the future", subject=subject), DATE_PARTS)
        return date.isoformat()

    def _parts(self, page: Page, raw: Any) -> dict[str, str]:
        if isinstance(raw, dict):
            return {part: _part_text(raw.get(part)) for part in DATE_PARTS}
        if not isinstance(raw, str) or not syntax.matches(syntax.ISO_DATE, raw):
            subject = self.subject_of(page)
            raise Invalid(gettext("%(subject)s must be a real date", subject=subject), DATE_PARTS)
        return dict(zip(("year", "month", "day"), raw.split("-"), strict=True))

    def setting_problems(self, page: Page) -> list[tuple[tuple, str]]:
        if page.past and page.future:
            return [
                (
                    ("future",),
                    "a date cannot have to be both in the past and in the "
                    "future: keep `past` or `future`",
                )
            ]
        return []

    def posted(self, page: Page, form: MultiDict) -> dict[str, str]:
        return {part: form.get(f"{page.id}-{part}", "") for part in DATE_PARTS}

    def shown(self, page: Page, value: Any) -> Any:
        if value is None:
            return {}
        if isinstance(value, str):
            year, month, day = value.split("-")
            return {"day": str(int(day)), "month": str(int(month)), "year": year}
        return value

    def error_href(self, page: Page, error: FieldError) -> str:
        return f"#{page.id}-{(error.parts or DATE_PARTS)[0]}"

    def params(self, page: Page, value: Any, errors: list[FieldError]) -> dict:
        bday = page.autocomplete == "bday"
        wrong = {part for e in errors for part in (e.parts or DATE_PARTS)}
        return {
            "id": page.id,
            "namePrefix": page.id,
            "fieldset": widgets.legend(page),
            "hint": widgets.hint(page),
            "errorMessage": widgets.error_message(errors),
            "items": [
                {
                    "name": part,
                    "value": value.get(part, ""),
                    "classes": (
                        "govuk-input--width-4" if part == "year" else "govuk-input--width-2"
                    )
                    + (" govuk-input--error" if part in wrong else ""),
                    **({"autocomplete": f"bday-{part}"} if bday else {}),
                }
                for part in DATE_PARTS
            ],
        }

    def answer_html(self, page: Page, value: Any) -> Markup:
        year, month, day = (int(part) for part in value.split("-"))
        return escape(format_date(dt.date(year, month, day)))

    def value_schema(self, page: Page) -> dict[str, Any]:
        when = " in the past" if page.past else " in the future" if page.future else ""
        return {
            "anyOf": [
                {"type": "string", "format": "date", "pattern": syntax.ISO_DATE},
                _parts_schema(),
            ],
            "$comment": f"YYYY-MM-DD (or day, month and year), a real date{when}",
            "examples": ["2007-03-27"],
        }

    def blank_schemas(self) -> list[dict[str, Any]]:
        return [*super().blank_schemas(), blank_parts(DATE_PARTS)]


def _part_text(value: str | int | float | None) -> str:
    """A part of a date as text: a JSON 3 or 3.0 is "3"; 3.5 stays "3.5", which is refused."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value if value is not None else "").strip()


def _parts_schema() -> dict[str, Any]:
    """{day, month, year}, as the date's three inputs give them: numbers, or text (a month also
    by its name)."""

    def part(low: int, high: int, pattern: str) -> dict[str, Any]:
        return {
            "anyOf": [
                {"type": "integer", "minimum": low, "maximum": high},
                {"type": "string", "pattern": pattern},
            ]
        }

    return {
        "type": "object",
        "required": list(DATE_PARTS),
        "additionalProperties": False,
        "properties": {
            "day": part(1, 31, syntax.DAY),
            "month": part(1, 12, syntax.MONTH),
            "year": part(1000, 9999, syntax.YEAR),
        },
    }


QUESTION = Date()
