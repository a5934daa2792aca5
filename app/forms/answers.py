"""One answer to one question: is it there, is it valid, and what it is once normalised.

Error messages follow the GOV.UK Design System's wording for each component. A page's `name`
("your date of birth") completes them: "Enter your date of birth", "Date of birth must be in the
past". Without a name, each type has a general one ("Enter a date", "The date must be a real date").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from . import answer_syntax as syntax
from .definition import Page, QuestionType, condition_value

T = QuestionType
DEFAULT_MAX_LENGTH = {T.TEXT: 500, T.TEXTAREA: 5000}
ADDRESS_LINE_MAX = 100
# (the default name, the default subject of "… must be …")
DEFAULT_NAMES = {
    T.TEXT: ("an answer", "Your answer"), T.TEXTAREA: ("an answer", "Your answer"),
    T.NUMBER: ("a number", "The number"), T.EMAIL: ("an email address", "Email address"),
    T.PHONE: ("a telephone number", "Telephone number"), T.DATE: ("a date", "The date"),
    T.ADDRESS: ("an address", "Address"), T.POSTCODE: ("a postcode", "Postcode"),
    T.NATIONAL_INSURANCE_NUMBER: ("a National Insurance number", "National Insurance number"),
    T.YES_NO: ("yes or no", ""), T.RADIOS: ("an option", ""),
    T.CHECKBOXES: ("at least one option", ""), T.SELECT: ("an option", ""),
}
EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"
PHONE_FORMAT = ("Enter a telephone number, like 01632 960 001, 07700 900 982 or "
                "+44 808 157 0192")
NI_FORMAT = "Enter a National Insurance number in the correct format"
REAL_POSTCODE = "Enter a real postcode"
MONTHS = syntax.MONTH_NAMES
DATE_PARTS = ("day", "month", "year")
ADDRESS_PARTS = {  # part: (its label in messages, the message when it is missing)
    "line1": ("Address line 1", "Enter address line 1, typically the building and street"),
    "line2": ("Address line 2", None),
    "town": ("Town or city", "Enter town or city"),
    "postcode": ("Postcode", "Enter postcode"),
}


@dataclass(frozen=True)
class FieldError:
    """One problem with one answer. `parts` names the inputs of a grouped question at fault
    (day, month, year; line1, town, postcode) so a form can mark just those."""

    field: str
    message: str
    parts: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


class Invalid(Exception):
    def __init__(self, message: str, parts: tuple[str, ...] = ()):
        super().__init__(message)
        self.message, self.parts = message, parts


def is_empty(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, list | tuple):
        return all(is_empty(item) for item in raw)
    if isinstance(raw, dict):
        return all(is_empty(value) for value in raw.values())
    return False


def name_of(page: Page) -> str:
    return page.name or DEFAULT_NAMES[page.type][0]


def subject_of(page: Page) -> str:
    """The start of "… must be …": "your date of birth" → "Date of birth"."""
    if not page.name:
        return DEFAULT_NAMES[page.type][1]
    words = re.sub(r"^(your|a|an) ", "", page.name)
    return words[:1].upper() + words[1:]


def required_message(page: Page) -> str:
    if page.type is T.ADDRESS:
        return ADDRESS_PARTS["line1"][1]
    verb = "Select" if page.type in (T.YES_NO, T.RADIOS, T.CHECKBOXES, T.SELECT) else "Enter"
    return f"{verb} {name_of(page)}"


# What each type's answer must be, in a message naming the JSON type expected (only the API can
# send another type: the pages post text, in the shape each question's inputs give).
EXPECTED = {
    T.NUMBER: "a number", T.DATE: 'a date, like "2007-03-27"',
    T.ADDRESS: "an object of line1, line2, town and postcode",
    T.YES_NO: '"yes" or "no"', T.RADIOS: "the value of one of the options, as text",
    T.SELECT: "the value of one of the options, as text",
    T.CHECKBOXES: "a list of the values of the options chosen",
}
WHOLE_NUMBER = re.compile(syntax.WHOLE_NUMBER)
DECIMAL_NUMBER = re.compile(syntax.DECIMAL_NUMBER)
ASCII_DIGITS = re.compile("[0-9]+")


def wrong_type(page: Page, raw: Any) -> FieldError | None:
    """An answer of a JSON type its question never takes (a list for a text question, true for
    a number): refused before anything is read from it, never turned into text."""
    if raw is None:
        return None
    kind, problem = page.type, None
    if isinstance(raw, str):
        problem = kind is T.ADDRESS and not is_empty(raw)
    elif kind is T.NUMBER:
        problem = isinstance(raw, bool) or not isinstance(raw, int | float)
    elif kind is T.YES_NO:
        problem = not isinstance(raw, bool)
    elif kind is T.CHECKBOXES:
        problem = not isinstance(raw, list) or not all(isinstance(item, str) for item in raw)
    elif kind is T.DATE and isinstance(raw, dict):
        return _date_part_problem(page, raw)
    elif kind is T.ADDRESS and isinstance(raw, dict):
        unknown = [part for part in raw if part not in ADDRESS_PARTS]
        if unknown:
            return FieldError(page.id, "Unknown part of an address: the parts are "
                                       f"{', '.join(ADDRESS_PARTS)}", (unknown[0][:100],))
        return None
    else:
        problem = True
    if not problem:
        return None
    subject = "The answer" if kind in EXPECTED and kind is not T.NUMBER else subject_of(page)
    return FieldError(page.id, f"{subject} must be {EXPECTED.get(kind, 'text')}")


def _date_part_problem(page: Page, raw: dict) -> FieldError | None:
    for part, value in raw.items():
        if part not in DATE_PARTS:
            return FieldError(page.id, "Unknown part of a date: the parts are day, month and "
                                       "year", (part[:100],))
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            return FieldError(page.id, f"The {part} must be a whole number or text", (part,))
    return None


def check_answer(page: Page, raw: Any, today: dt.date) -> tuple[Any, list[FieldError]]:
    """(normalised answer or None when unanswered, errors)."""
    if (problem := wrong_type(page, raw)) is not None:
        return None, [problem]
    if is_empty(raw):
        if page.optional:
            return None, []
        if page.type is T.ADDRESS:
            return None, _address_errors(page, {})
        return None, [FieldError(page.id, required_message(page), _all_parts(page))]
    if page.type is T.ADDRESS:
        errors = _address_errors(page, raw if isinstance(raw, dict) else {})
        return (None, errors) if errors else (_address(raw), [])
    try:
        return NORMALISERS[page.type](page, raw, today), []
    except Invalid as exc:
        return None, [FieldError(page.id, exc.message, exc.parts)]


def _all_parts(page: Page) -> tuple[str, ...]:
    return DATE_PARTS if page.type is T.DATE else ()


def _text_of(page: Page, raw: Any) -> str:
    if not isinstance(raw, str):  # wrong_type() has refused every other type already
        raise Invalid(required_message(page))
    return raw.strip()


def _text(page: Page, raw: Any, _today: dt.date) -> str:
    text = _text_of(page, raw).replace("\r\n", "\n")
    limit = page.max_length or DEFAULT_MAX_LENGTH[page.type]
    if len(text) > limit:
        raise Invalid(f"{subject_of(page)} must be {limit} characters or less")
    return text


MAX_NUMBER_DIGITS = 15  # whole-number digits: more than any count or amount a form asks for


def _number(page: Page, raw: Any, _today: dt.date) -> int | float:
    number = _decimal_of(page, raw)
    if not page.decimals and number != number.to_integral_value():
        raise Invalid(f"{subject_of(page)} must be a whole number")
    if number.adjusted() >= MAX_NUMBER_DIGITS:
        # Checked before any arithmetic: "1e999999" would otherwise become a million-digit int.
        raise Invalid(f"{subject_of(page)} must be less than {10 ** MAX_NUMBER_DIGITS:,}")
    low, high = page.min, page.max
    if (low is not None and number < low) or (high is not None and number > high):
        if low is not None and high is not None:
            raise Invalid(f"{subject_of(page)} must be between {low} and {high}")
        raise Invalid(f"{subject_of(page)} must be {low} or more" if low is not None
                      else f"{subject_of(page)} must be {high} or less")
    return int(number) if number == number.to_integral_value() else float(number)


def _decimal_of(page: Page, raw: Any) -> Decimal:
    """The number in a JSON number, or in text as GOV.UK asks for it (syntax.WHOLE_NUMBER,
    syntax.DECIMAL_NUMBER); never what else Python's Decimal would read ("1e1", "1_0", "٣")."""
    if isinstance(raw, str):
        text = raw.strip()
        if (DECIMAL_NUMBER if page.decimals else WHOLE_NUMBER).fullmatch(text) is None:
            whole = not page.decimals and DECIMAL_NUMBER.fullmatch(text) is not None
            raise Invalid(f"{subject_of(page)} must be a "
                          f"{'whole number' if whole else 'number'}")
        return Decimal(text.translate(str.maketrans("", "", syntax.THOUSANDS)))
    try:
        number = Decimal(raw)  # an int, or a float from JSON: exactly its value
    except (InvalidOperation, TypeError, ValueError):
        number = None
    if number is None or not number.is_finite():  # 1e400 in JSON reads as infinity
        raise Invalid(f"{subject_of(page)} must be a number")
    return number


def _email(page: Page, raw: Any, _today: dt.date) -> str:
    try:
        return validate_email(_text_of(page, raw), check_deliverability=False).normalized
    except EmailNotValidError:
        raise Invalid(EMAIL_FORMAT) from None


def _phone(page: Page, raw: Any, _today: dt.date) -> str:
    """E.164 (+441632960001). UK numbers of the right length are accepted even where the
    numbering plan reserves them for examples, as GOV.UK's own example numbers are."""
    try:
        number = phonenumbers.parse(_text_of(page, raw), "GB")
    except phonenumbers.NumberParseException:
        raise Invalid(PHONE_FORMAT) from None
    uk_length = (number.country_code == 44 and len(str(number.national_number)) in (9, 10)
                 and phonenumbers.is_possible_number(number))
    if not (uk_length or phonenumbers.is_valid_number(number)):
        raise Invalid(PHONE_FORMAT)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_postcode(raw: str) -> str | None:
    """"sw1a1aa" → "SW1A 1AA"; None when it is not a UK postcode."""
    if not syntax.matches(syntax.POSTCODE, raw):
        return None
    compact = re.sub(r"\s+", "", raw).upper()  # only ASCII letters are left to upper-case
    return f"{compact[:-3]} {compact[-3:]}"  # the inward code is always 3 characters


def _postcode(page: Page, raw: Any, _today: dt.date) -> str:
    postcode = normalise_postcode(_text_of(page, raw))
    if postcode is None:
        raise Invalid(REAL_POSTCODE)
    return postcode


def _ni_number(page: Page, raw: Any, _today: dt.date) -> str:
    text = _text_of(page, raw)
    if not syntax.matches(syntax.NI_NUMBER, text):
        raise Invalid(NI_FORMAT)
    compact = re.sub(r"[\s-]+", "", text).upper()
    return f"{compact[:2]} {compact[2:4]} {compact[4:6]} {compact[6:8]} {compact[8]}"


def _date_parts(page: Page, raw: Any) -> dict[str, str]:
    if isinstance(raw, dict):
        return {part: _part_text(raw.get(part)) for part in DATE_PARTS}
    if not isinstance(raw, str) or not syntax.matches(syntax.ISO_DATE, raw):
        raise Invalid(f"{subject_of(page)} must be a real date", DATE_PARTS)
    return dict(zip(("year", "month", "day"), raw.split("-"), strict=True))


def _part_text(value: str | int | float | None) -> str:
    """A part of a date as text: a JSON 3 or 3.0 is "3"; 3.5 stays "3.5", which is refused."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value if value is not None else "").strip()


def _date(page: Page, raw: Any, today: dt.date) -> str:
    parts, subject = _date_parts(page, raw), subject_of(page)
    missing = tuple(part for part in DATE_PARTS if not parts[part])
    if missing:
        raise Invalid(f"{subject} must include a {' and '.join(missing)}", missing)
    named = parts["month"]  # a month's name: only ASCII letters lower-case to one
    month = MONTHS.get(named.lower(), named) if named.isascii() else named
    bad = tuple(part for part, value in (("day", parts["day"]), ("month", str(month)),
                                         ("year", parts["year"]))
                if not ASCII_DIGITS.fullmatch(value))
    if bad:
        raise Invalid(f"{subject} must be a real date", bad)
    if len(parts["year"]) != 4:
        raise Invalid("Year must include 4 numbers", ("year",))
    try:
        date = dt.date(int(parts["year"]), int(month), int(parts["day"]))
    except ValueError:
        raise Invalid(f"{subject} must be a real date", DATE_PARTS) from None
    if page.past and date >= today:
        raise Invalid(f"{subject} must be in the past", DATE_PARTS)
    if page.future and date <= today:
        raise Invalid(f"{subject} must be in the future", DATE_PARTS)
    return date.isoformat()


def _address_errors(page: Page, raw: dict) -> list[FieldError]:
    errors = []
    for part, (label, missing) in ADDRESS_PARTS.items():
        value = raw.get(part)
        text = value.strip() if isinstance(value, str) else ""
        if value is not None and not isinstance(value, str):
            errors.append(FieldError(page.id, f"{label} must be text", (part,)))
        elif not text and missing:
            errors.append(FieldError(page.id, missing, (part,)))
        elif part == "postcode" and text and normalise_postcode(text) is None:
            errors.append(FieldError(page.id, REAL_POSTCODE, (part,)))
        elif len(text) > ADDRESS_LINE_MAX:
            errors.append(FieldError(page.id, f"{label} must be {ADDRESS_LINE_MAX} characters "
                                              "or less", (part,)))
    return errors


def _address(raw: dict) -> dict[str, str]:
    found = {part: (raw.get(part) or "").strip() for part in ADDRESS_PARTS}
    found["postcode"] = normalise_postcode(found["postcode"]) or ""
    return found


def _yes_no(page: Page, raw: Any, _today: dt.date) -> str:
    if isinstance(raw, bool):
        return condition_value(raw)
    for value, pattern in (("yes", syntax.YES), ("no", syntax.NO)):
        if syntax.matches(pattern, raw):
            return value
    raise Invalid(required_message(page))


def _choice(page: Page, raw: Any, _today: dt.date) -> str:
    if not isinstance(raw, str) or raw not in page.option_values():
        raise Invalid(required_message(page))
    return raw


def _choices(page: Page, raw: Any, _today: dt.date) -> list[str]:
    chosen = [raw] if isinstance(raw, str) else raw
    values = page.option_values()
    if any(item not in values for item in chosen if not is_empty(item)):
        raise Invalid(required_message(page))
    return [value for value in values if value in chosen]  # in the options' order, once each


NORMALISERS = {
    T.TEXT: _text, T.TEXTAREA: _text, T.NUMBER: _number, T.EMAIL: _email, T.PHONE: _phone,
    T.DATE: _date, T.POSTCODE: _postcode, T.NATIONAL_INSURANCE_NUMBER: _ni_number,
    T.YES_NO: _yes_no, T.RADIOS: _choice, T.SELECT: _choice, T.CHECKBOXES: _choices,
}
