"""`type: number`: a whole number, or with `decimals: true` a decimal one, between `min` and `max`,
as a JSON number or as text the way GOV.UK asks for numbers."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from app.dates import format_number
from app.forms import answer_syntax as syntax
from app.i18n import N_, gettext

from .base import Descriptor, FieldError, Invalid

if TYPE_CHECKING:
    from app.forms.definition import Page

MAX_NUMBER_DIGITS = 15  # whole-number digits: more than any count or amount a form asks for
LARGEST = 10**MAX_NUMBER_DIGITS  # no number reaches it, either way
WHOLE_NUMBER = re.compile(syntax.WHOLE_NUMBER)
DECIMAL_NUMBER = re.compile(syntax.DECIMAL_NUMBER)


class Number(Descriptor):
    name = "number"
    label = "number"
    default_name, default_subject = N_("a number"), N_("The number")
    settings = frozenset({"min", "max", "decimals"})
    expected = "a number"
    width = "govuk-input--width-5"
    inputmode = "numeric"

    def wrong_type(self, page: Page, raw: Any) -> FieldError | None:
        if isinstance(raw, str) or (not isinstance(raw, bool) and isinstance(raw, int | float)):
            return None
        return self.refusal(page)

    def normalise(self, page: Page, raw: Any, today: dt.date) -> int | float:
        number = self._decimal_of(page, raw)
        subject = self.subject_of(page)
        if not page.decimals and number != number.to_integral_value():
            raise Invalid(gettext("%(subject)s must be a whole number", subject=subject))
        if number.adjusted() >= MAX_NUMBER_DIGITS:
            # Checked before any arithmetic: "1e999999" would otherwise become a million-digit int.
            raise Invalid(
                gettext(
                    "%(subject)s must be less than %(limit)s",
                    subject=subject,
                    limit=format_number(10**MAX_NUMBER_DIGITS),
                )
            )
        low, high = page.min, page.max
        if (low is not None and number < low) or (high is not None and number > high):
            if low is not None and high is not None:
                raise Invalid(
                    gettext(
                        "%(subject)s must be between %(low)s and %(high)s",
                        subject=subject,
                        low=low,
                        high=high,
                    )
                )
            raise Invalid(
                gettext("%(subject)s must be %(low)s or more", subject=subject, low=low)
                if low is not None
                else gettext("%(subject)s must be %(high)s or less", subject=subject, high=high)
            )
        return int(number) if number == number.to_integral_value() else float(number)

    def _decimal_of(self, page: Page, raw: Any) -> Decimal:
        """The number in a JSON number, or in text as GOV.UK asks for it (syntax.WHOLE_NUMBER,
        syntax.DECIMAL_NUMBER); never what else Python's Decimal would read ("1e1", "1_0", "٣")."""
        if isinstance(raw, str):
            text = raw.strip()
            if (DECIMAL_NUMBER if page.decimals else WHOLE_NUMBER).fullmatch(text) is None:
                whole = not page.decimals and DECIMAL_NUMBER.fullmatch(text) is not None
                message = (
                    N_("%(subject)s must be a whole number")
                    if whole
                    else N_("%(subject)s must be a number")
                )
                raise Invalid(gettext(message, subject=self.subject_of(page)))
            return Decimal(text.translate(str.maketrans("", "", syntax.THOUSANDS)))
        try:
            number = Decimal(raw)  # an int, or a float from JSON: exactly its value
        except (InvalidOperation, TypeError, ValueError):
            number = None
        if number is None or not number.is_finite():  # 1e400 in JSON reads as infinity
            raise Invalid(gettext("%(subject)s must be a number", subject=self.subject_of(page)))
        return number

    def setting_problems(self, page: Page) -> list[tuple[tuple, str]]:
        if page.min is not None and page.max is not None and page.min > page.max:
            return [(("max",), "`max` is less than `min`: check the numbers")]
        return []

    def value_schema(self, page: Page) -> dict[str, Any]:
        """A JSON number (an integer unless the question takes decimals), or text as GOV.UK
        asks for a number; text is held to the same limits by the engine."""
        number: dict[str, Any] = {
            "type": "number" if page.decimals else "integer",
            "exclusiveMinimum": -LARGEST,
            "exclusiveMaximum": LARGEST,
        }
        if page.min is not None:
            number["minimum"] = page.min
        if page.max is not None:
            number["maximum"] = page.max
        pattern = syntax.DECIMAL_NUMBER if page.decimals else syntax.WHOLE_NUMBER
        return {
            "anyOf": [
                number,
                {
                    "type": "string",
                    "pattern": pattern,
                    "$comment": "a number as text: the same limits apply",
                },
            ]
        }

    def equals_schema(self, page: Page, value: str) -> dict[str, Any]:
        """The engine compares a number's normalised answer as text (`3`, `2.5`): the route
        value must be written so, and then a JSON number or text with that value matches."""
        try:
            number = Decimal(value)
        except InvalidOperation:
            return {"not": {}}  # a number never equals this: the route never matches
        whole = number.is_finite() and number == number.to_integral_value()
        if not number.is_finite() or value != (str(int(number)) if whole else repr(float(value))):
            return {"not": {}}
        sign = r"[+-]?" if number == 0 else "-" if number < 0 else r"\+?"
        integer, _point, fraction = format(abs(number), "f").partition(".")
        digits = "[, ]?".join(integer.lstrip("0"))
        fraction = fraction.rstrip("0")
        tail = rf"\.{fraction}0*" if fraction else r"(?:\.0*)?"
        pattern = f"^{syntax.SPACE}*{sign}[0, ]*{digits}{tail}{syntax.SPACE}*$"
        return {
            "anyOf": [
                {"const": int(number) if whole else float(value)},
                {"type": "string", "pattern": pattern},
            ]
        }


QUESTION = Number()
