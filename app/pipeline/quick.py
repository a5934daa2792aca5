"""The preview's quick rebuild: when only the Markdown body of existing pages changed, re-render
those pages and rewrite just their files in the live site, in a fraction of a second at any size.

Anything else — front matter (titles and dates appear on listing pages, feeds and sidebars), a new
or deleted file, organisations, topics, settings, templates — needs the full build, and
`quick_rebuild` says so by returning None. The search index is left as it was until the next full
build.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from flask_frozen import MissingURLGeneratorWarning

from app.content.crossref import check_page, collect_step_by_steps, link_checker
from app.content.loader import load_page
from app.content.pages import Page, Site
from app.content.problems import ProblemList
from app.content.render import SiteRenderer
from app.site.documents import content_json_url, documents_of

from .compress import gzip_file


def _source_files(site: Site) -> dict[Path, Page]:
    """Every page's files (a guide's index.md and its parts) → the page."""
    files = {}
    for page in site.pages.values():
        files[Path(page.source.path).resolve()] = page
        for part in page.parts[1:]:
            files[Path(part.source.path).resolve()] = page
    return files


def _same_shape(old: Page, new: Page) -> bool:
    """Whether nothing but bodies changed: the same URL, front matter and guide parts."""
    return (
        new.url == old.url
        and new.meta == old.meta
        and [(p.slug, p.title) for p in new.parts] == [(p.slug, p.title) for p in old.parts]
    )


def _urls_of(page: Page) -> list[str]:
    documents = documents_of(page)
    return [d.url for d in documents] + [url for d in documents if (url := content_json_url(d))]


def quick_rebuild(
    site: Site, out: Path, changed: set[Path]
) -> tuple[list[str], ProblemList] | None:
    """Rewrite the pages whose bodies changed; (URLs written, problems), or None for a full
    build. With errors in the problems nothing is written and the site is unchanged."""
    files = _source_files(site)
    touched: dict[str, Page] = {}
    for path in changed:
        page = files.get(Path(path).resolve())
        if page is None and not Path(path).exists():
            continue  # an editor's temporary file, come and gone (saves write and rename)
        if page is None or not Path(path).exists():
            return None
        touched[page.url] = page
    if not touched:
        return None
    problems = ProblemList()
    fresh = []
    for old in touched.values():
        new = load_page(Path(old.source.path).resolve(), bool(old.parts), problems)
        if new is None or not _same_shape(old, new):
            return None
        fresh.append(new)
    renderer, exists = SiteRenderer(site, problems), link_checker(site)
    for page in fresh:
        check_page(site, page, exists, problems)
        renderer.page(page)
    if problems.errors:
        return [], problems
    for page in fresh:
        site.pages[page.url] = page
    collect_step_by_steps(site)
    return _write(site, out, [url for page in fresh for url in _urls_of(page)]), problems


def _write(site: Site, out: Path, urls: list[str]) -> list[str]:
    from app import create_app
    from app.site.freezer import make_freezer

    app = create_app({"SITE": site})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingURLGeneratorWarning)  # only a few pages, on purpose
        for page in make_freezer(app, site, str(out), only=urls).freeze_yield():
            gzip_file(Path(out) / page.path)
    return urls
