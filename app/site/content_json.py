"""`/api/content/<path>.json`: a machine-readable copy of each page, for agencies' own systems.

A page's copy is plain bytes made from the site (`page_json`), with no Flask request: the view
serves them, and the freezer writes them straight to their file (app/site/freezer.py), a
request's routing, contexts and response costing more than the copy itself.
"""

from __future__ import annotations

import json

from flask import Response

from app.content.pages import Site

from .documents import Document, Documents, content_json_url, title_of

# Flask's JSON settings (sorted keys, `", "` and `": "` between items), as these files have
# always been written; made once, where json.dumps with arguments makes an encoder each call.
# What goes in is only str, numbers, None, lists and dicts.
_encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True, check_circular=False).encode

PREFIX, SUFFIX = "/api/content", ".json"


def page_json(documents: Documents, url: str) -> bytes | None:
    """The content JSON file at `url` (`/api/content/<path>.json`) when it is a page's or a
    guide part's; None for any other URL (an organisation's is made by its view)."""
    if not (url.startswith(PREFIX + "/") and url.endswith(SUFFIX)):
        return None
    document = documents.get(url[len(PREFIX) : -len(SUFFIX)])
    if document is None or content_json_url(document) != url:
        return None
    return content_json(documents.site, documents, document)


def _heading(heading) -> dict:
    return {"level": heading.level, "id": heading.id, "text": heading.text}


def content_json(site: Site, documents: Documents, document: Document) -> bytes:
    page, base = document.page, site.settings.base_url
    meta = page.meta
    names = site.in_language(page.language)  # organisations and topics named in its language
    part = document.part or (page.parts[0] if page.parts else None)
    body = part.body if part else page.body
    data = {
        "path": document.url,
        "url": base + document.url,
        "title": meta.title,
        "description": meta.description,
        "type": meta.type.value,
        "language": page.language,
        # the same page in each language it is published in (this one included), by language
        "translations": {
            code: version.url + document.url[len(page.url) :]
            for code, version in site.versions_of(page).items()
            if document.part is None or any(p.slug == document.part.slug for p in version.parts)
        },
        "organisations": [
            {
                "slug": slug,
                "title": names.organisations[slug].title,
                "url": base + names.organisations[slug].url,
            }
            for slug in meta.organisation_slugs
            if slug in names.organisations
        ],
        "topics": [
            {
                "slug": slug,
                "title": names.topics_by_slug[slug].title,
                "url": base + names.topics_by_slug[slug].url,
            }
            for slug in meta.topics
            if slug in names.topics_by_slug
        ],
        "updated": meta.updated.isoformat(),
        "change_history": [
            {"date": n.date.isoformat(), "note": n.note} for n in meta.change_history
        ],
        "related": [{"path": url, "title": title_of(site, documents, url)} for url in meta.related],
        "body": body.html,
        "headings": [_heading(h) for h in body.headings],
    }
    if page.parts:
        data["part"] = {"slug": part.slug, "title": part.title}
        data["parts"] = [{"slug": p.slug, "title": p.title, "path": p.url} for p in page.parts]
    if meta.form:
        data["form"] = {"id": meta.form, "path": f"/forms/{meta.form}"}
    if page.after_start is not None:
        data["body"] = body.html + page.after_start.html
    if meta.steps:
        data["steps"] = [
            {
                "title": step.title,
                "logic": step.logic,
                "body": rendered.html,
                "links": [link.model_dump() for link in step.links],
            }
            for step, rendered in zip(meta.steps, page.step_bodies, strict=True)
        ]
    if meta.opens:
        data.update(
            opens=meta.opens.isoformat(),
            closes=meta.closes.isoformat(),
            outcome=page.outcome.html if page.outcome else None,
        )
    if page.kind.published_date:
        data["published"] = meta.published_on.isoformat()
    return _encode(data).encode()


def organisation_json(site: Site, org, listed: list) -> Response:
    """The organisation and `listed`, the pages that name it, in order of URL."""
    base, meta = site.settings.base_url, org.meta
    data = {
        "path": org.url,
        "url": base + org.url,
        "title": meta.title,
        "acronym": meta.acronym,
        "description": meta.description,
        "type": "organisation",
        "parent": meta.parent,
        "website": meta.website,
        "updated": meta.updated.isoformat(),
        "body": org.body.html,
        "pages": [{"path": p.url, "title": p.title, "type": p.type.value} for p in listed],
    }
    return Response(_encode(data), mimetype="application/json")
