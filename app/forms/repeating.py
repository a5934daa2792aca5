"""Repeating groups' answers: a list of entries, each an object of answers by question id.

    check_group(group, raw, today)   the entries normalised, and every problem: too few, too
                                     many, an entry that is not an object, an unknown question,
                                     each entry's own answers (the same checks as any page's)
    entry_values(answers, group, page_id)  one question's answer in each entry (for routes)
    entry_name(group, number)        `Person 2`, an entry's name in the summary and check answers
    entry_lines(group, entry)        an entry's answers as check your answers shows each

Plain Python, like the engine that calls it. The words follow GOV.UK's "add another" pattern:
"Add at least 2 people", "You can add up to 6 people".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from app.i18n import gettext

from .answers import check_answer
from .questions import descriptor_of
from .questions.base import FieldError

if TYPE_CHECKING:
    from .definition import RepeatingGroup

MAX_KEY_SHOWN = 100


def _add_at_least(repeat) -> str:
    return gettext("Add at least %(least)s", least=repeat.count(repeat.min))


def check_group(
    group: RepeatingGroup, raw: Any, today: dt.date
) -> tuple[list[dict[str, Any]] | None, list[FieldError]]:
    """(the entries with their answers normalised, or None when there are none; errors)."""
    repeat = group.repeat
    if raw is None or raw == []:
        return None, [FieldError(group.id, _add_at_least(repeat))]
    if not isinstance(raw, list):
        return None, [
            FieldError(
                group.id,
                f"The answer must be a list of {repeat.plural_text()}, each an object of "
                "answers by question id",
            )
        ]
    errors: list[FieldError] = []
    if len(raw) > repeat.max:
        errors.append(
            FieldError(
                group.id,
                f"You can add up to {repeat.count(repeat.max)}: there are {len(raw)}, so "
                f"remove {len(raw) - repeat.max}",
            )
        )
    elif len(raw) < repeat.min:
        errors.append(FieldError(group.id, _add_at_least(repeat)))
    entries: list[dict[str, Any]] = []
    for index, entry in enumerate(raw):
        answers, found = check_entry(group, index, entry, today)
        entries.append(answers)
        errors += found
    return entries, errors


def check_entry(
    group: RepeatingGroup, index: int, entry: Any, today: dt.date
) -> tuple[dict[str, Any], list[FieldError]]:
    noun = group.repeat.noun
    if not isinstance(entry, dict):
        message = f"Each {noun} must be an object of answers by question id"
        return {}, [FieldError(group.id, message, entry=(index,))]
    answers: dict[str, Any] = {}
    errors = [
        FieldError(
            group.id,
            f"Unknown question: a {noun} has no question with the id {key[:MAX_KEY_SHOWN]!r}",
            entry=(index, key),
        )
        for key in entry
        if group.page(key) is None
    ]
    for page in group.pages:
        value, found = check_answer(page, entry.get(page.id), today)
        errors += [
            FieldError(
                group.id,
                error.message,
                error.parts,
                error.code,
                error.allowed,
                entry=(index, page.id),
            )
            for error in found
        ]
        if value is not None:
            answers[page.id] = value
    return answers, errors


def entry_values(answers: Mapping[str, Any], group: RepeatingGroup, page_id: str) -> list[Any]:
    """One question's answer in each entry (None where it has none)."""
    entries = answers.get(group.id)
    if not isinstance(entries, list):
        return []
    return [entry.get(page_id) if isinstance(entry, dict) else None for entry in entries]


def first_unfinished(group: RepeatingGroup, errors: list[FieldError]) -> tuple[int, str] | None:
    """The first entry, and its first question, with a missing or wrong answer."""
    for error in errors:
        if error.field == group.id and len(error.entry) == 2 and group.page(error.entry[1]):
            return error.entry
    return None


def entry_name(group: RepeatingGroup, number: int) -> str:
    """`Person 2`."""
    return f"{group.repeat.noun[:1].upper()}{group.repeat.noun[1:]} {number}"


def entry_lines(group: RepeatingGroup, entry: Mapping[str, Any]) -> list[Markup]:
    """An entry's answers, one a line, as check your answers shows each; an optional question
    left unanswered is left out (a bare "Not given" among them would not say what was not)."""
    return [
        descriptor_of(page).check_answers_html(page, entry.get(page.id))
        for page in group.pages
        if not (page.optional and entry.get(page.id) in (None, []))
    ]
