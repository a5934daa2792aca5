"""Loading the content for a build, reusing the last build's pages where their files are unchanged.

Every page file is found as a clean build finds it (`page_files`, in the same order, so listings
and the sitemap come out the same). A page whose files all have the digests they had is taken
from its cache entry without its bodies (a *shell*: what other pages' listings show); any other
is read and rendered. The whole site is then checked as a clean build checks it. A cached page is
read and rendered again when a link its Markdown checked appeared or disappeared since (its
problems may differ), or when one of its own outputs must be rendered again (see `fill`).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from app.content.crossref import check_site, site_urls
from app.content.loader import load_page, load_site, page_files
from app.content.pages import Page, Site
from app.content.problems import ProblemList
from app.content.render import render_organisations, render_pages

from .sources import FileDigests, PageEntry, card_key, full_key, inputs_of, shell_of


class ContentErrors(Exception):
    """The content has errors; `problems` lists every one."""

    def __init__(self, problems: ProblemList):
        super().__init__(f"{len(problems.errors)} content errors")
        self.problems = problems


@dataclass
class Fresh:
    page: Page
    path: Path
    is_guide: bool
    problems: ProblemList


@dataclass
class Loaded:
    site: Site
    problems: ProblemList
    entries: dict[str, PageEntry]  # every page's entry now, by file
    changed: set[str] = field(default_factory=set)  # pages (URLs) whose own outputs may differ
    removed: set[str] = field(default_factory=set)  # pages (URLs) of the last build now gone
    full: set[str] = field(default_factory=set)  # pages loaded with their bodies
    urls: frozenset = frozenset()  # what links may point at (crossref.site_urls)
    file_of: dict[str, str] = field(default_factory=dict)  # page URL -> its entry's key

    def fill(self, urls: list[str], jobs: int) -> dict:
        """Read and render these cached pages in full, in place (the site's indexes hold them);
        what rendering found, by URL."""
        todo = [url for url in urls if url not in self.full]
        for url in todo:
            page, entry = self.site.pages[url], self.entries[self.file_of[url]]
            read = load_page(Path(entry.path), entry.is_guide, ProblemList())
            page.source = read.source
            for part, read_part in zip(page.parts, read.parts, strict=True):
                part.source = read_part.source
        renderings = render_pages(self.site, todo, jobs)
        self.full.update(todo)
        return renderings


def _read_pages(old: dict[str, PageEntry], digests: FileDigests, fresh: dict, cached: dict):
    def pages(content_dir: Path, problems: ProblemList) -> list[Page]:
        found = []
        for path, is_guide in page_files(content_dir):
            key = os.path.abspath(path)
            entry = old.get(key)
            if entry is not None and entry.is_current(is_guide, digests):
                page = entry.page()
                cached[key] = entry
            else:
                page_problems = ProblemList()
                page = load_page(path, is_guide, page_problems)
                problems.extend(page_problems)
                if page is None:
                    continue
                fresh[key] = Fresh(page, path, is_guide, page_problems)
            found.append(page)
        return found

    return pages


def _entry(key: str, fresh: Fresh, rendering, digests: FileDigests) -> PageEntry:
    page = fresh.page
    inputs = inputs_of(page, fresh.path, fresh.is_guide, digests)
    card = card_key(page)
    found = [(p.path, p.line, p.message, p.severity.value) for p in rendering.problems]
    return PageEntry(
        key,
        fresh.is_guide,
        inputs,
        page.url,
        card,
        full_key(card, inputs),
        shell_of(page),
        found,
        rendering.links,
    )


def load(
    content_dir: Path,
    old: dict[str, PageEntry],
    old_urls: frozenset,
    digests: FileDigests,
    *,
    today: dt.date | None,
    base_url: str | None,
    strict: bool,
    jobs: int,
) -> Loaded:
    """Load, check and render what changed; raises ContentErrors as a clean build would."""
    problems, fresh, cached = ProblemList(), {}, {}
    site = load_site(content_dir, problems, today, _read_pages(old, digests, fresh, cached))
    if site is None:
        raise ContentErrors(problems)
    if base_url:
        site.settings = site.settings.model_copy(update={"base_url": base_url.rstrip("/")})
    fresh = {k: f for k, f in fresh.items() if site.pages.get(f.page.url) is f.page}
    cached = {k: e for k, e in cached.items() if e.url in site.pages}
    loaded = Loaded(site, problems, {}, urls=frozenset(site_urls(site)))
    moved = loaded.urls ^ old_urls if old else frozenset()
    loaded.file_of = {f.page.url: k for k, f in fresh.items()} | {
        e.url: k for k, e in cached.items()
    }
    check_site(site, problems)
    render_organisations(site, problems)
    # a cached page whose links came or went is rendered again: its problems may have changed
    again = {k: e for k, e in cached.items() if e.links & moved}
    loaded.entries = dict(cached)
    rendered_again = loaded.fill([e.url for e in again.values()], jobs)
    renderings = render_pages(site, [f.page.url for f in fresh.values()], jobs)
    loaded.full.update(renderings)
    for key, entry in cached.items():
        if key not in again:
            entry.replay(problems)
            continue
        found = rendered_again[entry.url]
        problems.extend(found.problems)
        loaded.entries[key] = replace(
            entry,
            problems=[(p.path, p.line, p.message, p.severity.value) for p in found.problems],
            links=found.links,
        )
    for key, item in fresh.items():
        problems.extend(renderings[item.page.url].problems)
        loaded.entries[key] = _entry(key, item, renderings[item.page.url], digests)
    if problems.errors or (strict and problems.warnings):
        raise ContentErrors(problems)
    _compare(loaded, old)
    return loaded


def _compare(loaded: Loaded, old: dict[str, PageEntry]) -> None:
    """Which pages' own outputs and search documents changed, and which pages went."""
    before = {entry.url: entry.full for entry in old.values()}
    for entry in loaded.entries.values():
        if before.get(entry.url) != entry.full:
            loaded.changed.add(entry.url)
    loaded.removed = set(before) - {entry.url for entry in loaded.entries.values()}
