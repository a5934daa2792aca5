"""Search documents made from the rendered content: one a page (a guide with all its parts), one
an organisation. Built from what the render step made (the plain text of each body), never by
reading the built HTML back."""

from __future__ import annotations

import datetime as dt

from app.content.page_types import PAGE_KINDS
from app.content.pages import Organisation, Page, Site

# The type of an organisation's own page, which is not a content page type.
ORGANISATION_TYPE, ORGANISATION_LABEL = "organisation", "Organisation"


def _when(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day)


def _organisation_names(site: Site, slugs: list[str], language: str | None) -> str:
    """The organisations' names and acronyms as pages in `language` name them."""
    organisations = site.in_language(language).organisations
    names = []
    for slug in slugs:
        org = organisations.get(slug)
        if org:
            names += [org.title, org.meta.acronym or ""]
    return " ".join(n for n in names if n)


def page_document(site: Site, page: Page) -> dict:
    meta = page.meta
    bodies = [part.body for part in page.parts] if page.parts else [page.body]
    texts = [b.text for b in bodies]
    if page.after_start:
        texts.append(page.after_start.text)
    for step, rendered in zip(meta.steps or [], page.step_bodies, strict=False):
        texts += [step.title, rendered.text, *(link.text for link in step.links)]
    if page.outcome:
        texts.append(page.outcome.text)
    headings = [part.title for part in page.parts[1:]]
    headings += [h.text for body in bodies for h in body.headings]
    return {
        "path": page.url,
        "title": meta.title,
        "description": meta.description,
        "headings": "\n".join(headings),
        "body": "\n".join(t for t in texts if t),
        "organisation_names": _organisation_names(site, meta.organisation_slugs, page.language),
        "organisations": ",".join(meta.organisation_slugs),
        "type": meta.type.value,
        "topics": ",".join(meta.topics),
        "updated": _when(meta.updated),
        "title_prefixes": meta.title,
        "title_length": len(meta.title),
    }


def organisations_in_languages(site: Site):
    """Each organisation's page in each of the site's languages: (language, organisation)."""
    for code in site.settings.languages:
        for org in site.in_language(code).organisations.values():
            yield code, org


def organisation_document(site: Site, org: Organisation) -> dict:
    meta = org.meta
    names = f"{meta.title} {meta.acronym or ''}".strip()
    return {
        "path": org.url,
        # its acronym is part of its name: "NRS" finds the revenue service's own page first
        "title": names,
        "_stored_title": meta.title,
        "description": meta.description,
        "headings": "\n".join(h.text for h in org.body.headings),
        "body": org.body.text,
        "organisation_names": names,
        "organisations": org.slug,
        "type": ORGANISATION_TYPE,
        "topics": "",
        "updated": _when(meta.updated),
        "title_prefixes": meta.title,
        "title_length": len(meta.title),
    }


def labels(site: Site, language: str | None = None) -> dict[str, dict[str, str]]:
    """Display names of facet values in `language` (default: the site's), saved beside the
    index for the search service."""
    names = site.in_language(language)
    return {
        "organisation": {slug: org.title for slug, org in names.organisations.items()},
        "topic": {slug: topic.title for slug, topic in names.topics_by_slug.items()},
        "type": {
            **{kind.type.value: kind.search_label for kind in PAGE_KINDS.values()},
            ORGANISATION_TYPE: ORGANISATION_LABEL,
        },
    }
