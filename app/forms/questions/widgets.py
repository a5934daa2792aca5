"""The pieces of GOV.UK Frontend macro parameters every question type's widget is made of."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.forms.definition import Page

    from .base import FieldError


def hint(page: Page) -> dict | None:
    return {"text": page.hint} if page.hint else None


def label(page: Page) -> dict:
    """The question as the page's heading, for a single input."""
    return {"text": page.question, "isPageHeading": True, "classes": "govuk-label--l"}


def legend(page: Page) -> dict:
    """The question as the page's heading, for a group of inputs."""
    return {
        "legend": {
            "text": page.question,
            "isPageHeading": True,
            "classes": "govuk-fieldset__legend--l",
        }
    }


def error_message(errors: list[FieldError], part: str | None = None) -> dict | None:
    """The first message of the errors (of those about `part`), as the macros take it."""
    found = [e.message for e in errors if part is None or part in e.parts]
    return {"text": found[0]} if found else None
