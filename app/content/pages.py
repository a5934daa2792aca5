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
    # The language of a translation (`<slug>.cy.md`); None in the default language's file until
    # the site is loaded, which sets the default's code (load_site)
    language: str | None = None
    # The URL of the page in the default language that this page is, or translates: its own URL
    # without the language prefix (/vehicle-tax for /cy/vehicle-tax). Translations are linked by it.
    original_url: str = ""

    @property
    def is_translation(self) -> bool:
        return self.url != self.original_url

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
    prefix: str = ""  # the URL prefix of its page's language: "/cy" for its Welsh page
    # whether its body is the default language's, shown on another language's page
    body_language: str | None = None

    @property
    def url(self) -> str:
        return f"{self.prefix}/organisations/{self.slug}"

    @property
    def title(self) -> str:
        return self.meta.title

    def in_language(self, code: str, prefix: str, default: str) -> Organisation:
        """This organisation as a page in `code` shows it: its name there, its URL there."""
        text = self.meta.translations.get(code)
        update = text.model_dump(exclude_none=True) if text else {}
        meta = self.meta.model_copy(update=update)
        return Organisation(self.slug, meta, self.source, self.body, prefix, default)


@dataclass
class TopicNode:
    slug: str
    title: str
    description: str
    parent: TopicNode | None = None
    children: list[TopicNode] = field(default_factory=list)
    prefix: str = ""  # the URL prefix of its page's language: "/cy" for its Welsh page

    @property
    def url(self) -> str:
        return f"{self.prefix}/browse/{self.slug}"

    @classmethod
    def tree(
        cls,
        specs: list[TopicSpec],
        parent: TopicNode | None = None,
        language: str | None = None,
        prefix: str = "",
    ) -> list[TopicNode]:
        """The taxonomy's nodes, named in `language` where topics.yaml translates them."""
        nodes = []
        for spec in specs:
            text = spec.translations.get(language) if language else None
            title = (text and text.title) or spec.title
            description = (text and text.description) or spec.description
            node = cls(spec.slug, title, description, parent, prefix=prefix)
            node.children = cls.tree(spec.subtopics, node, language, prefix)
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
    # each page's versions by language, keyed by the default language's URL (Page.original_url):
    # {"/vehicle-tax": {"en": <page>, "cy": <page>}}, in the order of the site's languages
    translations: dict[str, dict[str, Page]] = field(default_factory=dict)

    def versions_of(self, page: Page) -> dict[str, Page]:
        """The page in each language it is published in, itself included."""
        return self.translations.get(page.original_url) or {page.language: page}

    def link_translations(self) -> None:
        """Index the pages by their original (once a build, after every page is loaded)."""
        order = {code: index for index, code in enumerate(self.settings.languages)}
        found: dict[str, dict[str, Page]] = {}
        for page in self.pages.values():
            if page.language is None:
                page.language = self.settings.language
            found.setdefault(page.original_url, {})[page.language] = page

        def in_order(versions: dict[str, Page]) -> dict[str, Page]:
            return dict(sorted(versions.items(), key=lambda item: order.get(item[0], len(order))))

        # most pages have one version: nothing to sort (a quarter of a second at 100,000 pages)
        self.translations = {
            url: versions if len(versions) == 1 else in_order(versions)
            for url, versions in found.items()
        }

    # topics.yaml as read, for the taxonomy in each language (`in_language`)
    topic_specs: list[TopicSpec] = field(default_factory=list)
    _languages: dict[str, InLanguage] = field(default_factory=dict)

    def in_language(self, code: str | None) -> InLanguage:
        """The organisations and topics as `code`'s pages show them (named in that language,
        at its URLs); made once a language, for the pages of that language to share."""
        code = code or self.settings.language
        found = self._languages.get(code)
        if found is None:
            if code == self.settings.language:
                found = InLanguage(code, self.organisations, self.topics, self.topics_by_slug)
            else:
                prefix, default = self.settings.prefix(code), self.settings.language
                orgs = {
                    slug: org.in_language(code, prefix, default)
                    for slug, org in self.organisations.items()
                }
                topics = TopicNode.tree(self.topic_specs, None, code, prefix)
                found = InLanguage(code, orgs, topics, _by_slug(topics))
            self._languages[code] = found
        return found

    def page_for(self, url: str) -> Page | None:
        return self.pages.get(url)

    def guide_parts(self):
        for page in self.pages.values():
            yield from page.parts[1:]


@dataclass
class InLanguage:
    """The organisations and topics in one language (Site.in_language)."""

    code: str
    organisations: dict[str, Organisation]
    topics: list[TopicNode]
    topics_by_slug: dict[str, TopicNode]


def _by_slug(nodes: list[TopicNode], found: dict | None = None) -> dict[str, TopicNode]:
    found = {} if found is None else found
    for node in nodes:
        found.setdefault(node.slug, node)
        _by_slug(node.children, found)
    return found


__all__ = [
    "InLanguage",
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
