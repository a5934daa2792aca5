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
from app.languages import alternates

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


def _index(data: SiteData, template: str, path: str, language: str | None, context: dict) -> View:
    """An index page of the portal's own (home, A to Z, an organisation's…) in `language`
    (None: the default), published at `path` under that language's prefix."""
    settings = data.site.settings
    language = language or settings.language
    context["language"] = language
    context["alternates"] = _alternates(settings, path)
    context["names"] = data.site.in_language(language)
    return View(template, context)


def _alternates(settings, path: str, found: dict | None = None) -> list:
    return alternates(settings, path, found) if len(settings.languages) > 1 else []


def home(data: SiteData, language: str | None = None) -> View:
    s, code = data.site, language or data.site.settings.language
    return _index(
        data,
        "site/home.html",
        "/",
        language,
        {"services": listings.services(s, code), "news": listings.news_pages(s, code)[:3]},
    )


def organisations(data: SiteData, language: str | None = None) -> View:
    orgs = data.site.in_language(language).organisations.values()
    ordered = sorted(orgs, key=lambda o: o.title.lower())
    return _index(
        data, "site/organisations.html", "/organisations", language, {"organisations": ordered}
    )


def organisation(data: SiteData, slug: str, language: str | None = None) -> View | None:
    s = data.site
    names = s.in_language(language)
    org = names.organisations.get(slug)
    if org is None:
        return None
    code = names.code
    children = [names.organisations[o.slug] for o in data.members.children_of.get(slug, [])]
    return _index(
        data,
        "site/organisation.html",
        f"/organisations/{slug}",
        language,
        {
            "org": org,
            "contact": s.contacts.get(org.meta.contact) if org.meta.contact else None,
            "parent": names.organisations.get(org.meta.parent or ""),
            "children": children,
            "groups": listings.organisation_groups(s, data.members, slug, code),
        },
    )


def browse_index(data: SiteData, language: str | None = None) -> View:
    topics = data.site.in_language(language).topics
    return _index(data, "site/browse_index.html", "/browse", language, {"topics": topics})


def browse(data: SiteData, slug: str, language: str | None = None) -> View | None:
    names = data.site.in_language(language)
    topic = names.topics_by_slug.get(slug)
    if topic is None:
        return None
    pages = listings.topic_pages(data.site, data.members, slug, names.code)
    return _index(
        data, "site/browse.html", f"/browse/{slug}", language, {"topic": topic, "pages": pages}
    )


def a_to_z(data: SiteData, language: str | None = None) -> View:
    code = language or data.site.settings.language
    letters = listings.a_to_z(data.site, code)
    return _index(data, "site/a_to_z.html", "/a-to-z", language, {"letters": letters})


def news(data: SiteData, language: str | None = None) -> View:
    code = language or data.site.settings.language
    pages = listings.news_pages(data.site, code)
    return _index(data, "site/news.html", "/news", language, {"pages": pages})


def not_found(data: SiteData, language: str | None = None) -> View:
    view = _index(data, "site/not_found.html", "/", language, {})
    view.context["alternates"] = []  # no page here to have another version of
    return view


def robots(data: SiteData, language: str | None = None) -> View:
    return View("site/robots.txt", {}, "text/plain")


def sitemap_urls(site: Site) -> list[tuple[str, str | None, list]]:
    """(absolute URL, last modified, alternates) of every HTML page worth a search engine's
    visit; alternates are (hreflang, absolute URL) of each language's version and x-default,
    for pages in more than one language."""
    settings = site.settings
    entries: list[tuple[dict[str, str], str | None]] = []

    def own(path: str) -> dict[str, str]:
        return {code: url for code, _name, url, _exists in alternates(settings, path)}

    entries += [(own(path), None) for path in INDEX_PAGES]
    entries += [(own(org.url), org.meta.updated.isoformat()) for org in site.organisations.values()]
    entries += [(own(topic.url), None) for topic in site.topics_by_slug.values()]
    for page in listings.originals(site):
        versions, updated = site.versions_of(page), page.meta.updated.isoformat()
        entries.append(({code: p.url for code, p in versions.items()}, updated))
        for part in page.parts[1:]:
            found = {code: f"{p.url}/{part.slug}" for code, p in versions.items()}
            entries.append(({c: u for c, u in found.items() if _has_part(versions[c], u)}, updated))
    return [url for versions, updated in entries for url in _sitemap_entry(site, versions, updated)]


def _has_part(page, url: str) -> bool:
    return any(part.url == url for part in page.parts)


def _sitemap_entry(site: Site, versions: dict[str, str], updated: str | None) -> list[tuple]:
    """One sitemap <url> a language version, each listing them all (and x-default)."""
    base, default = site.settings.base_url, versions.get(site.settings.language)
    links = []
    if len(versions) > 1:
        links = [(code, base + url) for code, url in versions.items()]
        if default:
            links.append(("x-default", base + default))
    return [(base + url, updated, links) for url in versions.values()]


def sitemap(data: SiteData, language: str | None = None) -> View:
    return View("site/sitemap.xml", {"urls": sitemap_urls(data.site)}, "application/xml")


def _feed(data: SiteData, title: str, url: str, feed_path: str, pages, language) -> View:
    entries = listings.feed_entries(pages, FEED_SIZE)
    settings = data.site.settings
    code = language or settings.language
    return View(
        "site/feed.atom",
        {
            "title": title,
            "url": url,
            "feed_path": settings.prefix(code) + feed_path,
            "entries": entries,
            # an empty feed was last updated when it was built
            "updated": entries[0].meta.updated if entries else data.site.today,
            "language": code,
        },
        "application/atom+xml",
    )


def organisation_feed(data: SiteData, slug: str, language: str | None = None) -> View | None:
    names = data.site.in_language(language)
    org = names.organisations.get(slug)
    if org is None:
        return None
    pages = listings.in_language(data.site, data.members.of_organisation.get(slug, []), names.code)
    return _feed(data, org.title, org.url, f"/feeds/organisations/{slug}.atom", pages, language)


def topic_feed(data: SiteData, slug: str, language: str | None = None) -> View | None:
    names = data.site.in_language(language)
    topic = names.topics_by_slug.get(slug)
    if topic is None:
        return None
    pages = listings.in_language(data.site, data.members.of_topic.get(slug, []), names.code)
    return _feed(data, topic.title, topic.url, f"/feeds/topics/{slug}.atom", pages, language)


def document_context(data: SiteData, document: Document) -> dict[str, Any]:
    """What a page, guide part, printable guide or redirect shows."""
    if document.kind == "redirect":
        return {"target": document.target, "language": _language_of_path(data.site, document.url)}
    site, page = data.site, document.page
    part = document.part or (page.parts[0] if page.parts else None)
    names = site.in_language(page.language)
    context = {
        "page": page,
        "part": part,
        "language": page.language,
        "alternates": _alternates(site.settings, document.url, _versions(site, document)),
        "names": names,
        "breadcrumbs": breadcrumbs(site, page),
        "organisations": [
            names.organisations[s] for s in page.meta.organisation_slugs if s in site.organisations
        ],
        "related": related_links(site, data.documents, page),
        "part_of": _part_of(site, document),
    }
    if page.kind.opens_and_closes:
        context["status"] = listings.consultation_status(page, site.today)
    if page.parts:
        index = page.parts.index(part)
        context["previous_part"] = page.parts[index - 1] if index > 0 else None
        context["next_part"] = page.parts[index + 1] if index + 1 < len(page.parts) else None
    return context


def _part_of(site: Site, document: Document) -> list:
    """The step-by-steps linking to the document; for a translation with none of its own, its
    original's, each in the page's language where translated."""
    page = document.page
    url = document.url if document.kind == "part" else page.url
    found = site.step_by_steps_of.get(url)
    if found or not page.is_translation:
        return found or []
    original = page.original_url + url[len(page.url) :]
    return listings.in_language(site, site.step_by_steps_of.get(original, []), page.language)


def _versions(site: Site, document: Document) -> dict[str, str]:
    """The URL of this document in each language its page is in (a guide part: where that
    language's guide has the part; the printable guide: each language's)."""
    found = {}
    for code, version in site.versions_of(document.page).items():
        if document.kind == "page":
            found[code] = version.url
        elif document.kind == "print":
            found[code] = f"{version.url}/print"
        else:
            url = f"{version.url}/{document.part.slug}"
            if any(part.url == url for part in version.parts):
                found[code] = url
    return found


def _language_of_path(site: Site, path: str) -> str:
    head = path.strip("/").split("/", 1)[0]
    settings = site.settings
    return head if head in settings.other_languages else settings.language


def document(data: SiteData, path: str) -> View | None:
    found = data.documents.get(path)
    if found is None:
        return None
    return View(found.template, document_context(data, found))


def organisation_listed(data: SiteData, slug: str) -> list:
    """The pages an organisation's content JSON lists, in the order it lists them."""
    return sorted(data.members.of_organisation.get(slug, []), key=lambda p: p.url)
