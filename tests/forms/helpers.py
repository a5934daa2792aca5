"""Small forms for the engine tests, built from dicts."""

from __future__ import annotations

import datetime as dt

from app.forms.definition import FormDefinition, Page

TODAY = dt.date(2026, 6, 15)


def form(*pages: dict, **fields) -> FormDefinition:
    return FormDefinition.model_validate(
        {
            "id": "test-form",
            "title": "Test form",
            "organisation": "test-office",
            "version": 1,
            "retention_days": 30,
            "pages": list(pages),
            **fields,
        }
    )


def page(type_: str, **fields) -> Page:
    """A page of one question: `page("date", name="your date of birth", past=True)`."""
    return Page.model_validate({"id": "q", "question": "Question?", "type": type_, **fields})
