"""What the loader makes of the content tree: pages, guide parts, organisations, topics.

Plain dataclasses: the site blueprint and the templates read these; nothing here touches Flask.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .models import (
    Contact,
    OrganisationMeta,
    PageMeta,
    PartMeta,
    Redirect,
    SearchSettings,
    SiteSettings,
)
from .models import Topic as TopicSpec
from .page_types import PageKind, PageType, kind_of
from .yamlsource import LineMap

if TYPE_CHECKING:
    from app.forms.definition import FormDefinition

    from .style.config import StyleSettings


@dataclass
class Rendered:
    """A Markdown body once rendered: HTML, its headings (for contents lists) and search text."""

    html: str = ""
    headings: list = field(default_factory=list)
    text: str = ""  # the words without markup, for the search index


@dataclass
class Source:
    """Where a body came from, so problems can name the file and line."""

    path: str  # as shown to editors
    folder: Path  # for images and attachments beside the file
    body: str
    body_line: int
    lines: LineMap
    # the front matter, when it silences a style rule (yamlsource.MarkdownFile.style_comments)
    style_comments: str = ""


@dataclass
class GuidePart:
    slug: str  # "" for the first part, published at the guide's own URL
    url: str
    title: str
    source: Source
    body: Rendered = field(default_factory=Rendered)


@dataclass
class Page:
    url: str
    meta: PageMeta
    source: Source
    body: Rendered = field(default_factory=Rendered)
    parts: list[GuidePart] = field(default_factory=list)  # guides only; parts[0] is this page
    after_start: Rendered | None = None  # start pages: the body after the Start now button
    outcome: Rendered | None = None  # consultations with a published outcome
    step_bodies: list[Rendered] = field(default_factory=list)  # step-by-steps: each step's body
    media: dict[str, str] = field(default_factory=dict)  # file name -> published URL

    @property
    def type(self) -> PageType:
        return self.meta.type

    @property
    def kind(self) -> PageKind:
        """What the page's type means: its labels, template, listings (page_types.py)."""
        return kind_of(self.meta.type)

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def slug(self) -> str:
        return self.url.strip("/")


@dataclass
class Organisation:
    slug: str
    meta: OrganisationMeta
    source: Source
    body: Rendered = field(default_factory=Rendered)

    @property
    def url(self) -> str:
        return f"/organisations/{self.slug}"

    @property
    def title(self) -> str:
        return self.meta.title


@dataclass
class TopicNode:
    slug: str
    title: str
    description: str
    parent: TopicNode | None = None
    children: list[TopicNode] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"/browse/{self.slug}"

    @classmethod
    def tree(cls, specs: list[TopicSpec], parent: TopicNode | None = None) -> list[TopicNode]:
        nodes = []
        for spec in specs:
            node = cls(spec.slug, spec.title, spec.description, parent)
            node.children = cls.tree(spec.subtopics, node)
            nodes.append(node)
        return nodes

    def lineage(self) -> list[TopicNode]:
        """This topic and its ancestors, outermost first: the breadcrumb trail."""
        trail, node = [], self
        while node is not None:
            trail.insert(0, node)
            node = node.parent
        return trail


@dataclass
class LoadedForm:
    """A valid form definition, with where it came from for checks between files."""

    definition: FormDefinition
    path: str
    lines: LineMap


@dataclass
class Site:
    """The whole content tree, loaded and cross-referenced."""

    settings: SiteSettings
    content_dir: Path
    today: dt.date
    pages: dict[str, Page] = field(default_factory=dict)  # by URL
    organisations: dict[str, Organisation] = field(default_factory=dict)
    topics: list[TopicNode] = field(default_factory=list)  # top level, in taxonomy order
    topics_by_slug: dict[str, TopicNode] = field(default_factory=dict)
    contacts: dict[str, Contact] = field(default_factory=dict)
    # each redirect of redirects.yaml with (file, line) for messages
    redirects: list[tuple[Redirect, tuple[str, int]]] = field(default_factory=list)
    form_ids: set[str] = field(default_factory=set)  # every file in forms/, valid or not
    forms: dict[str, LoadedForm] = field(default_factory=dict)  # the valid definitions, by id
    search: SearchSettings = field(default_factory=SearchSettings)
    search_lines: LineMap = field(default_factory=LineMap)  # for problems in search.yaml
    # url of a page -> the step-by-steps whose steps link to it ("Part of …" sidebars)
    step_by_steps_of: dict[str, list[Page]] = field(default_factory=dict)
    # lines of site.yaml, so checks between files can point at a setting's line
    settings_lines: LineMap = field(default_factory=LineMap)
    # URLs of page files that could not be read: a link to one is not reported as well
    unreadable: set[str] = field(default_factory=set)
    # content/style.yaml, for the style lint the renderer runs (None: no lint)
    style: StyleSettings | None = None

    def page_for(self, url: str) -> Page | None:
        return self.pages.get(url)

    def guide_parts(self):
        for page in self.pages.values():
            yield from page.parts[1:]


__all__ = [
    "GuidePart",
    "LoadedForm",
    "Organisation",
    "Page",
    "PartMeta",
    "Rendered",
    "Site",
    "Source",
    "TopicNode",
]
