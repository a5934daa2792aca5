"""The pieces of GOV.UK Frontend macro parameters every question type's widget is made of."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from app.forms.form_text import foreign_language

if TYPE_CHECKING:
    from app.forms.definition import Page

    from .base import FieldError


def content_text(page: Page, text: str) -> dict[str, Any]:
    """The form's own text as a macro's `text`; as `html` in a `lang` span when it is not in
    the reader's language (an English-only form on a Welsh page), so that a screen reader
    reads it in the right voice."""
    language = foreign_language(page)
    if language is None:
        return {"text": text}
    return {"html": Markup('<span lang="{}">{}</span>').format(language, escape(text))}


def lang_of(page: Page) -> dict[str, Any]:
    """A `lang` attribute for an element holding only the form's text (a select's option),
    when that text is not in the reader's language."""
    language = foreign_language(page)
    return {"attributes": {"lang": language}} if language else {}


def hint(page: Page) -> dict | None:
    return content_text(page, page.hint) if page.hint else None


def label(page: Page) -> dict:
    """The question as the page's heading, for a single input."""
    return {**content_text(page, page.question), "isPageHeading": True, "classes": "govuk-label--l"}


def legend(page: Page) -> dict:
    """The question as the page's heading, for a group of inputs."""
    return {
        "legend": {
            **content_text(page, page.question),
            "isPageHeading": True,
            "classes": "govuk-fieldset__legend--l",
        }
    }


def error_message(errors: list[FieldError], part: str | None = None) -> dict | None:
    """The first message of the errors (of those about `part`), as the macros take it."""
    found = [e.message for e in errors if part is None or part in e.parts]
    return {"text": found[0]} if found else None
