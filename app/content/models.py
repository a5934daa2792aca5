"""The content schema: every file in `content/` is validated against one of these models.

Documented for editors in docs/content-model.md; tests/content/test_docs.py keeps the two in step.
`extra="forbid"` everywhere: a misspelt field is an error, not silently ignored.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    field_validator,
    model_validator,
)

from .page_types import PageType, type_problems

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
HexColour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
# The site's public address: scheme and host (and port), no path; site.yaml's and BASE_URL's.
BaseUrl = Annotated[str, StringConstraints(pattern=r"^https?://[^/\s]+$")]
TITLE_WARN_LENGTH = 65
DESCRIPTION_WARN_LENGTH = 160


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChangeNote(Strict):
    date: dt.date
    note: Text


class ImageSpec(Strict):
    file: Text
    alt: str  # required; "" only for a decorative image
    caption: str | None = None
    credit: str | None = None


class AttachmentSpec(Strict):
    file: Text
    title: Text
    pages: int | None = Field(default=None, ge=1)


class StepLink(Strict):
    text: Text
    path: Text
    cost: str | None = None


class Step(Strict):
    title: Text
    body: str | None = None
    logic: Literal["and", "or"] | None = None
    links: list[StepLink] = []


def _internal_path(value: str) -> str:
    if not value.startswith("/"):
        raise ValueError("must be a path on the portal starting with /, such as /vehicle-tax")
    return value


def _none_yet(**constraints):
    """An empty list as a page field's default: made anew for each page, where a `[]` default is
    deep-copied by pydantic (six a page, read in the build's one process), and still shown as
    the default in the front matter's JSON Schema."""
    return Field(default_factory=list, json_schema_extra={"default": []}, **constraints)


class PageMeta(Strict):
    """Front matter of a content page (and of a guide's index.md)."""

    title: Text
    description: Text
    type: PageType
    organisation: Slug | None = None
    organisations: list[Slug] = _none_yet()
    topics: list[Slug] = _none_yet()
    updated: dt.date
    change_history: list[ChangeNote] = _none_yet()
    related: list[str] = _none_yet(max_length=5)
    redirect_from: list[str] = _none_yet()
    slug: Slug | None = None
    images: list[ImageSpec] = _none_yet()
    attachments: list[AttachmentSpec] = _none_yet()
    form: Slug | None = None
    parts: list[Slug] | None = None
    part_title: Text | None = None
    steps: list[Step] | None = None
    published: dt.date | None = None
    opens: dt.date | None = None
    closes: dt.date | None = None
    respond_email: str | None = None
    outcome: str | None = None
    # translations only: the original's `updated` date this translation was made from; a later
    # one in the original makes `build.py check` warn that the translation is out of date
    original_updated: dt.date | None = None

    @field_validator("related", "redirect_from")
    @classmethod
    def _paths(cls, values: list[str]) -> list[str]:
        return [_internal_path(v) for v in values]

    def rule_problems(self) -> list[tuple[str, str]]:
        """Rules between fields, as (field, message) so the loader can point at the field's line."""
        found = []
        if self.organisation and self.organisations:
            found.append(("organisations", "give `organisation` or `organisations`, not both"))
        return found + type_problems(self)

    @property
    def organisation_slugs(self) -> list[str]:
        return [self.organisation] if self.organisation else list(self.organisations)

    @property
    def published_on(self) -> dt.date:
        if self.published:
            return self.published
        if self.change_history:
            return min(note.date for note in self.change_history)
        return self.updated


class PartMeta(Strict):
    """Front matter of a guide part file."""

    title: Text
    description: str | None = None


# A language's code, as BCP 47 writes it in lower case ("en", "cy", "pt-br"): the file name
# suffix of a translation (`vehicle-tax.cy.md`) and the URL prefix of its pages (`/cy/`).
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$")]


class NameText(Strict):
    """An organisation's or a topic's name in another language: each field given replaces the
    default language's on that language's pages."""

    title: Text | None = None
    acronym: Text | None = None
    description: Text | None = None


class OrganisationMeta(Strict):
    title: Text
    acronym: str | None = None
    description: Text
    translations: dict[LanguageCode, NameText] = {}  # {cy: {title: …, description: …}}
    brand_colour: HexColour | None = None
    contact: Slug | None = None
    parent: Slug | None = None
    website: str | None = None
    updated: dt.date


class Topic(Strict):
    slug: Slug
    title: Text
    description: Text
    translations: dict[LanguageCode, NameText] = {}  # {cy: {title: …, description: …}}
    subtopics: list[Topic] = []


class Phone(Strict):
    label: Text
    number: Text


class Contact(Strict):
    title: Text
    organisation: Slug | None = None
    description: str | None = None
    address: list[Text] = []
    phones: list[Phone] = []
    hours: list[Text] = []
    email: str | None = None

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            raise ValueError("is not an email address")
        return value


class Redirect(Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    from_: str = Field(alias="from")
    to: str

    @field_validator("from_")
    @classmethod
    def _from(cls, value: str) -> str:
        return _internal_path(value)

    @field_validator("to")
    @classmethod
    def _to(cls, value: str) -> str:
        if value.startswith("https://"):
            return value
        return _internal_path(value)


class Link(Strict):
    text: Text
    href: Text


class PhaseBanner(Strict):
    tag: Text
    text: Text
    # the words of `text` that link to the feedback page (/feedback/site), as GOV.UK's banner does
    link_text: Text | None = None

    @model_validator(mode="after")
    def _link_in_text(self) -> PhaseBanner:
        if self.link_text is not None and self.link_text not in self.text:
            raise ValueError(
                f"link_text {self.link_text!r} is not in text {self.text!r}: give words of the "
                "text, such as 'giving feedback'"
            )
        return self


class SettingsText(Strict):
    """The text of site.yaml in one language other than the default: each field given replaces
    the default language's on that language's pages (content, so translated by editors)."""

    name: Text | None = None
    title_suffix: Text | None = None
    phase_banner: PhaseBanner | None = None
    footer_links: list[Link] | None = None
    licence: str | None = None
    copyright: str | None = None


class SiteSettings(Strict):
    name: Text
    title_suffix: Text | None = None
    organisation: Slug
    base_url: BaseUrl
    language: LanguageCode = "en"  # the default language: its pages have no URL prefix
    # every language the site publishes in, the default included (default: just the default)
    languages: list[LanguageCode] = []
    # each language's name in that language ("English", "Cymraeg"): the language switcher's links
    language_names: dict[LanguageCode, Text] = {}
    # site.yaml's text in the other languages: {cy: {phase_banner: …, footer_links: …}}
    translations: dict[LanguageCode, SettingsText] = {}
    brand_colour: HexColour = "#1d70b8"
    feedback_email: str  # where "Report a problem with this page" sends people without JavaScript
    phase_banner: PhaseBanner | None = None
    footer_links: list[Link] = []
    licence: str | None = None
    copyright: str | None = None
    _in_language: dict = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _languages(self) -> SiteSettings:
        if not self.languages:
            object.__setattr__(self, "languages", [self.language])
        elif self.language not in self.languages:
            raise ValueError(
                f"the default language `{self.language}` is not in `languages`: add it, "
                f"such as languages: [{', '.join([self.language, *self.languages])}]"
            )
        if len(set(self.languages)) != len(self.languages):
            raise ValueError("`languages` names a language twice: list each once")
        if len(self.languages) > 1:
            unnamed = [code for code in self.languages if code not in self.language_names]
            if unnamed:
                raise ValueError(
                    f"`language_names` has no name for {', '.join(unnamed)}: give each "
                    "language's name in that language, such as {en: English, cy: Cymraeg}"
                )
        for code in [*self.language_names, *self.translations]:
            if code not in self.languages:
                raise ValueError(
                    f"`{code}` is not one of the site's `languages` "
                    f"({', '.join(self.languages)}): add it there or remove its entry"
                )
        return self

    @property
    def host(self) -> str:
        return self.base_url.split("://", 1)[1]

    @property
    def other_languages(self) -> list[str]:
        """The languages whose pages are under a prefix (/cy/…): all but the default."""
        return [code for code in self.languages if code != self.language]

    def prefix(self, language: str) -> str:
        """The URL prefix of a language's pages: "" for the default, "/cy" for Welsh."""
        return "" if language == self.language else f"/{language}"

    def for_language(self, language: str) -> SiteSettings:
        """These settings with the text of `language` (site.yaml's `translations`): what a page
        in that language shows. Made once a language, not once a page."""
        # (model_copy shares this dict with the copy, as with `base_url` replaced: an entry
        # counts only for the settings that made it)
        owner, found = self._in_language.get(language, (None, None))
        if owner is not self:
            text = self.translations.get(language)
            update = text.model_dump(exclude_unset=True) if text else {}
            found = self.model_copy(update={k: getattr(text, k) for k in update})
            found._in_language = {language: (found, found)}
            self._in_language[language] = (self, found)
        return found


class BestBet(Strict):
    query: Text
    pages: list[str] = Field(min_length=1, max_length=5)

    @field_validator("pages")
    @classmethod
    def _pages(cls, values: list[str]) -> list[str]:
        return [_internal_path(v) for v in values]


class LanguageSearchSettings(Strict):
    """The synonyms and best bets of searches in one language."""

    synonyms: list[Annotated[list[Text], Field(min_length=2)]] = []
    best_bets: list[BestBet] = []


class SearchSettings(LanguageSearchSettings):
    """`content/search.yaml`: words that mean the same, and pages pinned first for a query.
    Those at the top level are the default language's; `languages` gives another language's
    own (`languages: {cy: {synonyms: […], best_bets: […]}}`): none are shared, as words that
    mean the same in one language are not another's."""

    languages: dict[LanguageCode, LanguageSearchSettings] = {}

    def for_language(self, language: str, default: str) -> LanguageSearchSettings:
        if language == default:
            return self
        return self.languages.get(language) or LanguageSearchSettings()
