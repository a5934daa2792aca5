"""Every content URL of the site and what it shows: a page, a guide part, a printable guide, or a
redirect from an old path. Built once per site; the views and the freezer both use it. Plain
functions of the site and its index (`Documents`), so that they need no app to look things up."""

from __future__ import annotations

from dataclasses import dataclass

from app.content.crossref import page_path
from app.content.pages import GuidePart, Page, Site


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


Documents = dict[str, Document]  # by URL


def build_index(site: Site) -> Documents:
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
    crumbs = [("Home", "/")]
    topic = next(
        (site.topics_by_slug[s] for s in page.meta.topics if s in site.topics_by_slug), None
    )
    if topic:
        crumbs += [(node.title, node.url) for node in topic.lineage()]
    elif page.meta.organisation_slugs and page.meta.organisation_slugs[0] in site.organisations:
        org = site.organisations[page.meta.organisation_slugs[0]]
        crumbs += [("Organisations", "/organisations"), (org.title, org.url)]
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
