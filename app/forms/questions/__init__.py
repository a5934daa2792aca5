"""The question types of service forms: one module each, one `Descriptor` a module (see base.py
for what a descriptor says), and this table, the only list of them.

`QuestionType`, the enum a page's `type:` is read into, is made from the table, in its order (the
order the definition's JSON Schema lists them). To add a type, write its module, with a
`Descriptor` subclass and its instance `QUESTION`, and add it to the table below.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from . import (
    address,
    checkboxes,
    date,
    email,
    file,
    national_insurance_number,
    number,
    phone,
    postcode,
    radios,
    select,
    text,
    textarea,
    yes_no,
)
from .base import Descriptor

if TYPE_CHECKING:
    from app.forms.definition import Page

DESCRIPTORS: tuple[Descriptor, ...] = (
    text.QUESTION,
    textarea.QUESTION,
    number.QUESTION,
    email.QUESTION,
    phone.QUESTION,
    date.QUESTION,
    address.QUESTION,
    postcode.QUESTION,
    national_insurance_number.QUESTION,
    yes_no.QUESTION,
    radios.QUESTION,
    checkboxes.QUESTION,
    select.QUESTION,
    file.QUESTION,
)
BY_NAME = {descriptor.name: descriptor for descriptor in DESCRIPTORS}

# `national-insurance-number` → NATIONAL_INSURANCE_NUMBER
QuestionType = StrEnum(  # type: ignore[misc]
    "QuestionType", [(name.upper().replace("-", "_"), name) for name in BY_NAME], module=__name__
)


def descriptor_of(page: Page) -> Descriptor:
    """The descriptor of the page's question type."""
    return BY_NAME[page.type]


def takes_file(page) -> bool:
    """Whether the page's answer names an uploaded file (a `file` question); a repeating group
    is no question itself (a file question among its pages takes a file per entry:
    app/forms/file_answers.py finds them)."""
    kind = getattr(page, "type", None)
    return kind is not None and BY_NAME[kind].takes_file


def taking(setting: str) -> list[str]:
    """The names of the types that take a page setting (`max_length` → text, textarea)."""
    return [descriptor.name for descriptor in DESCRIPTORS if setting in descriptor.settings]
