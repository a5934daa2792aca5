"""Lists of pages for the site's index pages: organisation pages, browse pages, news, A to Z."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from app.content.pages import Page, Site

# The order of the groups on an organisation's page; each page type names its group.
ORGANISATION_GROUPS = ("Services", "Guidance", "News", "Consultations")


def newest_first(pages) -> list[Page]:
    return sorted(pages, key=lambda p: (p.meta.updated, p.title), reverse=True)


def by_title(pages) -> list[Page]:
    return sorted(pages, key=lambda p: p.title.lower())


def organisation_groups(site: Site, slug: str) -> list[tuple[str, list[Page]]]:
    pages = [p for p in site.pages.values() if slug in p.meta.organisation_slugs]
    groups = []
    for heading in ORGANISATION_GROUPS:
        members = [p for p in pages if p.kind.organisation_group == heading]
        if members:
            dated = any(p.kind.dated for p in members)
            groups.append((heading, newest_first(members) if dated else by_title(members)))
    return groups


def topic_pages(site: Site, slug: str) -> list[Page]:
    return by_title(p for p in site.pages.values() if slug in p.meta.topics)


def services(site: Site) -> list[Page]:
    """The pages whose button starts a service, for the home page."""
    return by_title(p for p in site.pages.values() if p.kind.start_button)


def news_pages(site: Site) -> list[Page]:
    return newest_first(p for p in site.pages.values() if p.kind.dated)


def a_to_z(site: Site) -> list[tuple[str, list[Page]]]:
    pages = by_title(p for p in site.pages.values() if p.kind.in_a_to_z)
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
