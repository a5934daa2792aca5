"""The form engine: plain Python, no Flask. The HTML flow and the API both ask it the same things.

    evaluate(form, answers)        which pages apply, the normalised answers, what is missing or
                                   wrong (errors as [{field, message}], the API's 422 body)
    check_page(form, page, raw)    one page's answer, as the page that asks it is posted
    next_page(form, page, answers) where "Continue" goes: a later page or check-answers
    page_to_show(form, page, answers)  what a question's URL shows: that page, or the one to go to

Routes: a page's routes are tried in order and the first whose `if` answers all match wins;
otherwise the next page follows. Answers to pages that no longer apply are dropped. A route to an
exit page ends the journey there: the answers cannot be sent (`Evaluation.exit`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .answers import check_answer
from .definition import (
    CHECK_ANSWERS,
    FormDefinition,
    Page,
    RepeatingGroup,
    Route,
    condition_value,
)
from .questions.base import FieldError, is_empty
from .repeating import check_group, entry_values

__all__ = [
    "CHECK_ANSWERS",
    "Evaluation",
    "FieldError",
    "PageCheck",
    "check_page",
    "evaluate",
    "next_page",
    "page_to_show",
    "previous_page",
]


@dataclass
class PageCheck:
    """One page's answer: normalised (None when unanswered) and its errors."""

    page: Page
    value: Any
    errors: list[FieldError]

    @property
    def valid(self) -> bool:
        return not self.errors


@dataclass
class Evaluation:
    """A whole set of answers against a form."""

    # the pages (and repeating groups) that apply, in order
    pages: list[Page | RepeatingGroup] = field(default_factory=list)
    answers: dict[str, Any] = field(default_factory=dict)  # valid answers to those, normalised
    missing: list[str] = field(default_factory=list)  # ids of required pages not answered
    errors: list[FieldError] = field(default_factory=list)  # missing and invalid, in page order
    dropped: list[str] = field(default_factory=list)  # answers to pages that do not apply
    exit: str | None = None  # the exit page the answers lead to: they cannot be sent

    @property
    def complete(self) -> bool:
        return not self.errors and self.exit is None

    @property
    def page_ids(self) -> list[str]:
        return [page.id for page in self.pages]

    def error_list(self) -> list[dict[str, str]]:
        return [error.as_dict() for error in self.errors]

    def first_to_answer(self) -> str:
        """The first page with a missing or wrong answer, else the exit page the answers lead
        to, else check-answers."""
        wrong = {error.field for error in self.errors}
        return next(
            (page.id for page in self.pages if page.id in wrong), self.exit or CHECK_ANSWERS
        )


def check_page(
    form: FormDefinition, page_id: str, raw: Any, today: dt.date | None = None
) -> PageCheck:
    page = form.question(page_id)  # asked once, or for each entry of a repeating group
    if page is None:
        raise KeyError(f"form {form.id} has no page {page_id}")
    value, errors = check_answer(page, raw, today or dt.date.today())
    return PageCheck(page, value, errors)


def check_item(
    item: Page | RepeatingGroup, raw: Any, today: dt.date
) -> tuple[Any, list[FieldError]]:
    """A page's answer, or a repeating group's entries."""
    if isinstance(item, RepeatingGroup):
        return check_group(item, raw, today)
    return check_answer(item, raw, today)


def evaluate(
    form: FormDefinition, answers: Mapping[str, Any], today: dt.date | None = None
) -> Evaluation:
    """Follow the routes from the first page, checking each answer on the way."""
    today = today or dt.date.today()
    result = Evaluation()
    index = 0
    while index < len(form.pages):
        page = form.pages[index]
        result.pages.append(page)
        raw = answers.get(page.id)
        value, errors = check_item(page, raw, today)
        result.errors += errors
        if errors and is_empty(raw):
            result.missing.append(page.id)
        elif value is not None:
            result.answers[page.id] = value
        step = _next_step(form, index, result.answers)
        if isinstance(step, str):
            result.exit = step
            break
        index = step
    applying = set(result.page_ids)
    result.dropped = [key for key in answers if key not in applying]
    return result


def next_page(
    form: FormDefinition, page_id: str, answers: Mapping[str, Any], today: dt.date | None = None
) -> str:
    """The id of the page after `page_id` (or check-answers), given the answers so far."""
    index = form.index_of(page_id)
    if index < 0 or index >= len(form.pages):
        raise KeyError(f"form {form.id} has no page {page_id}")
    today = today or dt.date.today()
    normalised = evaluate(form, answers, today).answers
    # The page itself may be off the current path (a citizen changing an answer): its own
    # answer still decides its routes.
    own, _errors = check_item(form.pages[index], answers.get(page_id), today)
    if own is not None:
        normalised[page_id] = own
    following = _next_step(form, index, normalised)
    if isinstance(following, str):
        return following  # an exit page
    return form.pages[following].id if following < len(form.pages) else CHECK_ANSWERS


def page_to_show(
    form: FormDefinition, page_id: str, answers: Mapping[str, Any], today: dt.date | None = None
) -> str:
    """The page a question's URL shows, given the answers so far: the page itself when it is on
    the citizen's route; for a page off it (opened by URL), the next page on the route after it,
    or check-answers."""
    index = form.index_of(page_id)
    if index < 0 or index >= len(form.pages):
        raise KeyError(f"form {form.id} has no page {page_id}")
    evaluation = evaluate(form, answers, today)
    for route_page_id in evaluation.page_ids:  # in form order
        if route_page_id == page_id or form.index_of(route_page_id) > index:
            return route_page_id
    return evaluation.exit or CHECK_ANSWERS


def previous_page(
    form: FormDefinition, page_id: str, answers: Mapping[str, Any], today: dt.date | None = None
) -> str | None:
    """Where a back link goes: the page before this one on the citizen's path (None on the first
    page). For check-answers, the last page that applies; for an exit page, the page whose
    route led there (None when the answers lead elsewhere)."""
    evaluation = evaluate(form, answers, today)
    path = evaluation.page_ids
    if page_id == CHECK_ANSWERS:
        return path[-1]
    if form.exit_page(page_id):
        return path[-1] if evaluation.exit == page_id else None
    if page_id in path:
        position = path.index(page_id)
        return path[position - 1] if position else None
    index = form.index_of(page_id)  # off the path: the nearest earlier page on it
    earlier = [pid for pid in path if form.index_of(pid) < index]
    return earlier[-1] if earlier else None


def _next_step(form: FormDefinition, index: int, answers: Mapping[str, Any]) -> int | str:
    """The index of the next page (len(pages): check-answers), or the id of the exit page the
    route goes to. First matching route wins, else the next page; a route that does not go
    forward (refused by `build.py check`) is ignored, so the walk always ends."""
    for route in form.pages[index].routes:
        if _matches(form, route, answers):
            if form.exit_page(route.goto):
                return route.goto
            target = form.index_of(route.goto)
            if target > index:
                return target
    return index + 1


def _matches(form: FormDefinition, route: Route, answers: Mapping[str, Any]) -> bool:
    """Every condition holds. A condition on a question in a repeating group holds when any
    entry's answer matches, or every entry's with `match: every`."""
    for page_id, wanted in route.conditions().items():
        group = form.group_of(page_id)
        if group is None:
            if not _answer_matches(answers.get(page_id), wanted):
                return False
            continue
        found = [_answer_matches(value, wanted) for value in entry_values(answers, group, page_id)]
        if not found or not (all(found) if route.match == "every" else any(found)):
            return False
    return True


def _answer_matches(answer: Any, wanted: str) -> bool:
    """A checkboxes answer matches when that box is ticked; others when they are `wanted`."""
    if isinstance(answer, list):
        return wanted in answer
    return answer is not None and condition_value(answer) == wanted
