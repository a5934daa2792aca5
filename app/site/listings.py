"""Lists of pages for the site's index pages: organisation pages, browse pages, news, A to Z."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby

from app.content.pages import Page, Site

# The order of the groups on an organisation's page; each page type names its group.
ORGANISATION_GROUPS = ("Services", "Guidance", "News", "Consultations")


def newest_first(pages) -> list[Page]:
    return sorted(pages, key=lambda p: (p.meta.updated, p.title), reverse=True)


def by_title(pages) -> list[Page]:
    return sorted(pages, key=lambda p: p.title.lower())


@dataclass
class Members:
    """The pages each organisation and topic lists, found in one pass over the site.

    Every organisation has a page, a feed and a content JSON, and every topic a page and a feed;
    each scanning all pages for its own would make a build cost pages x (organisations + topics).
    Pages keep the site's order, as a scan would give them, so the output is the same."""

    of_organisation: dict[str, list[Page]] = field(default_factory=dict)
    of_topic: dict[str, list[Page]] = field(default_factory=dict)
    children_of: dict[str, list] = field(default_factory=dict)  # organisations by parent slug

    @classmethod
    def of(cls, site: Site) -> Members:
        """Each listing's pages in the default language: a listing in another language shows
        each one's translation in its place (`in_language`)."""
        members = cls()
        for page in site.pages.values():
            if page.is_translation:
                continue
            # dict.fromkeys: a slug named twice still lists the page once
            for slug in dict.fromkeys(page.meta.organisation_slugs):
                members.of_organisation.setdefault(slug, []).append(page)
            for slug in dict.fromkeys(page.meta.topics):
                members.of_topic.setdefault(slug, []).append(page)
        for org in site.organisations.values():
            if org.meta.parent:
                members.children_of.setdefault(org.meta.parent, []).append(org)
        return members


def in_language(site: Site, pages, language: str) -> list[Page]:
    """Each page (of the default language) as a reader of `language` is shown it: its
    translation, else the page itself (which the templates mark as in another language)."""
    if language == site.settings.language:
        return list(pages)
    translations = site.translations
    found = []
    for page in pages:
        versions = translations.get(page.original_url)
        found.append(versions.get(language, page) if versions else page)
    return found


def originals(site: Site):
    return (p for p in site.pages.values() if not p.is_translation)


def organisation_groups(
    site: Site, members: Members, slug: str, language: str
) -> list[tuple[str, list[Page]]]:
    pages = in_language(site, members.of_organisation.get(slug, []), language)
    groups = []
    for heading in ORGANISATION_GROUPS:
        members = [p for p in pages if p.kind.organisation_group == heading]
        if members:
            dated = any(p.kind.dated for p in members)
            groups.append((heading, newest_first(members) if dated else by_title(members)))
    return groups


def topic_pages(site: Site, members: Members, slug: str, language: str) -> list[Page]:
    return by_title(in_language(site, members.of_topic.get(slug, []), language))


def services(site: Site, language: str) -> list[Page]:
    """The pages whose button starts a service, for the home page."""
    return by_title(
        in_language(site, (p for p in originals(site) if p.kind.start_button), language)
    )


def news_pages(site: Site, language: str) -> list[Page]:
    return newest_first(in_language(site, (p for p in originals(site) if p.kind.dated), language))


def a_to_z(site: Site, language: str) -> list[tuple[str, list[Page]]]:
    pages = by_title(in_language(site, (p for p in originals(site) if p.kind.in_a_to_z), language))
    return [
        (letter, list(group))
        for letter, group in groupby(
            pages, key=lambda p: p.title[:1].upper() if p.title[:1].isalpha() else "#"
        )
    ]


def consultation_status(page: Page, today: dt.date) -> str:
    """'forthcoming', 'open' or 'closed', as of the day the site was built."""
    if today < page.meta.opens:
        return "forthcoming"
    return "open" if today <= page.meta.closes else "closed"


def feed_entries(pages, limit: int = 50) -> list[Page]:
    return newest_first(pages)[:limit]
