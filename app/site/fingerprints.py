"""Fingerprints of the static site's outputs: a digest of everything an output shows, worked out
from its context (`contexts`) without rendering it. An incremental build renders again only the
outputs whose fingerprint changed.

A page inside a context is fingerprinted by its key: the page an output belongs to (`own`) by its
full key (its files' contents: everything its own outputs show), any other page by its card (its
URL, front matter and part names: all that listings, feeds, related links and sidebars show of
it). What is global to a build (settings, organisations, topics, contacts, the code) is not in
the fingerprints: a change to any of it makes the build a clean one (app/pipeline/cache.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping

from pydantic import BaseModel

from app.content.pages import GuidePart, InLanguage, Organisation, Page, TopicNode

from . import contexts
from .contexts import SiteData, View
from .documents import Document

FINGERPRINT_SIZE = 16  # bytes


class PageKeys:
    """The full key and the card key of every page, by URL (app/pipeline/sources.py)."""

    def __init__(self, full: Mapping[str, bytes], card: Mapping[str, bytes]):
        self.full, self.card = full, card


def _leaf_of(keys: PageKeys, own: Page | None):
    """What JSON stands in for each value that is not JSON in a context: a page by its key, a
    global (an organisation, a topic, a language's names, a contact) by what names it. Each is a
    one-key object whose key starts with a NUL, which no context's own dict keys do."""

    def leaf(value) -> dict:
        if isinstance(value, Page):
            key = keys.full[value.url] if value is own else keys.card[value.url]
            return {"\0page": key.hex()}
        if isinstance(value, dt.date):
            return {"\0date": value.isoformat()}
        if isinstance(value, GuidePart):  # of the own page: its full key holds the rest
            return {"\0part": [value.url, value.title]}
        if isinstance(value, Organisation | TopicNode):  # global to the build, in a language
            return {f"\0{type(value).__name__}": [value.slug, value.prefix]}
        if isinstance(value, InLanguage):  # global to the build
            return {"\0InLanguage": value.code}
        if isinstance(value, BaseModel):  # a contact, from the global content
            return {f"\0{type(value).__name__}": value.model_dump_json()}
        raise TypeError(f"no fingerprint for a {type(value).__name__} in a page's context")

    return leaf


def fingerprint(kind: str, value, keys: PageKeys, own: Page | None = None) -> bytes:
    """The digest of `value` (a context: dicts, lists and tuples of strings, numbers, pages…)
    as the JSON encoder writes it, in C (fed to the hasher node by node in Python, it took a
    third longer). A str subclass (Markup, a str Enum) is written as the string it is: which type
    a value in a context has follows from the code, and the code is in the build key."""
    text = json.dumps(
        value,
        default=_leaf_of(keys, own),
        sort_keys=True,
        check_circular=False,
        separators=(",", ":"),
    )
    return hashlib.blake2b(
        kind.encode() + b"\0" + text.encode(), digest_size=FINGERPRINT_SIZE
    ).digest()


def _view(view: View | None, keys: PageKeys, own: Page | None = None) -> bytes:
    if view is None:
        return fingerprint("missing", None, keys)
    return fingerprint(view.template, view.context, keys, own)


def _context_digest(data: SiteData, document: Document, keys: PageKeys, seen) -> bytes:
    """The digest of a document's context (with its own page by its full key): both its outputs,
    the HTML and the JSON, show that context and nothing else of the site, so both fingerprints
    are made from it, and with `seen` (a dict kept between calls) it is worked out once for the
    two when they are asked for in turn (feeding a context to the hasher was half the time of
    fingerprinting 100,000 pages' outputs, and each was fed twice)."""
    if seen is not None and document.url in seen:
        return seen[document.url]
    context = contexts.document_context(data, document)
    digest = fingerprint("context", context, keys, document.page)
    if seen is not None:
        seen.clear()  # a document's two outputs are asked for one after the other
        seen[document.url] = digest
    return digest


def _of_context(kind: str, digest: bytes) -> bytes:
    """An output's fingerprint from its kind and its context's digest."""
    return hashlib.blake2b(kind.encode() + b"\0" + digest, digest_size=FINGERPRINT_SIZE).digest()


def _document(data: SiteData, document: Document, keys: PageKeys, seen) -> bytes:
    return _of_context(document.template, _context_digest(data, document, keys, seen))


def _content_api(data: SiteData, path: str, keys: PageKeys, seen) -> bytes:
    if path.startswith("organisations/") and path.count("/") == 1:
        slug = path.split("/", 1)[1]
        return fingerprint(
            "organisation.json", [slug, contexts.organisation_listed(data, slug)], keys
        )
    document = data.documents[f"/{path}"]
    # The JSON shows the page and what its HTML's context holds (related titles, organisations)
    return _of_context("content.json", _context_digest(data, document, keys, seen))


# Outputs whose view takes no argument but the site
_PLAIN = {
    "site.home": contexts.home,
    "site.organisations": contexts.organisations,
    "site.browse_index": contexts.browse_index,
    "site.a_to_z": contexts.a_to_z,
    "site.news": contexts.news,
    "site.not_found_page": contexts.not_found,
    "site.robots": contexts.robots,
    "site.sitemap": contexts.sitemap,
}
_BY_SLUG = {
    "site.organisation": contexts.organisation,
    "site.organisation_feed": contexts.organisation_feed,
    "site.browse": contexts.browse,
    "site.topic_feed": contexts.topic_feed,
}


def output_fingerprint(
    data: SiteData, keys: PageKeys, endpoint: str, values: dict, seen: dict | None = None
) -> bytes:
    """The fingerprint of the output the site blueprint's `endpoint` makes for `values`. With
    `seen` (a dict kept between calls), a document's context is worked out once for both its
    outputs when they are asked for in turn."""
    if endpoint in _PLAIN:
        return _view(_PLAIN[endpoint](data, values.get("lang")), keys)
    if endpoint in _BY_SLUG:
        return _view(_BY_SLUG[endpoint](data, values["slug"], values.get("lang")), keys)
    if endpoint == "site.error_page":  # the error pages show settings and code only
        return fingerprint("error", (values["status"], values.get("lang")), keys)
    if endpoint == "site.content_api":
        return _content_api(data, values["path"], keys, seen)
    if endpoint == "site.document":
        return _document(data, data.documents[f"/{values['path']}"], keys, seen)
    raise ValueError(f"no fingerprint for the endpoint {endpoint}")
