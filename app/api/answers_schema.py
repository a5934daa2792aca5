"""The JSON Schema (2020-12) of a form's answers, made from its definition: what
`GET /api/v1/forms/<id>/schema` returns, so that agencies can check answers before they send them.

It allows exactly the answers the engine accepts: each question type's descriptor
(app/forms/questions/) gives the schema of the answers it checks, every JSON type and every shape
of text, with the same regular expressions (app/forms/answer_syntax.py). What a JSON Schema cannot
say is left to the engine and listed in docs/api.md (EXTRA_RULES): a date that is
real in its month and in the past or future, an email address's and a telephone number's syntax,
the limits on a number given as text; and the engine counts a text's length after trimming it, so
the schema's maxLength may refuse a text padded with spaces that the engine takes.

Routes decide which questions are asked, so which answers are required depends on earlier
answers: every path through the form becomes one branch of an `anyOf`, requiring the pages on
that path and the answers that send a citizen down it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.forms.definition import FormDefinition, Page, RepeatingGroup, Route
from app.forms.questions import descriptor_of

DIALECT = "https://json-schema.org/draft/2020-12/schema"
# Beyond this many paths a form's branches are not spelt out: only the pages every path asks are
# required (the engine still checks the rest).
MAX_PATHS = 256


def answers_schema(
    form: FormDefinition,
    schema_id: str | None = None,
    in_each: dict[str, FormDefinition] | None = None,
) -> dict[str, Any]:
    """The schema, its titles in `form`'s language; with `in_each` (the form in each language
    it offers, by code), `x-titles` beside each title: the same title in every language."""
    schema = _answers_schema(form, schema_id)
    if in_each and len(in_each) > 1:
        _add_titles(schema, in_each)
    return schema


# An annotation keyword of our own, which JSON Schema validators ignore (2020-12 §6.5 lets
# unknown keywords be; OpenAPI 3.1 reserves `x-` for extensions): a title in each language.
TITLES = "x-titles"


def _add_titles(schema: dict[str, Any], in_each: dict[str, FormDefinition]) -> None:
    schema[TITLES] = {code: form.title for code, form in in_each.items()}
    some_form = next(iter(in_each.values()))
    for item_id, item in schema["properties"].items():
        if some_form.group(item_id):  # each entry's questions
            for page_id, page in item["items"]["properties"].items():
                page[TITLES] = _question_in_each(in_each, page_id)
        else:
            item[TITLES] = _question_in_each(in_each, item_id)


def _question_in_each(in_each: dict[str, FormDefinition], page_id: str) -> dict[str, str]:
    return {
        code: page.question
        for code, form in in_each.items()
        if (page := form.question(page_id)) is not None
    }


def _answers_schema(form: FormDefinition, schema_id: str | None) -> dict[str, Any]:
    schema: dict[str, Any] = {"$schema": DIALECT}
    if schema_id:
        schema["$id"] = schema_id
    schema.update(
        {
            "title": f"Answers to {form.title} (version {form.version})",
            "description": "The answers of one submission, by question (page) id. Answers to "
            "questions a route skips are ignored.",
            "type": "object",
            "properties": {page.id: item_schema(page) for page in form.pages},
            "additionalProperties": False,
        }
    )
    paths = form_paths(form)
    ends = bool(form.exit_pages)  # some routes end at an exit page: no path may lead there
    if paths is None:
        schema["required"] = [
            page.id
            for page in form.pages
            if not _optional(form, page.id) and not _skippable(form, page)
        ]
        return schema
    always = [
        page.id
        for page in form.pages
        if not _optional(form, page.id) and all(page.id in path.pages for path in paths)
    ]
    if always:
        schema["required"] = always
    branches = [_branch(form, path, set(always)) for path in paths]
    if len(branches) > 1 or (ends and branches and branches[0]):
        schema["anyOf"] = branches
    elif ends and not branches:
        schema["not"] = {}  # every route ends at an exit page: no answers can be sent
    return schema


def item_schema(item: Page | RepeatingGroup) -> dict[str, Any]:
    """A page's answer, or a repeating group's list of entries."""
    if isinstance(item, RepeatingGroup):
        return group_schema(item)
    return page_schema(item)


def group_schema(group: RepeatingGroup) -> dict[str, Any]:
    """A list of `min` to `max` entries, each an object of its questions' answers."""
    return {
        "title": f"Each {group.repeat.noun}",
        "description": f"{group.repeat.min} to {group.repeat.max} entries, each an object of "
        "answers by question id",
        "type": "array",
        "minItems": group.repeat.min,
        "maxItems": group.repeat.max,
        "items": {
            "type": "object",
            "properties": {page.id: page_schema(page) for page in group.pages},
            "required": [page.id for page in group.pages if not page.optional],
            "additionalProperties": False,
        },
    }


def page_schema(page: Page) -> dict[str, Any]:
    """One answer's schema: its type, with the question as title and the hint as description.
    An optional question may also be left blank (null, or only spaces)."""
    about: dict[str, Any] = {"title": page.question}
    if page.hint:
        about["description"] = page.hint
    kind = descriptor_of(page)
    value = kind.value_schema(page)
    if page.optional:
        value = {"anyOf": [*kind.blank_schemas(), value]}
    return {**about, **value}


# -- paths through the form ---------------------------------------------------------------------


@dataclass(frozen=True)
class Path:
    """One way through the form: the pages asked, and the route decisions that lead there as
    (route, taken) pairs: a route taken, or one that had to not match for a later one to apply."""

    pages: tuple[str, ...]
    decisions: tuple[tuple[Route, bool], ...]


def form_paths(form: FormDefinition) -> list[Path] | None:
    """Every path from the first page to check answers (a path ending at an exit page is none);
    None when there are more than MAX_PATHS."""
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
            if form.exit_page(route.goto):
                if not route.conditions():
                    break  # always ends here: no path goes on
                if all(form.top_id(pid) in pages for pid in route.conditions()):
                    refused = (*refused, (route, False))  # going on means it did not match
                continue
            target = form.index_of(route.goto)
            can_match = target > index and all(
                form.top_id(pid) in pages for pid in route.conditions()
            )
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
    required = [pid for pid in path.pages if pid not in always and not _optional(form, pid)]
    branch: dict[str, Any] = {}
    if required:
        branch["required"] = required
    conditions = [
        _route_matches(form, route) if taken else {"not": _route_matches(form, route)}
        for route, taken in path.decisions
        if route.conditions()
    ]
    if conditions:
        branch["allOf"] = conditions
    return branch


def _optional(form: FormDefinition, page_id: str) -> bool:
    """A question that may be left unanswered (a repeating group never may: min is 1 or more)."""
    page = form.page(page_id)
    return page is not None and page.optional


def _route_matches(form: FormDefinition, route: Route) -> dict[str, Any]:
    conditions = route.conditions()
    plain = {pid: value for pid, value in conditions.items() if not form.group_of(pid)}
    schema: dict[str, Any] = {
        "required": list(dict.fromkeys(form.top_id(pid) for pid in conditions)),
        "properties": {pid: _equals(form.page(pid), value) for pid, value in plain.items()},
    }
    for pid, value in conditions.items():
        group = form.group_of(pid)
        if group is not None:
            schema["properties"].setdefault(group.id, {"allOf": []})["allOf"].append(
                _entries_match(form, group, pid, value, route.match == "every")
            )
    return schema


def _entries_match(
    form: FormDefinition, group: RepeatingGroup, page_id: str, value: str, every: bool
) -> dict[str, Any]:
    """Some entry's (or every entry's) answer to `page_id` matches `value`."""
    matching = {
        "type": "object",
        "required": [page_id],
        "properties": {page_id: _equals(form.question(page_id), value)},
    }
    if every:
        return {"type": "array", "minItems": 1, "items": matching}
    return {"type": "array", "contains": matching}


def _equals(page: Page, value: str) -> dict[str, Any]:
    """The schema of "this page's answer matches `value`": every answer the engine normalises
    to `value` (a checkbox ticked, true for yes, " 1,000 " for 1000)."""
    return descriptor_of(page).equals_schema(page, value)


def _skippable(form: FormDefinition, page: Page) -> bool:
    """Whether some route could jump over `page` (used only when paths are not spelt out)."""
    index = form.index_of(page.id)
    return any(
        form.index_of(route.goto) > index
        for earlier in form.pages[:index]
        for route in earlier.routes
    )
