"""The shape of a form's `translations:` block: its text in another language, by the ids the
form already has (pages by id, options by value, exit pages by id).

One block per language, after the form: the English (the site's default language) stays as it
is, a translator's pull request touches only their block, and `build.py check` compares the
block with the form (app/forms/translation.py) so a missing or misnamed text names its line.
docs/forms.md says why this shape rather than a map of languages on every field.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, StringConstraints, field_validator

from app.content.models import Slug, Strict, Text
from app.i18n import current_language

# What the citizen sends, as it goes in a sentence, in the letters of Latin-script languages
# (Welsh has ŵ and ŷ, French é and ç): spelt out, as editors' JSON Schema regexes have no \w
# for them.
LETTER = "a-zß-öø-ÿĀ-ſ"
TranslatedNoun = Annotated[str, StringConstraints(pattern=rf"^[{LETTER}]+(?:[ '’-][{LETTER}]+)*$")]


class RepeatText(Strict):
    """A repeating group's nouns: `{noun: person, plural: people}`."""

    noun: TranslatedNoun | None = Field(default=None, description="one entry: `person`")
    plural: TranslatedNoun | None = Field(default=None, description="more than one: `people`")


class PageText(Strict):
    """One page's text (a question, or a repeating group's nouns)."""

    question: Text | None = Field(default=None, description="the page heading")
    hint: str | None = Field(default=None, description="the help under the question")
    name: Text | None = Field(default=None, description="how error messages name the answer")
    options: dict[str, Text] | None = Field(
        default=None,
        description="each option's text, by its `value`: `{road: Ar ffordd}`",
    )
    repeat: RepeatText | None = Field(
        default=None, description="a repeating group's `noun` and `plural`"
    )

    _sorted_options = field_validator("options")(lambda value: by_key(value))


class ExitPageText(Strict):
    title: Text | None = Field(default=None, description="the exit page's heading")
    body: Text | None = Field(default=None, description="Markdown: why, and what to do instead")


class FormText(Strict):
    """The form's text in one language. Every text the form has must be given (a form offers a
    language completely or not at all): `build.py check` names what is missing."""

    title: Text | None = Field(default=None, description="the service's name")
    declaration: str | None = Field(default=None, description="what the citizen confirms")
    confirmation: str | None = Field(
        default=None, description="Markdown: what happens next, on the confirmation page"
    )
    noun: TranslatedNoun | None = Field(
        default=None, description="what the citizen sends, in lower case: `adroddiad`"
    )
    confirmation_title: Text | None = Field(
        default=None, description="the confirmation panel's title"
    )
    pages: dict[Slug, PageText] = Field(
        default={},
        description="each page's text by its id, the pages of repeating groups too: "
        "`{location-type: {question: …, options: {road: …}}}`",
    )
    exit_pages: dict[Slug, ExitPageText] = Field(
        default={}, description="each exit page's `title` and `body`, by its id"
    )

    _sorted = field_validator("pages", "exit_pages")(lambda value: by_key(value))


def by_key(found: dict | None) -> dict | None:
    """A map in order of its keys: the same form gives the same definition (GET /api/v1/forms/
    <id>) read from its YAML or from the build's compiled JSON, whose keys are sorted."""
    return dict(sorted(found.items())) if found else found


def text_language(shown: Any) -> str | None:
    """The language of a localised copy's text (a form, page or exit page: app/forms/
    translation.py); None for the form as written, in the site's default language."""
    return getattr(shown, "_text_language", None)


def foreign_language(shown: Any) -> str | None:
    """The language of the form's text when it is not the reader's (a Welsh reader's form that
    is only in English): what its text's `lang` attribute says. None when it is theirs."""
    language = text_language(shown)
    return language if language and language != current_language() else None
