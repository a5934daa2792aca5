"""Every content URL of the site and what it shows: a page, a guide part, a printable guide, or a
redirect from an old path. Built once per site; the views and the freezer both use it. Plain
functions of the site and its index (`Documents`), so that they need no app to look things up."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.content.crossref import page_path
from app.content.pages import GuidePart, Page, Site
from app.i18n import gettext


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
    """Home, then the page's first topic and its ancestors; else its organisation."""
    crumbs = [(gettext("Home"), "/")]
    topic = next(
        (site.topics_by_slug[s] for s in page.meta.topics if s in site.topics_by_slug), None
    )
    if topic:
        crumbs += [(node.title, node.url) for node in topic.lineage()]
    elif page.meta.organisation_slugs and page.meta.organisation_slugs[0] in site.organisations:
        org = site.organisations[page.meta.organisation_slugs[0]]
        crumbs += [(gettext("Organisations"), "/organisations"), (org.title, org.url)]
    return crumbs


def title_of(site: Site, documents: Documents, url: str) -> str | None:
    """The title of whatever the portal publishes at `url`, for link text."""
    path = page_path(url)
    slug = path.rsplit("/", 1)[-1]
    if path.startswith("/organisations/") and slug in site.organisations:
        return site.organisations[slug].title
    if path.startswith("/browse/") and slug in site.topics_by_slug:
        return site.topics_by_slug[slug].title
    document = documents.get(path)
    if document is None or document.kind not in ("page", "part"):
        return None
    if document.part is not None:
        return f"{document.page.title}: {document.part.title}"
    return document.page.title


def related_links(site: Site, documents: Documents, page: Page) -> list[tuple[str, str]]:
    return [(title_of(site, documents, url) or url, url) for url in page.meta.related]
