"""The JSON Schema (2020-12) of a form's answers, made from its definition: what
`GET /api/v1/forms/<id>/schema` returns, so that agencies can check answers before they send them.

It describes the canonical shapes the API documents (dates `YYYY-MM-DD`, addresses as objects,
checkboxes as lists, choices as enums, numbers as numbers). The engine is more lenient (it also
takes dates as `{day, month, year}`, numbers as text) and remains the judge; the schema never
accepts a shape the engine refuses, except for checks it does not spell out (a date in the past,
an email domain's syntax, a telephone number's length in its country, the letters a National
Insurance number never starts with).

Routes decide which questions are asked, so which answers are required depends on earlier
answers: every path through the form becomes one branch of an `anyOf`, requiring the pages on
that path and the answers that send a citizen down it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.forms.answers import ADDRESS_LINE_MAX, ADDRESS_PARTS, DEFAULT_MAX_LENGTH
from app.forms.definition import FormDefinition, Page, QuestionType, Route

T = QuestionType
DIALECT = "https://json-schema.org/draft/2020-12/schema"
# Beyond this many paths a form's branches are not spelt out: only the pages every path asks are
# required (the engine still checks the rest).
MAX_PATHS = 256
POSTCODE_PATTERN = r"^\s*[A-Za-z]{1,2}[0-9][A-Za-z0-9]?\s*[0-9][A-Za-z]{2}\s*$"
NI_PATTERN = r"^\s*[A-Za-z]{2}[\s-]*[0-9]{2}[\s-]*[0-9]{2}[\s-]*[0-9]{2}[\s-]*[A-Da-d]\s*$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


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
    """One answer's schema: its type, with the question as title and the hint as description."""
    about: dict[str, Any] = {"title": page.question}
    if page.hint:
        about["description"] = page.hint
    return {**about, **_value_schema(page)}


def _value_schema(page: Page) -> dict[str, Any]:
    kind = page.type
    if kind in (T.TEXT, T.TEXTAREA):
        return {"type": "string", "maxLength": page.max_length or DEFAULT_MAX_LENGTH[kind]}
    if kind is T.NUMBER:
        number: dict[str, Any] = {"type": "number"}
        if page.min is not None:
            number["minimum"] = page.min
        if page.max is not None:
            number["maximum"] = page.max
        return number
    if kind is T.EMAIL:
        return {"type": "string", "format": "email", "examples": ["name@example.com"]}
    if kind is T.PHONE:
        return {"type": "string", "examples": ["01632 960 001", "+44 808 157 0192"],
                "$comment": "a UK number, or any number with its country code"}
    if kind is T.DATE:
        when = " in the past" if page.past else " in the future" if page.future else ""
        return {"type": "string", "format": "date", "pattern": DATE_PATTERN,
                "$comment": f"YYYY-MM-DD, a real date{when}", "examples": ["2007-03-27"]}
    if kind is T.ADDRESS:
        return _address_schema()
    if kind is T.POSTCODE:
        return {"type": "string", "pattern": POSTCODE_PATTERN, "examples": ["SW1A 1AA"]}
    if kind is T.NATIONAL_INSURANCE_NUMBER:
        return {"type": "string", "pattern": NI_PATTERN, "examples": ["AB 12 34 56 C"]}
    if kind is T.CHECKBOXES:
        listed: dict[str, Any] = {"type": "array", "uniqueItems": True,
                                  "items": {"enum": page.option_values()}}
        if not page.optional:
            listed["minItems"] = 1
        return listed
    return {"enum": page.option_values()}  # yes-no, radios, select


def _address_schema() -> dict[str, Any]:
    required = [part for part, (_label, missing) in ADDRESS_PARTS.items() if missing]
    properties: dict[str, Any] = {
        part: {"type": "string", "title": label, "maxLength": ADDRESS_LINE_MAX}
        for part, (label, _missing) in ADDRESS_PARTS.items()}
    properties["postcode"]["pattern"] = POSTCODE_PATTERN
    return {"type": "object", "properties": properties, "required": required,
            "additionalProperties": False}


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
    """The schema of "this page's answer matches `value`", as the engine compares them."""
    if page.type is T.CHECKBOXES:
        return {"contains": {"const": value}}
    if page.type is T.NUMBER:
        try:
            return {"const": float(value) if "." in value else int(value)}
        except ValueError:
            return {"not": {}}  # a number never equals this: the route never matches
    return {"const": value}


def _skippable(form: FormDefinition, page: Page) -> bool:
    """Whether some route could jump over `page` (used only when paths are not spelt out)."""
    index = form.index_of(page.id)
    return any(form.index_of(route.goto) > index
               for earlier in form.pages[:index] for route in earlier.routes)
