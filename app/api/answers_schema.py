"""The JSON Schema (2020-12) of a form's answers, made from its definition: what
`GET /api/v1/forms/<id>/schema` returns, so that agencies can check answers before they send them.

It allows exactly the answers the engine (app/forms/answers.py) accepts: every JSON type and
every shape of text, with the same regular expressions (app/forms/answer_syntax.py). What a JSON
Schema cannot say is left to the engine and listed in docs/api.md (EXTRA_RULES): a date that is
real in its month and in the past or future, an email address's and a telephone number's syntax,
the limits on a number given as text; and the engine counts a text's length after trimming it, so
the schema's maxLength may refuse a text padded with spaces that the engine takes.

Routes decide which questions are asked, so which answers are required depends on earlier
answers: every path through the form becomes one branch of an `anyOf`, requiring the pages on
that path and the answers that send a citizen down it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from app.forms import answer_syntax as syntax
from app.forms.answers import (
    ADDRESS_LINE_MAX,
    ADDRESS_PARTS,
    DATE_PARTS,
    DEFAULT_MAX_LENGTH,
    MAX_NUMBER_DIGITS,
)
from app.forms.definition import FormDefinition, Page, QuestionType, Route

T = QuestionType
DIALECT = "https://json-schema.org/draft/2020-12/schema"
# Beyond this many paths a form's branches are not spelt out: only the pages every path asks are
# required (the engine still checks the rest).
MAX_PATHS = 256
LARGEST = 10 ** MAX_NUMBER_DIGITS  # no number reaches it, either way
# What every question takes as "no answer": null or text of nothing but spaces.
BLANK = {"type": ["null", "string"], "pattern": syntax.BLANK}
BLANK_TEXT = {"type": "string", "pattern": syntax.BLANK}
FILLED = syntax.NOT_BLANK  # searched for: text with something in it


def answers_schema(form: FormDefinition, schema_id: str | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"$schema": DIALECT}
    if schema_id:
        schema["$id"] = schema_id
    schema.update({
        "title": f"Answers to {form.title} (version {form.version})",
        "description": "The answers of one submission, by question (page) id. Answers to "
                       "questions a route skips are ignored.",
        "type": "object",
        "properties": {page.id: page_schema(page) for page in form.pages},
        "additionalProperties": False,
    })
    paths = form_paths(form)
    if paths is None:
        schema["required"] = [page.id for page in form.pages
                              if not page.optional and not _skippable(form, page)]
        return schema
    always = [page.id for page in form.pages
              if not page.optional and all(page.id in path.pages for path in paths)]
    if always:
        schema["required"] = always
    branches = [_branch(form, path, set(always)) for path in paths]
    if len(branches) > 1:
        schema["anyOf"] = branches
    return schema


def page_schema(page: Page) -> dict[str, Any]:
    """One answer's schema: its type, with the question as title and the hint as description.
    An optional question may also be left blank (null, or only spaces)."""
    about: dict[str, Any] = {"title": page.question}
    if page.hint:
        about["description"] = page.hint
    value = _value_schema(page)
    if page.optional:
        value = {"anyOf": [*_blank(page), value]}
    return {**about, **value}


def _blank(page: Page) -> list[dict[str, Any]]:
    """The answers that leave `page` unanswered: null, blank text, inputs all left blank."""
    blank: list[dict[str, Any]] = [BLANK]
    parts = ADDRESS_PARTS if page.type is T.ADDRESS else DATE_PARTS if page.type is T.DATE else ()
    if parts:
        blank.append({"type": "object", "properties": {part: BLANK_TEXT for part in parts},
                      "additionalProperties": False})
    return blank


def _value_schema(page: Page) -> dict[str, Any]:
    kind = page.type
    if kind in (T.TEXT, T.TEXTAREA):
        return {"type": "string", "pattern": FILLED,
                "maxLength": page.max_length or DEFAULT_MAX_LENGTH[kind]}
    if kind is T.NUMBER:
        return _number_schema(page)
    if kind is T.EMAIL:
        return {"type": "string", "format": "email", "pattern": "@",
                "examples": ["name@example.com"]}
    if kind is T.PHONE:
        return {"type": "string", "pattern": FILLED,
                "examples": ["01632 960 001", "+44 808 157 0192"],
                "$comment": "a UK number, or any number with its country code"}
    if kind is T.DATE:
        when = " in the past" if page.past else " in the future" if page.future else ""
        return {"anyOf": [{"type": "string", "format": "date", "pattern": syntax.ISO_DATE},
                          _date_parts_schema()],
                "$comment": f"YYYY-MM-DD (or day, month and year), a real date{when}",
                "examples": ["2007-03-27"]}
    if kind is T.ADDRESS:
        return _address_schema()
    if kind is T.POSTCODE:
        return {"type": "string", "pattern": syntax.POSTCODE, "examples": ["SW1A 1AA"]}
    if kind is T.NATIONAL_INSURANCE_NUMBER:
        return {"type": "string", "pattern": syntax.NI_NUMBER, "examples": ["AB 12 34 56 C"]}
    if kind is T.YES_NO:
        return {"anyOf": [{"type": "boolean"},
                          {"type": "string", "pattern": f"{syntax.YES}|{syntax.NO}"}],
                "examples": ["yes", "no"]}
    if kind is T.CHECKBOXES:
        return _checkboxes_schema(page)
    return {"enum": page.option_values()}  # radios, select


def _number_schema(page: Page) -> dict[str, Any]:
    """A JSON number (an integer unless the question takes decimals), or text as GOV.UK asks
    for a number; text is held to the same limits by the engine."""
    number: dict[str, Any] = {"type": "number" if page.decimals else "integer",
                              "exclusiveMinimum": -LARGEST, "exclusiveMaximum": LARGEST}
    if page.min is not None:
        number["minimum"] = page.min
    if page.max is not None:
        number["maximum"] = page.max
    pattern = syntax.DECIMAL_NUMBER if page.decimals else syntax.WHOLE_NUMBER
    return {"anyOf": [number, {"type": "string", "pattern": pattern,
                               "$comment": "a number as text: the same limits apply"}]}


def _date_parts_schema() -> dict[str, Any]:
    """{day, month, year}, as the date's three inputs give them: numbers, or text (a month also
    by its name)."""
    def part(low: int, high: int, pattern: str) -> dict[str, Any]:
        return {"anyOf": [{"type": "integer", "minimum": low, "maximum": high},
                          {"type": "string", "pattern": pattern}]}

    return {"type": "object", "required": list(DATE_PARTS), "additionalProperties": False,
            "properties": {"day": part(1, 31, syntax.DAY), "month": part(1, 12, syntax.MONTH),
                           "year": part(1000, 9999, syntax.YEAR)}}


def _address_schema() -> dict[str, Any]:
    required = [part for part, (_label, missing) in ADDRESS_PARTS.items() if missing]
    properties: dict[str, Any] = {
        part: {"type": "string", "title": label, "maxLength": ADDRESS_LINE_MAX}
        for part, (label, _missing) in ADDRESS_PARTS.items()}
    for part in required:
        properties[part]["pattern"] = FILLED
    properties["postcode"]["pattern"] = syntax.POSTCODE
    return {"type": "object", "properties": properties, "required": required,
            "additionalProperties": False}


def _checkboxes_schema(page: Page) -> dict[str, Any]:
    """A list of the options ticked (blank entries ignored, each option counted once), or one
    option's value on its own."""
    values = page.option_values()
    listed: dict[str, Any] = {"type": "array",
                              "items": {"anyOf": [{"enum": values}, BLANK_TEXT]}}
    if not page.optional:
        listed["contains"] = {"enum": values}
    return {"anyOf": [listed, {"enum": values}]}


# -- paths through the form ---------------------------------------------------------------------


@dataclass(frozen=True)
class Path:
    """One way through the form: the pages asked, and the route decisions that lead there as
    (route, taken) pairs: a route taken, or one that had to not match for a later one to apply."""

    pages: tuple[str, ...]
    decisions: tuple[tuple[Route, bool], ...]


def form_paths(form: FormDefinition) -> list[Path] | None:
    """Every path from the first page to check answers; None when there are more than MAX_PATHS."""
    found: list[Path] = []
    pending = [(0, (), ())]
    while pending:
        index, pages, decisions = pending.pop()
        if index >= len(form.pages):
            found.append(Path(pages, decisions))
            if len(found) > MAX_PATHS:
                return None
            continue
        page = form.pages[index]
        pages = (*pages, page.id)
        refused: tuple[tuple[Route, bool], ...] = ()
        for route in page.routes:
            target = form.index_of(route.goto)
            can_match = target > index and all(pid in pages for pid in route.conditions())
            if not can_match:
                continue  # the engine never takes it on this path: nothing to decide
            pending.append((target, pages, (*decisions, *refused, (route, True))))
            if not route.conditions():
                break  # always taken: no way past it
            refused = (*refused, (route, False))
        else:
            pending.append((index + 1, pages, (*decisions, *refused)))
    found.reverse()  # in the order of the form, the first routes' paths first
    return found


def _branch(form: FormDefinition, path: Path, always: set[str]) -> dict[str, Any]:
    required = [pid for pid in path.pages if pid not in always and not form.page(pid).optional]
    branch: dict[str, Any] = {}
    if required:
        branch["required"] = required
    conditions = [_route_matches(form, route) if taken else {"not": _route_matches(form, route)}
                  for route, taken in path.decisions if route.conditions()]
    if conditions:
        branch["allOf"] = conditions
    return branch


def _route_matches(form: FormDefinition, route: Route) -> dict[str, Any]:
    conditions = route.conditions()
    return {"required": list(conditions),
            "properties": {pid: _equals(form.page(pid), value)
                           for pid, value in conditions.items()}}


def _equals(page: Page, value: str) -> dict[str, Any]:
    """The schema of "this page's answer matches `value`": every answer the engine normalises
    to `value` (a checkbox ticked, true for yes, " 1,000 " for 1000)."""
    if page.type is T.CHECKBOXES:
        return {"anyOf": [{"type": "array", "contains": {"const": value}}, {"const": value}]}
    if page.type is T.YES_NO and value in ("yes", "no"):
        pattern = syntax.YES if value == "yes" else syntax.NO
        return {"anyOf": [{"const": value == "yes"}, {"type": "string", "pattern": pattern}]}
    if page.type is T.NUMBER:
        return _number_equals(value)
    return {"const": value}


def _number_equals(value: str) -> dict[str, Any]:
    """The engine compares a number's normalised answer as text (`3`, `2.5`): the route value
    must be written so, and then a JSON number or text with that value matches."""
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
    return {"anyOf": [{"const": int(number) if whole else float(value)},
                      {"type": "string", "pattern": pattern}]}


def _skippable(form: FormDefinition, page: Page) -> bool:
    """Whether some route could jump over `page` (used only when paths are not spelt out)."""
    index = form.index_of(page.id)
    return any(form.index_of(route.goto) > index
               for earlier in form.pages[:index] for route in earlier.routes)
