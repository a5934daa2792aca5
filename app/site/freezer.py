"""Freezing the site blueprint into files with Frozen-Flask.

Content URLs have no extension (`/vehicle-tax`, as on GOV.UK) and are written as
`vehicle-tax.html`, which a static host serves for `/vehicle-tax` with
`try_files $uri $uri.html` (see docs/hosting.md).
"""

from __future__ import annotations

import posixpath

from flask_frozen import Freezer

from app.content.pages import Site
from app.error_pages import BUILT_STATUSES

from .documents import content_json_url


def file_path_of(path: str) -> str:
    """The file a URL path is written to, relative to the site's folder."""
    if path.endswith("/"):
        return path[1:] + "index.html"
    if not posixpath.splitext(path)[1]:
        return path[1:] + ".html"
    return path[1:]


class PortalFreezer(Freezer):
    def urlpath_to_filepath(self, path: str) -> str:
        return file_path_of(path)


def site_outputs(site: Site, documents) -> list[tuple[str, str, dict]]:
    """Every output of the site as (URL, endpoint of the site blueprint, its values), in the order
    they are frozen: the index pages, then every content document, then the content JSON."""
    outputs = [
        ("/", "site.home", {}),
        ("/organisations", "site.organisations", {}),
        ("/browse", "site.browse_index", {}),
        ("/a-to-z", "site.a_to_z", {}),
        ("/news", "site.news", {}),
        ("/404.html", "site.not_found_page", {}),
        ("/robots.txt", "site.robots", {}),
        ("/sitemap.xml", "site.sitemap", {}),
    ]
    outputs += [(f"/errors/{s}.html", "site.error_page", {"status": s}) for s in BUILT_STATUSES]
    for slug in site.organisations:
        outputs.append((f"/organisations/{slug}", "site.organisation", {"slug": slug}))
        feed = f"/feeds/organisations/{slug}.atom"
        outputs.append((feed, "site.organisation_feed", {"slug": slug}))
    for slug in site.topics_by_slug:
        outputs.append((f"/browse/{slug}", "site.browse", {"slug": slug}))
        outputs.append((f"/feeds/topics/{slug}.atom", "site.topic_feed", {"slug": slug}))
    outputs += [(url, "site.document", {"path": url[1:]}) for url in documents]
    for document in documents.values():
        if json_url := content_json_url(document):
            outputs.append((json_url, "site.content_api", {"path": document.url[1:]}))
    for slug in site.organisations:
        path = f"organisations/{slug}"
        outputs.append((f"/api/content/{path}.json", "site.content_api", {"path": path}))
    return outputs


def _site_endpoints(site: Site):
    from flask import current_app

    for _url, endpoint, values in site_outputs(site, current_app.extensions["portal.documents"]):
        yield endpoint, values


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
    freezer.register_generator(_share_of(lambda: _site_endpoints(site), share))
    return freezer
