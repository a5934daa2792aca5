"""What each page of the static site shows, worked out from the site alone: a template and its
context (`View`), or the data of a content JSON file.

The views render these, and the build cache fingerprints them (`app/site/fingerprints.py`): an
incremental build re-renders an output only when its fingerprint changed. So everything a
template shows must come from its context or from what is global to a build (the site's
settings, organisations, topics and contacts, the code and templates): a template that read
another page through `site` would show stale text after an incremental build. The property test
in tests/pipeline/test_incremental.py holds every output of an incremental build to a clean one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from app.content.crossref import INDEX_PAGES
from app.content.pages import Site

from . import listings
from .documents import Document, Documents, breadcrumbs, related_links

FEED_SIZE = 50  # entries in an organisation's or a topic's feed


class SiteData:
    """The site and the indexes of it the views need, each made when first needed and kept for
    the app's life: an incremental build that renders one page needs few of them (`whole`
    makes them all, before a build's workers are forked, so that each does not make its own)."""

    def __init__(self, site: Site):
        self.site = site
        self.documents = Documents(site)

    @cached_property
    def members(self) -> listings.Members:
        return listings.Members.of(self.site)

    def whole(self) -> SiteData:
        _made = self.members
        self.documents.whole()
        return self


@dataclass(frozen=True)
class View:
    template: str
    context: dict[str, Any]
    mimetype: str | None = None  # None: text/html


def site_data(site: Site) -> SiteData:
    return SiteData(site)


def home(data: SiteData) -> View:
    s = data.site
    return View(
        "site/home.html",
        {"services": listings.services(s), "news": listings.news_pages(s)[:3]},
    )


def organisations(data: SiteData) -> View:
    orgs = sorted(data.site.organisations.values(), key=lambda o: o.title.lower())
    return View("site/organisations.html", {"organisations": orgs})


def organisation(data: SiteData, slug: str) -> View | None:
    s = data.site
    org = s.organisations.get(slug)
    if org is None:
        return None
    return View(
        "site/organisation.html",
        {
            "org": org,
            "contact": s.contacts.get(org.meta.contact) if org.meta.contact else None,
            "parent": s.organisations.get(org.meta.parent or ""),
            "children": data.members.children_of.get(slug, []),
            "groups": listings.organisation_groups(data.members, slug),
        },
    )


def browse_index(data: SiteData) -> View:
    return View("site/browse_index.html", {"topics": data.site.topics})


def browse(data: SiteData, slug: str) -> View | None:
    topic = data.site.topics_by_slug.get(slug)
    if topic is None:
        return None
    return View(
        "site/browse.html", {"topic": topic, "pages": listings.topic_pages(data.members, slug)}
    )


def a_to_z(data: SiteData) -> View:
    return View("site/a_to_z.html", {"letters": listings.a_to_z(data.site)})


def news(data: SiteData) -> View:
    return View("site/news.html", {"pages": listings.news_pages(data.site)})


def not_found(data: SiteData) -> View:
    return View("site/not_found.html", {})


def robots(data: SiteData) -> View:
    return View("site/robots.txt", {}, "text/plain")


def sitemap_urls(site: Site) -> list[tuple[str, str | None]]:
    """(absolute URL, last modified) of every HTML page worth a search engine's visit."""
    base = site.settings.base_url
    urls: list[tuple[str, str | None]] = [(base + path, None) for path in INDEX_PAGES]
    urls += [(base + org.url, org.meta.updated.isoformat()) for org in site.organisations.values()]
    urls += [(base + topic.url, None) for topic in site.topics_by_slug.values()]
    for page in site.pages.values():
        updated = page.meta.updated.isoformat()
        urls.append((base + page.url, updated))
        urls += [(base + part.url, updated) for part in page.parts[1:]]
    return urls


def sitemap(data: SiteData) -> View:
    return View("site/sitemap.xml", {"urls": sitemap_urls(data.site)}, "application/xml")


def _feed(data: SiteData, title: str, url: str, feed_path: str, pages) -> View:
    entries = listings.feed_entries(pages, FEED_SIZE)
    return View(
        "site/feed.atom",
        {
            "title": title,
            "url": url,
            "feed_path": feed_path,
            "entries": entries,
            # an empty feed was last updated when it was built
            "updated": entries[0].meta.updated if entries else data.site.today,
        },
        "application/atom+xml",
    )


def organisation_feed(data: SiteData, slug: str) -> View | None:
    org = data.site.organisations.get(slug)
    if org is None:
        return None
    pages = data.members.of_organisation.get(slug, [])
    return _feed(data, org.title, org.url, f"/feeds/organisations/{slug}.atom", pages)


def topic_feed(data: SiteData, slug: str) -> View | None:
    topic = data.site.topics_by_slug.get(slug)
    if topic is None:
        return None
    pages = data.members.of_topic.get(slug, [])
    return _feed(data, topic.title, topic.url, f"/feeds/topics/{slug}.atom", pages)


def document_context(data: SiteData, document: Document) -> dict[str, Any]:
    """What a page, guide part, printable guide or redirect shows."""
    if document.kind == "redirect":
        return {"target": document.target}
    site, page = data.site, document.page
    part = document.part or (page.parts[0] if page.parts else None)
    context = {
        "page": page,
        "part": part,
        "breadcrumbs": breadcrumbs(site, page),
        "organisations": [
            site.organisations[s] for s in page.meta.organisation_slugs if s in site.organisations
        ],
        "related": related_links(site, data.documents, page),
        "part_of": site.step_by_steps_of.get(
            document.url if document.kind == "part" else page.url, []
        ),
    }
    if page.kind.opens_and_closes:
        context["status"] = listings.consultation_status(page, site.today)
    if page.parts:
        index = page.parts.index(part)
        context["previous_part"] = page.parts[index - 1] if index > 0 else None
        context["next_part"] = page.parts[index + 1] if index + 1 < len(page.parts) else None
    return context


def document(data: SiteData, path: str) -> View | None:
    found = data.documents.get(path)
    if found is None:
        return None
    return View(found.template, document_context(data, found))


def organisation_listed(data: SiteData, slug: str) -> list:
    """The pages an organisation's content JSON lists, in the order it lists them."""
    return sorted(data.members.of_organisation.get(slug, []), key=lambda p: p.url)
