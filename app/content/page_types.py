"""The page types, in one table: what each `type:` of front matter means everywhere it matters.

A page's type decides its labels, its template, the lists it appears in, whether it is a folder,
and the front matter it needs or may not have. Everything that differs by type reads it from its
`PageKind` here (`page.kind` on a loaded page, also in templates) instead of comparing names.

To add a type: a member of `PageType`, a row of `PAGE_KINDS`, its template if it has its own, and
its description in docs/content-model.md (tests/content/test_docs.py holds the doc to the enum).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from app.i18n import N_

if TYPE_CHECKING:
    from .models import PageMeta

# (front matter field, message) pairs, for the loader to report against the field's line.
FieldProblems = list[tuple[str, str]]


class PageType(StrEnum):
    # The order is the one validation messages list them in ("must be one of 'guide', …").
    GUIDE = "guide"
    ANSWER = "answer"
    START = "start"
    STEP_BY_STEP = "step-by-step"
    NEWS = "news"
    CONSULTATION = "consultation"
    PAGE = "page"


@dataclass(frozen=True)
class PageKind:
    """What one page type means."""

    type: PageType
    label: str  # over a page's title and beside it in lists: "News story"
    search_label: str  # in the search's type filter and on its results: "News"
    organisation_group: str  # the heading it is listed under on its organisations' pages
    template: str = "site/page.html"
    in_a_to_z: bool = False  # the things a citizen comes to do or find out
    dated: bool = False  # listed newest first, and on the News page
    folder: bool = False  # a folder with index.md and one file a part
    needs_organisation: bool = True
    start_button: bool = False  # the body is split at its first ## by the Start now button
    published_date: bool = False  # shows and publishes the day it was first published
    opens_and_closes: bool = False  # open between two dates: the page says which state it is in
    # Front matter only this type (and any other naming it) may have.
    own_fields: frozenset[str] = frozenset()
    # What the type needs beyond the common fields.
    requirements: Callable[[PageMeta], FieldProblems] = lambda meta: []


def _start_requirements(meta: PageMeta) -> FieldProblems:
    if not meta.form:
        return [("type", "a start page needs `form: <id>` naming the form its button starts")]
    return []


def _guide_requirements(meta: PageMeta) -> FieldProblems:
    if meta.parts is None:
        return [("type", "a guide needs `parts:` listing its part files in order")]
    return []


def _step_by_step_requirements(meta: PageMeta) -> FieldProblems:
    if not meta.steps:
        return [("type", "a step-by-step needs `steps:`, a list of steps with titles and links")]
    return []


def _consultation_requirements(meta: PageMeta) -> FieldProblems:
    if not (meta.opens and meta.closes):
        return [("type", "a consultation needs `opens:` and `closes:` dates (YYYY-MM-DD)")]
    if meta.closes < meta.opens:
        return [("closes", "`closes` is before `opens`: check the dates")]
    return []


PAGE_KINDS: dict[PageType, PageKind] = {
    kind.type: kind
    for kind in (
        PageKind(
            PageType.GUIDE,
            N_("Guide"),
            N_("Guide"),
            N_("Guidance"),
            template="site/guide.html",
            in_a_to_z=True,
            folder=True,
            own_fields=frozenset({"parts", "part_title"}),
            requirements=_guide_requirements,
        ),
        PageKind(PageType.ANSWER, N_("Guidance"), N_("Guidance"), N_("Guidance"), in_a_to_z=True),
        PageKind(
            PageType.START,
            N_("Service"),
            N_("Service"),
            N_("Services"),
            template="site/start.html",
            in_a_to_z=True,
            start_button=True,
            own_fields=frozenset({"form"}),
            requirements=_start_requirements,
        ),
        PageKind(
            PageType.STEP_BY_STEP,
            N_("Step by step"),
            N_("Step by step"),
            N_("Guidance"),
            template="site/step_by_step.html",
            in_a_to_z=True,
            own_fields=frozenset({"steps"}),
            requirements=_step_by_step_requirements,
        ),
        PageKind(
            PageType.NEWS,
            N_("News story"),
            N_("News"),
            N_("News"),
            dated=True,
            published_date=True,
            own_fields=frozenset({"published"}),
        ),
        PageKind(
            PageType.CONSULTATION,
            N_("Consultation"),
            N_("Consultation"),
            N_("Consultations"),
            template="site/consultation.html",
            dated=True,
            opens_and_closes=True,
            own_fields=frozenset({"opens", "closes", "outcome", "respond_email", "form"}),
            requirements=_consultation_requirements,
        ),
        PageKind(
            PageType.PAGE,
            N_("Information"),
            N_("Information"),
            N_("Guidance"),
            needs_organisation=False,
        ),
    )
}

# Each type's own field on a page of another type, in the order they are reported: the fix.
FOREIGN_FIELD_MESSAGES = {
    "parts": "`parts` is only for guides (`type: guide`): remove it",
    "part_title": "`part_title` is only for guides (`type: guide`): remove it",
    "steps": "`steps` is only for `type: step-by-step`: remove it",
    "opens": "`opens` is only for consultations: remove it",
    "closes": "`closes` is only for consultations: remove it",
    "outcome": "`outcome` is only for consultations: remove it",
    "respond_email": "`respond_email` is only for consultations: remove it",
    "form": "`form` is only for start pages and consultations: remove it",
    "published": "`published` is only for news: use `updated`",
}


def kind_of(page_type: PageType) -> PageKind:
    return PAGE_KINDS[page_type]


def type_problems(meta: PageMeta) -> FieldProblems:
    """What the page's type needs and forbids: an organisation, its own requirements, then each
    field of another type that it has."""
    kind, found = kind_of(meta.type), []
    if kind.needs_organisation and not meta.organisation_slugs:
        found.append(("type", "add `organisation: <slug>` naming a file in content/organisations/"))
    found += kind.requirements(meta)
    for name, message in FOREIGN_FIELD_MESSAGES.items():
        if name not in kind.own_fields and getattr(meta, name) is not None:
            found.append((name, message))
    return found
