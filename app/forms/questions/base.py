"""What a question type is: the `Descriptor` every type's module fills in, and the words they
share (FieldError, Invalid, is_empty).

A descriptor says, for one `type:` of a form's page, how its answer is checked and normalised,
what the HTML flow reads from a post and shows again, its GOV.UK Frontend macro and parameters,
how check your answers shows it, its JSON Schema, its label on the developers' page and which of
a page's settings it takes. The defaults here are a one-line text input's.

Error messages follow the GOV.UK Design System's wording for each component. A page's `name`
("your date of birth") completes them: "Enter your date of birth", "Date of birth must be in the
past". Without a name, each type has a general one ("Enter a date", "The date must be a real date").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from app.i18n import N_, current_language, gettext
from app.i18n.catalogues import SOURCE_LANGUAGE

from . import widgets
from .json_schema import BLANK, FILLED

if TYPE_CHECKING:
    from werkzeug.datastructures import MultiDict

    from app.forms.definition import Page


@dataclass(frozen=True)
class FieldError:
    """One problem with one answer. `parts` names the inputs of a grouped question at fault
    (day, month, year; line1, town, postcode) so a form can mark just those."""

    field: str
    message: str
    parts: tuple[str, ...] = ()
    # For programs (the API's error `code`): required, wrong_type, invalid or not_a_choice; a
    # choice's `allowed` values with not_a_choice.
    code: str = "invalid"
    allowed: tuple[str, ...] = ()
    # In a repeating group (`field` is the group's id): (entry index from 0, question id), or
    # (entry index,) for a problem with the entry as a whole. Given by name.
    entry: tuple = ()

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


class Invalid(Exception):
    def __init__(self, message: str, parts: tuple[str, ...] = (), code: str | None = None):
        super().__init__(message)
        self.message, self.parts, self.code = message, parts, code


def is_empty(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, list | tuple):
        return all(is_empty(item) for item in raw)
    if isinstance(raw, dict):
        return all(is_empty(value) for value in raw.values())
    return False


# "Enter your date of birth", "Select an option": a question's `verb` and its name
REQUIRED = {"Enter": N_("Enter %(name)s"), "Select": N_("Select %(name)s")}


class Descriptor:
    """One question type. Subclasses set the attributes and override what differs."""

    name: str  # the page's `type:` in a form's YAML
    label: str  # what the developers' page says the API takes
    default_name: str  # "Enter <default_name>" when the page has no `name`
    default_subject: str  # "<default_subject> must be …" when the page has no `name`
    verb = "Enter"  # "Select" for the types that offer choices
    settings: frozenset[str] = frozenset()  # the page fields beyond the common ones it takes
    min_options = 0  # with `options` among its settings: how many it needs
    takes_exclusive = False  # whether an option may be `exclusive` ("None of these")
    is_email_address = False  # whether its answer is an address the citizen can be emailed at
    # What the API must send when it sends another JSON type (the pages post only text), and
    # whether the message says "The answer must be …" rather than naming the answer.
    expected = "text"
    refusal_names_answer = False
    missing_parts: tuple[str, ...] = ()  # the inputs marked when the answer is missing
    # The GOV.UK Frontend macro that asks it, and the one-line input's particulars
    macro = "input"
    # Its answer names a file uploaded first (app/uploads): the page posts the file itself, the
    # API an upload's id; the submission takes the file, the webhook gets its URL.
    takes_file = False
    input_type: str | None = None
    autocomplete: str | None = None
    width = ""
    spellcheck: bool | None = None
    inputmode: str | None = None

    # -- the words of its messages ----------------------------------------------------------

    def name_of(self, page: Page) -> str:
        return page.name or gettext(self.default_name)

    def subject_of(self, page: Page) -> str:
        """The start of "… must be …": "your date of birth" → "Date of birth"."""
        if not page.name:
            return gettext(self.default_subject) if self.default_subject else ""
        words = page.name
        if getattr(page, "_text_language", None) in (None, SOURCE_LANGUAGE):
            words = re.sub(r"^(your|a|an) ", "", words)  # English's: not a translation's
        # English starts the sentence with it; Welsh puts it mid-sentence: "Rhaid i enw'r …"
        if current_language() != SOURCE_LANGUAGE:
            return words
        return words[:1].upper() + words[1:]

    def required_message(self, page: Page) -> str:
        return gettext(REQUIRED[self.verb], name=self.name_of(page))

    # -- checking an answer -----------------------------------------------------------------

    def wrong_type(self, page: Page, raw: Any) -> FieldError | None:
        """An answer (not None) of a JSON type this question never takes (a list for a text
        question, true for a number): refused before anything is read from it, never turned
        into text."""
        return None if isinstance(raw, str) else self.refusal(page)

    def refusal(self, page: Page) -> FieldError:
        subject = "The answer" if self.refusal_names_answer else self.subject_of(page)
        return FieldError(page.id, f"{subject} must be {self.expected}", code="wrong_type")

    def missing(self, page: Page) -> list[FieldError]:
        """The errors of a required question left unanswered."""
        return [
            FieldError(page.id, self.required_message(page), self.missing_parts, code="required")
        ]

    def check(self, page: Page, raw: Any, today: dt.date) -> tuple[Any, list[FieldError]]:
        """A given answer of a type it takes: (normalised answer, []) or (None, errors)."""
        try:
            return self.normalise(page, raw, today), []
        except Invalid as exc:
            # a question with choices refuses only values that are not one of them
            allowed = tuple(value for value, _text in self.choices(page))
            code = exc.code or ("not_a_choice" if allowed else "invalid")
            return None, [FieldError(page.id, exc.message, exc.parts, code, allowed)]

    def normalise(self, page: Page, raw: Any, today: dt.date) -> Any:
        """The answer as stored; raises Invalid."""
        raise NotImplementedError

    def text_of(self, page: Page, raw: Any) -> str:
        if not isinstance(raw, str):  # wrong_type() has refused every other type already
            raise Invalid(self.required_message(page))
        return raw.strip()

    def in_parts(self, raw: Any) -> bool:
        """Whether its errors name one input of several (the API's `answers.<id>.<part>`)."""
        return isinstance(raw, dict)

    # -- the definition ---------------------------------------------------------------------

    def choices(self, page: Page) -> list[tuple[str, str]]:
        """The (value, text) pairs a citizen chooses from: the page's options."""
        return [(option.value, option.text) for option in page.options or []]

    def values(self, page: Page) -> list[str]:
        """The answers it takes when it offers choices (what a route's `if` may compare)."""
        return [value for value, _text in self.choices(page)]

    def setting_problems(self, page: Page) -> list[tuple[tuple, str]]:
        """Its settings that contradict each other, as (location under the page, message)."""
        return []

    # -- the HTML flow ----------------------------------------------------------------------

    def posted(self, page: Page, form: MultiDict) -> Any:
        """The raw answer as the engine takes it, from the posted form."""
        return form.get(page.id, "")

    def shown(self, page: Page, value: Any) -> Any:
        """A stored (normalised) answer as the inputs show it again."""
        return "" if value is None else value

    def error_href(self, page: Page, error: FieldError) -> str:
        """The id of the input an error summary link moves focus to."""
        return f"#{page.id}"

    def params(self, page: Page, value: Any, errors: list[FieldError]) -> dict:
        """The parameters of the GOV.UK Frontend macro that asks `page`."""
        params = {
            "id": page.id,
            "name": page.id,
            "label": widgets.label(page),
            "hint": widgets.hint(page),
            "errorMessage": widgets.error_message(errors),
            "value": "" if value is None else str(value),
            "autocomplete": page.autocomplete or self.autocomplete,
            "classes": self.width,
        }
        if self.input_type:
            params["type"] = self.input_type
        if self.spellcheck is not None:
            params["spellcheck"] = self.spellcheck
        if self.inputmode:
            params["inputmode"] = self.inputmode
        return params

    def check_answers_html(self, page: Page, value: Any) -> Markup:
        """A normalised answer as check your answers shows it."""
        if value is None or value == []:
            return Markup(escape(gettext("Not given")))
        return self.answer_html(page, value)

    def answer_html(self, page: Page, value: Any) -> Markup:
        return escape(str(value))

    # -- the JSON Schema of its answer (GET /api/v1/forms/<id>/schema) ----------------------

    def value_schema(self, page: Page) -> dict[str, Any]:
        return {"type": "string", "pattern": FILLED}

    def blank_schemas(self) -> list[dict[str, Any]]:
        """The answers that leave it unanswered: null, blank text, inputs all left blank."""
        return [BLANK]

    def equals_schema(self, page: Page, value: str) -> dict[str, Any]:
        """The schema of "this page's answer matches `value`" (a route's `if`): every answer the
        engine normalises to `value`."""
        return {"const": value}
