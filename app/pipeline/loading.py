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
import gc
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from app.content.anchors import check_anchor_links
from app.content.crossref import (
    check_page,
    check_site_wide,
    front_matter_links,
    link_checker,
    page_path,
    site_urls,
)
from app.content.loader import load_page, load_site, page_file_names
from app.content.pages import Page, Site
from app.content.problems import ProblemList
from app.content.render import (
    PageRendering,
    render_organisations,
    render_pages,
)

from .cache import made_for_the_build
from .sources import (
    FileDigests,
    PageEntry,
    card_key,
    digest,
    full_key,
    inputs_of,
    links_text,
    section_ids,
    sections_text,
    shell_of,
)


class ContentErrors(Exception):
    """The content has errors; `problems` lists every one."""

    def __init__(self, problems: ProblemList):
        # the problems themselves, not just their count, wherever this is printed (a traceback,
        # a test's error): `path:line: message` is what the reader needs
        failing = problems.errors or problems  # only warnings when --strict failed the build
        listed = "".join(f"\n{problem}" for problem in sorted(failing))
        super().__init__(f"{len(problems.errors)} content errors:{listed}")
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
    # what rendering found of each page rendered by this build, by URL
    renderings: dict[str, PageRendering] = field(default_factory=dict)
    urls: frozenset = frozenset()  # what links may point at (crossref.site_urls)
    file_of: dict[str, str] = field(default_factory=dict)  # page URL -> its entry's key
    # the entries (by file) that are not the last build's as it cached them: new, read again,
    # checked again, or gone
    replaced: set[str] = field(default_factory=set)

    @cached_property
    def cards(self) -> bytes:
        """The pages' cards in the site's order: when it is unchanged, no listing is. Worked out
        once, for the plan and for the cache (or the last build's, set by `_compare` when the
        page files and their cards are the last build's)."""
        cards = {e.url: e.card for e in self.entries.values()}
        return digest(b"".join(url.encode() + b"\0" + cards[url] for url in self.site.pages))

    def fill(self, urls: list[str], jobs: int) -> dict[str, ProblemList]:
        """Read cached pages in full, in place (the site's indexes hold them), and check and
        render them; each one's problems, by URL."""
        todo = [url for url in urls if url not in self.full]
        found = {}
        for url in todo:
            page, entry = self.site.pages[url], self.entries[self.file_of[url]]
            found[url] = ProblemList()
            read = load_page(Path(entry.path), entry.is_guide, found[url])
            page.source = read.source
            for part, read_part in zip(page.parts, read.parts, strict=True):
                part.source = read_part.source
        self._check_and_render(todo, found, jobs)
        return found

    def _check_and_render(self, urls: list[str], found: dict[str, ProblemList], jobs, render=None):
        """Check these pages and render them (with `render(urls)` if given: the clean build's
        page pass, which leaves no bodies behind)."""
        exists = link_checker(self.site, self.urls)
        for url in urls:
            check_page(self.site, self.site.pages[url], exists, found[url])
        if render is None:
            renderings = render_pages(self.site, urls, jobs, self.urls)
            self.full.update(urls)
        else:
            renderings = render(self.site, urls)
        for url in urls:
            found[url].extend(renderings[url].problems)
        self.renderings.update(renderings)
        return renderings


def guide_files(index_path: Path) -> list[Path]:
    return sorted(index_path.parent.glob("*.md"))


def _read_pages(
    old: dict[str, PageEntry], digests: FileDigests, fresh: dict, cached: dict, files=None
):
    def pages(content_dir: Path, problems: ProblemList) -> list[Page]:
        with made_for_the_build():
            return read(content_dir, problems)

    def read(content_dir: Path, problems: ProblemList) -> list[Page]:
        found = []
        # the files' names are the cache's keys: absolute, as the build makes the content folder
        for key, is_guide in files or page_file_names(content_dir):
            entry = old.get(key)
            if entry is not None and entry.is_current(is_guide, digests):
                page = entry.page()
                cached[key] = (entry, page)
            else:
                # the digests are taken before reading, so that an edit made while the build
                # runs is seen by the next build, never recorded as what this one read
                path = Path(key)
                for file in guide_files(path) if is_guide else [path]:
                    digests.of(str(file))
                page_problems = ProblemList()
                page = load_page(path, is_guide, page_problems)
                if page is None:
                    problems.extend(page_problems)
                    continue
                fresh[key] = Fresh(page, path, is_guide, page_problems)
            found.append(page)
        return found

    return pages


def _problem_tuples(problems: ProblemList) -> list[tuple]:
    return [(p.path, p.line, p.message, p.severity.value) for p in problems]


def _links(page: Page, rendering) -> str:
    return links_text({page_path(p) for p in rendering.links} | front_matter_links(page))


def _entry(key: str, fresh: Fresh, rendering, digests: FileDigests) -> PageEntry:
    page = fresh.page
    inputs = inputs_of(page, fresh.path, fresh.is_guide, digests)
    card = card_key(page)
    return PageEntry(
        key,
        fresh.is_guide,
        inputs,
        page.url,
        card,
        full_key(card, inputs),
        shell_of(page),
        _problem_tuples(fresh.problems),
        _links(page, rendering),
        sections_text(rendering.anchors),
        rendering.anchor_links,
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
    style_lint: bool = False,
    render=None,
    files: list | None = None,
    old_cards: bytes | None = None,
) -> Loaded:
    """Load, check and render what changed; raises ContentErrors as a clean build would.
    `render(site, urls)`, if given, renders the pages read (app/pipeline/page_pass.py);
    `files`, the page files (loader.page_file_names) if the caller has just listed them;
    `old_cards`, the last build's `Loaded.cards`;
    `style_lint`: run the style lint as the pages are rendered (load_site)."""
    problems, fresh, cached = ProblemList(), {}, {}
    pages = _read_pages(old, digests, fresh, cached, files)
    site = load_site(content_dir, problems, today, pages, style_lint)
    if site is None:
        raise ContentErrors(problems)
    if base_url:
        site.settings = site.settings.model_copy(update={"base_url": base_url.rstrip("/")})
    fresh = {k: f for k, f in fresh.items() if site.pages.get(f.page.url) is f.page}
    # pages that lost their URL to another page are not in the site (load_site said so)
    cached = {k: e for k, (e, page) in cached.items() if site.pages.get(e.url) is page}
    loaded = Loaded(site, problems, dict(cached), urls=frozenset(site_urls(site)))
    loaded.file_of = {f.page.url: k for k, f in fresh.items()} | {
        e.url: k for k, e in cached.items()
    }
    # The site and the cache read, hundreds of thousands of objects that live to the end of the
    # build: out of the cycle collector's way, so that its full collections stop walking them
    # (seconds at 100,000 pages), and so that forked workers do not copy them by touching them.
    gc.freeze()
    check_site_wide(site, problems, loaded.urls)
    render_organisations(site, problems, loaded.urls)
    # a cached page whose links came or went is checked and rendered again
    moved = set(loaded.urls ^ old_urls) if old else set()  # set(): a compact table (see below)
    # (a frozenset made by ^ of two big ones keeps their table size even when empty, and `&`
    # walks the smaller operand's whole table: 100,000 walks of 260,000 slots)
    again = {k: e for k, e in cached.items() if e.linked() & moved} if moved else {}
    again_found = loaded.fill([e.url for e in again.values()], jobs)
    new_urls = [f.page.url for f in fresh.values()]

    def render_unless_failed(site: Site, urls: list[str]):
        # with errors already found, render only to report the Markdown's problems too
        found = [problems, *(f.problems for f in fresh.values())]
        if any(p.errors or (strict and p.warnings) for p in found):
            return render_pages(site, urls, jobs, loaded.urls)
        return render(site, urls)

    renderings = loaded._check_and_render(
        new_urls,
        {u: fresh[loaded.file_of[u]].problems for u in new_urls},
        jobs,
        render and render_unless_failed,
    )
    for key, entry in cached.items():
        if key in again:
            found = again_found[entry.url]
            problems.extend(found)
            rendering = loaded.renderings[entry.url]
            loaded.entries[key] = replace(  # unchanged files: the same links
                entry,
                problems=_problem_tuples(found),
                anchors=sections_text(rendering.anchors),
                anchor_links=rendering.anchor_links,
            )
        elif entry.problems:
            entry.replay(problems)
    for key, item in fresh.items():
        problems.extend(item.problems)
        loaded.entries[key] = _entry(key, item, renderings[item.page.url], digests)
    _check_anchors(loaded.entries.values(), problems)
    if problems.errors or (strict and problems.warnings):
        raise ContentErrors(problems)
    _compare(loaded, old, old_cards)
    return loaded


def _check_anchors(entries, problems: ProblemList) -> None:
    """Every page's links to sections of pages, against the pages' ids (all pages', cached or
    not, as a clean build checks them): the ids are looked at only if there is such a link."""
    if links := [link for entry in entries for link in entry.anchor_links]:
        check_anchor_links(section_ids(entries), links, problems)


def _compare(loaded: Loaded, old: dict[str, PageEntry], old_cards: bytes | None) -> None:
    """Which pages' own outputs and search documents changed, and which pages went; and which
    entries are not the last build's (`replaced`). An entry taken from the cache as it was is
    the same object, with the same URL and full key: only the others are compared, by URL (a
    page may have moved to another file), with the last build's entries that were not taken."""
    new = loaded.entries
    replaced = {key for key, entry in new.items() if old.get(key) is not entry}
    replaced |= old.keys() - new.keys()
    before = {old[k].url: old[k].full for k in replaced if k in old}
    for key in replaced:
        entry = new.get(key)
        if entry is not None and before.get(entry.url) != entry.full:
            loaded.changed.add(entry.url)
    loaded.removed = set(before) - {new[k].url for k in replaced if k in new}
    loaded.replaced = replaced
    # the same files, each page at its URL with its card: the same cards in the same order
    if old_cards is not None and all(
        key in old and key in new and (old[key].url, old[key].card) == (new[key].url, new[key].card)
        for key in replaced
    ):
        loaded.cards = old_cards
