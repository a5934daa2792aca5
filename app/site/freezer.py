"""Freezing the site blueprint into files with Frozen-Flask.

Content URLs have no extension (`/vehicle-tax`, as on GOV.UK) and are written as
`vehicle-tax.html`, which a static host serves for `/vehicle-tax` with
`try_files $uri $uri.html` (see docs/hosting.md).
"""

from __future__ import annotations

import posixpath

from flask_frozen import Freezer

from app.content.crossref import INDEX_PAGES
from app.content.pages import Site
from app.error_pages import BUILT_STATUSES

from .documents import content_json_url


class PortalFreezer(Freezer):
    def urlpath_to_filepath(self, path: str) -> str:
        if path.endswith("/"):
            return path[1:] + "index.html"
        if not posixpath.splitext(path)[1]:
            return path[1:] + ".html"
        return path[1:]


def content_urls(site: Site):
    """Every content document: pages, guide parts, print pages and redirect pages."""
    from flask import current_app

    for url in current_app.extensions["portal.documents"]:
        yield "site.document", {"path": url[1:]}


def index_urls(site: Site):
    for endpoint in (
        "home",
        "organisations",
        "browse_index",
        "a_to_z",
        "news",
        "not_found_page",
        "robots",
        "sitemap",
    ):
        yield f"site.{endpoint}", {}
    for status in BUILT_STATUSES:
        yield "site.error_page", {"status": status}
    for slug in site.organisations:
        yield "site.organisation", {"slug": slug}
        yield "site.organisation_feed", {"slug": slug}
    for slug in site.topics_by_slug:
        yield "site.browse", {"slug": slug}
        yield "site.topic_feed", {"slug": slug}


def json_urls(site: Site):
    from flask import current_app

    for document in current_app.extensions["portal.documents"].values():
        if content_json_url(document):
            yield "site.content_api", {"path": document.url[1:]}
    for slug in site.organisations:
        yield "site.content_api", {"path": f"organisations/{slug}"}


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


def _share_of(generator, share: tuple[int, int] | None):
    """Only every n-th URL of a generator, when the freeze is shared out over n processes."""
    if share is None:
        return generator
    index, count = share

    def shared_generator():
        for position, item in enumerate(generator()):
            if position % count == index:
                yield item

    return shared_generator


def make_freezer(
    app,
    site: Site,
    destination: str,
    share: tuple[int, int] | None = None,
    only: list[str] | None = None,
) -> PortalFreezer:
    """A freezer of the whole site, of share (i, n): the i-th of n equal parts of it, or of
    `only` these URLs (the preview's quick rebuild of edited pages)."""
    app.config.update(
        FREEZER_DESTINATION=destination,
        FREEZER_REMOVE_EXTRA_FILES=False,
        FREEZER_IGNORE_MIMETYPE_WARNINGS=False,
        FREEZER_BASE_URL="http://localhost/",
        PROPAGATE_EXCEPTIONS=True,  # a template error stops the build with its own traceback
    )
    freezer = PortalFreezer(
        app, with_static_files=False, with_no_argument_rules=False, log_url_for=False
    )
    if only is not None:
        freezer.register_generator(lambda: iter(only))
        return freezer
    for generator in (index_urls, content_urls, json_urls):
        freezer.register_generator(_share_of(lambda g=generator: g(site), share))
    return freezer
