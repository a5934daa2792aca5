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


class PageMeta(Strict):
    """Front matter of a content page (and of a guide's index.md)."""

    title: Text
    description: Text
    type: PageType
    organisation: Slug | None = None
    organisations: list[Slug] = []
    topics: list[Slug] = []
    updated: dt.date
    change_history: list[ChangeNote] = []
    related: list[str] = Field(default=[], max_length=5)
    redirect_from: list[str] = []
    slug: Slug | None = None
    images: list[ImageSpec] = []
    attachments: list[AttachmentSpec] = []
    form: Slug | None = None
    parts: list[Slug] | None = None
    part_title: Text | None = None
    steps: list[Step] | None = None
    published: dt.date | None = None
    opens: dt.date | None = None
    closes: dt.date | None = None
    respond_email: str | None = None
    outcome: str | None = None

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


class OrganisationMeta(Strict):
    title: Text
    acronym: str | None = None
    description: Text
    brand_colour: HexColour | None = None
    contact: Slug | None = None
    parent: Slug | None = None
    website: str | None = None
    updated: dt.date


class Topic(Strict):
    slug: Slug
    title: Text
    description: Text
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


class SiteSettings(Strict):
    name: Text
    title_suffix: Text | None = None
    organisation: Slug
    base_url: BaseUrl
    language: str = "en"
    brand_colour: HexColour = "#1d70b8"
    feedback_email: str  # where "Report a problem with this page" sends people without JavaScript
    phase_banner: PhaseBanner | None = None
    footer_links: list[Link] = []
    licence: str | None = None
    copyright: str | None = None

    @property
    def host(self) -> str:
        return self.base_url.split("://", 1)[1]


class BestBet(Strict):
    query: Text
    pages: list[str] = Field(min_length=1, max_length=5)

    @field_validator("pages")
    @classmethod
    def _pages(cls, values: list[str]) -> list[str]:
        return [_internal_path(v) for v in values]


class SearchSettings(Strict):
    """`content/search.yaml`: words that mean the same, and pages pinned first for a query."""

    synonyms: list[Annotated[list[Text], Field(min_length=2)]] = []
    best_bets: list[BestBet] = []
