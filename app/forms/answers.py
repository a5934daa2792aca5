"""One answer to one question: is it there, is it valid, and what it is once normalised.

Every answer goes through the same steps, in this order; what each step means for a question
type is in that type's descriptor (app/forms/questions/), in the GOV.UK Design System's words.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from .questions import descriptor_of
from .questions.base import FieldError, is_empty

if TYPE_CHECKING:
    from .definition import Page


def check_answer(page: Page, raw: Any, today: dt.date) -> tuple[Any, list[FieldError]]:
    """(normalised answer or None when unanswered, errors)."""
    kind = descriptor_of(page)
    # A JSON type the question never takes is refused before anything is read from it (only
    # the API can send one: the pages post text, in the shape each question's inputs give).
    if raw is not None and (problem := kind.wrong_type(page, raw)) is not None:
        return None, [problem]
    if is_empty(raw):
        return None, [] if page.optional else kind.missing(page)
    return kind.check(page, raw, today)
