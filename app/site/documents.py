"""Every content URL of the site and what it shows: a page, a guide part, a printable guide, or a
redirect from an old path. Built once per site; the views and the freezer both use it. Plain
functions of the site and its index (`Documents`), so that they need no app to look things up."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.content.crossref import page_path
from app.content.pages import GuidePart, Page, Site
from app.i18n import gettext_in


@dataclass(frozen=True)
class Document:
    kind: str  # "page", "part", "print" or "redirect"
    url: str
    page: Page | None = None
    part: GuidePart | None = None
    target: str | None = None  # redirects only

    @property
    def template(self) -> str:
        if self.kind == "redirect":
            return "site/redirect.html"
        if self.kind == "print":
            return "site/guide_print.html"
        return self.page.kind.template


def documents_of(page: Page) -> list[Document]:
    """What one content page publishes: itself, its guide parts and its printable version."""
    documents = [Document("page", page.url, page)]
    documents += [Document("part", part.url, page, part) for part in page.parts[1:]]
    if page.parts:
        documents.append(Document("print", f"{page.url}/print", page))
    return documents


def content_json_url(document: Document) -> str | None:
    """The machine-readable copy of a page or part, `/api/content/<path>.json`."""
    return f"/api/content{document.url}.json" if document.kind in ("page", "part") else None


class Documents(Mapping):
    """Every URL's document (page, guide part, printable guide, redirect), by URL.

    A page's own documents are worked out from the page when asked for: an incremental build
    that renders one page of 100,000 asks for a handful. Anything else (a redirect, a URL with no
    document, a walk over them all) builds the whole index, once (`build_index`)."""

    def __init__(self, site: Site):
        self.site = site
        self._all: dict[str, Document] | None = None

    def whole(self) -> dict[str, Document]:
        if self._all is None:
            self._all = build_index(self.site)
        return self._all

    def _of_page(self, path: str) -> Document | None:
        """The document at `path` if a page publishes it, as build_index finds it (a page's
        URL has one segment, its parts' and printable version's two; "print" beats a part)."""
        pages = self.site.pages
        page = pages.get(path)
        if page is not None:
            return Document("page", path, page)
        head, _slash, tail = path.rpartition("/")
        page = pages.get(head) if head else None
        if page is None or not page.parts:
            return None
        if tail == "print":
            return Document("print", path, page)
        for part in page.parts[1:]:
            if part.url == path:
                return Document("part", path, page, part)
        return None

    def get(self, path, default=None):
        if self._all is None:
            found = self._of_page(path)
            if found is not None:
                return found
        return self.whole().get(path, default)

    def __getitem__(self, path: str) -> Document:
        found = self.get(path)
        if found is None:
            raise KeyError(path)
        return found

    def __contains__(self, path) -> bool:
        return self.get(path) is not None

    def __iter__(self):
        return iter(self.whole())

    def __len__(self) -> int:
        return len(self.whole())

    def values(self):
        return self.whole().values()

    def items(self):
        return self.whole().items()

    def keys(self):
        return self.whole().keys()


def build_index(site: Site) -> dict[str, Document]:
    index: Documents = {}
    for page in site.pages.values():
        index.update((document.url, document) for document in documents_of(page))
        for old in page.meta.redirect_from:
            index.setdefault(old, Document("redirect", old, target=page.url))
    for redirect, _where in site.redirects:
        index.setdefault(redirect.from_, Document("redirect", redirect.from_, target=redirect.to))
    return index


def breadcrumbs(site: Site, page: Page) -> list[tuple[str, str]]:
    """Home, then the page's first topic and its ancestors; else its organisation (in the
    page's language, at that language's URLs)."""
    names = site.in_language(page.language)
    prefix = site.settings.prefix(names.code)
    crumbs = [(gettext_in(page.language, "Home"), f"{prefix}/" if prefix else "/")]
    topic = next(
        (names.topics_by_slug[s] for s in page.meta.topics if s in names.topics_by_slug), None
    )
    if topic:
        crumbs += [(node.title, node.url) for node in topic.lineage()]
    elif page.meta.organisation_slugs and page.meta.organisation_slugs[0] in names.organisations:
        org = names.organisations[page.meta.organisation_slugs[0]]
        crumbs += [
            (gettext_in(page.language, "Organisations"), f"{prefix}/organisations"),
            (org.title, org.url),
        ]
    return crumbs


def _unprefixed(site: Site, path: str) -> tuple[str, str]:
    """A path's language and the path without that language's prefix."""
    head, slash, rest = path[1:].partition("/")
    if head in site.settings.other_languages:
        return head, f"/{rest}" if slash else "/"
    return site.settings.language, path


def title_of(site: Site, documents: Documents, url: str) -> str | None:
    """The title of whatever the portal publishes at `url`, for link text."""
    return described(site, documents, url)[0]


def described(site: Site, documents: Documents, url: str) -> tuple[str | None, str | None]:
    """The title of whatever the portal publishes at `url`, and its language."""
    path = page_path(url)
    language, own = _unprefixed(site, path)
    slug = own.rsplit("/", 1)[-1]
    names = site.in_language(language)
    if own.startswith("/organisations/") and slug in names.organisations:
        return names.organisations[slug].title, language
    if own.startswith("/browse/") and slug in names.topics_by_slug:
        return names.topics_by_slug[slug].title, language
    document = documents.get(path)
    if document is None or document.kind not in ("page", "part"):
        return None, None
    if document.part is not None:
        return f"{document.page.title}: {document.part.title}", document.page.language
    return document.page.title, document.page.language


def related_links(site: Site, documents: Documents, page: Page) -> list[tuple]:
    """(title, URL, language) of each related link; the language only when it is not the
    page's (a link to a page with no translation), for the template to mark it."""
    links = []
    for url in page.meta.related:
        title, language = described(site, documents, url)
        links.append((title or url, url, language if language != page.language else None))
    return links
