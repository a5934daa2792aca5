"""Lists of pages for the site's index pages: organisation pages, browse pages, news, A to Z."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from app.content.models import PageType
from app.content.pages import Page, Site

# The order and headings of the groups on an organisation's page.
ORGANISATION_GROUPS = [
    ("Services", {PageType.START}),
    ("Guidance", {PageType.GUIDE, PageType.ANSWER, PageType.STEP_BY_STEP, PageType.PAGE}),
    ("News", {PageType.NEWS}),
    ("Consultations", {PageType.CONSULTATION}),
]
# What belongs in the A to Z: the things a citizen comes to do or find out, not news.
A_TO_Z_TYPES = {PageType.START, PageType.GUIDE, PageType.ANSWER, PageType.STEP_BY_STEP}
DATED_TYPES = {PageType.NEWS, PageType.CONSULTATION}


def newest_first(pages) -> list[Page]:
    return sorted(pages, key=lambda p: (p.meta.updated, p.title), reverse=True)


def by_title(pages) -> list[Page]:
    return sorted(pages, key=lambda p: p.title.lower())


def organisation_groups(site: Site, slug: str) -> list[tuple[str, list[Page]]]:
    pages = [p for p in site.pages.values() if slug in p.meta.organisation_slugs]
    groups = []
    for heading, types in ORGANISATION_GROUPS:
        members = [p for p in pages if p.type in types]
        if members:
            dated = types & DATED_TYPES
            groups.append((heading, newest_first(members) if dated else by_title(members)))
    return groups


def topic_pages(site: Site, slug: str) -> list[Page]:
    return by_title(p for p in site.pages.values() if slug in p.meta.topics)


def news_pages(site: Site) -> list[Page]:
    return newest_first(p for p in site.pages.values() if p.type in DATED_TYPES)


def a_to_z(site: Site) -> list[tuple[str, list[Page]]]:
    pages = by_title(p for p in site.pages.values() if p.type in A_TO_Z_TYPES)
    return [(letter, list(group)) for letter, group in
            groupby(pages, key=lambda p: p.title[:1].upper() if p.title[:1].isalpha() else "#")]


def consultation_status(page: Page, today: dt.date) -> str:
    """'forthcoming', 'open' or 'closed', as of the day the site was built."""
    if today < page.meta.opens:
        return "forthcoming"
    return "open" if today <= page.meta.closes else "closed"


def feed_entries(pages, limit: int = 50) -> list[Page]:
    return newest_first(pages)[:limit]
