"""A clean build's one pass over the pages: each forked worker renders its share of the pages,
freezes their outputs (the page, its guide parts and printable guide, their content JSON) and
writes their search documents, one page at a time, dropping each page's rendered bodies once its
files are written.

So no process ever holds the whole site's rendered HTML and search text (about 1 GB at 100,000
pages), and each page's Markdown is turned into HTML, files and index postings by the one worker
that read it, with nothing sent back but its problems, links and media. The listings (home,
organisations, topics, feeds, A to Z, sitemap) need only the pages' front matter: each worker
freezes its share of them after its pages, with the app and the templates it has ready (workers
of their own would each make the app and compile the templates again).
"""

from __future__ import annotations

import gc
import warnings
from contextlib import contextmanager
from pathlib import Path

from flask_frozen import MissingURLGeneratorWarning

from app import parallel
from app.content.pages import Page, Rendered, Site
from app.content.problems import ProblemList
from app.content.render import PageRendering, SiteRenderer
from app.content.style import before_forking
from app.memory import release_free_memory
from app.search.documents import organisation_document, organisations_in_languages, page_document
from app.search.indexer import SegmentsWriter, index_names, merged_segments
from app.site.contexts import SiteData
from app.site.documents import content_json_url, documents_of

from .compress import gzip_copy


def _forget_bodies(page: Page) -> None:
    """Its files are written and its document indexed: the worker needs its HTML no more."""
    page.body, page.after_start, page.outcome, page.step_bodies = Rendered(), None, None, []
    for part in page.parts:
        part.body = Rendered()
    page.source.body = ""
    for part in page.parts:
        part.source.body = ""


def forget_sources(site: Site) -> None:
    """The Markdown of every page, rendered and written: no longer needed by the build."""
    for page in site.pages.values():
        page.source.body = ""
        for part in page.parts:
            part.source.body = ""


def _let_go(site: Site) -> None:
    """In the parent, once the workers are forked with their copy: every page's Markdown, which
    only they read. Its memory goes back to the system (malloc_trim) rather than waiting in the
    allocator's free lists, so that the parent's peak, later in the build, is lower by what it
    gives back (46 MB at 30,000 pages)."""
    forget_sources(site)
    release_free_memory()


# The cycle collector's passes over a worker's own objects cost 0.4 ms a page (6% of its CPU),
# though a page leaves only about 80 objects in cycles (Jinja's contexts and macros, Flask's
# request): so a worker runs with it off and collects the young objects every this many pages,
# when the pages before are written and all that is in cycles is garbage.
PAGES_BETWEEN_COLLECTIONS = 200


@contextmanager
def _collecting_between_pages():
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.collect(1)
        if was_on:
            gc.enable()


class _Pass:
    """One worker's share: renders, indexes and lists the URLs of one page at a time."""

    def __init__(self, site: Site, urls: list[str], index: SegmentsWriter | None):
        self.site, self.urls, self.index = site, urls, index
        self.renderer = SiteRenderer(site, ProblemList())
        self.found: list = []

    def page_urls(self):
        for number, url in enumerate(self.urls, 1):
            if number % PAGES_BETWEEN_COLLECTIONS == 0:
                gc.collect(1)  # the pages before are written: their cycles are garbage
            page = self.site.pages[url]
            self.renderer.start()
            self.renderer.page(page)
            rendering = self.renderer.rendering(page)
            self.found.append((url, page.media, rendering))
            if self.index is not None:
                self.index.add(page.language, page_document(self.site, page))
            for document in documents_of(page):
                yield document.url
                if json_url := content_json_url(document):
                    yield json_url
            _forget_bodies(page)  # Frozen-Flask has written them before asking for more
            parallel.tick()


def _share(share: tuple[int, int]) -> tuple[list, dict[str, list]]:
    from app import create_app
    from app.site.freezer import make_freezer

    data, staging, index_folder, urls, listings = parallel.shared["page_pass"]
    site = data.site
    index = SegmentsWriter(index_folder, index_names(site)) if index_folder else None
    if index is not None and share[0] == 0:
        for language, org in organisations_in_languages(site):
            index.add(language, organisation_document(site, org))
    work = _Pass(site, urls[share[0] :: share[1]], index)
    app = create_app({"SITE": site, "SITE_DATA": data})
    with warnings.catch_warnings(), _collecting_between_pages():
        warnings.simplefilter("ignore", MissingURLGeneratorWarning)  # pages only, on purpose
        freezer = make_freezer(app, site, staging, only=work.page_urls())
        freezer.written = gzip_copy
        for _frozen in freezer.freeze_yield():
            pass
        # then this worker's share of the listings, with the app and templates it has ready
        freezer = make_freezer(app, site, staging, only=listings[share[0] :: share[1]])
        freezer.written = gzip_copy
        for _frozen in freezer.freeze_yield():
            pass
    return work.found, index.close() if index is not None else {}


def render_freeze_index(
    data: SiteData,
    urls: list[str],
    staging: Path,
    index_folder: Path | None,
    jobs: int,
    report=None,
    listings: list[str] = (),
) -> tuple[dict[str, PageRendering], dict[str, list]]:
    """Render, freeze and index these pages, and freeze the `listings` (the outputs that list
    pages: they need only the pages' front matter); what rendering found, by URL, and the index
    segments written, by index name (for IndexBuild.add_segments)."""
    jobs = parallel.jobs_for(len(urls), jobs)
    site = data.site
    parallel.shared["page_pass"] = (
        data,
        str(staging),
        str(index_folder) if index_folder else None,
        urls,
        list(listings),
    )
    if jobs > 1:
        before_forking(site)
    try:
        shares = parallel.forked_map(
            _share, [(i, jobs) for i in range(jobs)], report, forked=lambda: _let_go(site)
        )
    finally:
        parallel.shared.pop("page_pass", None)
    renderings = {}
    for found, _written in shares:
        for url, media, rendering in found:
            site.pages[url].media = media
            renderings[url] = rendering.interned()
    return renderings, merged_segments(written for _found, written in shares)
