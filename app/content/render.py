"""Render every Markdown body of the site, recording Markdown problems against their file lines.

Rendering happens before anything is written, as part of checking: raw HTML, broken links and
unknown images are content errors, and a site with errors is never built. Each page, guide part
and organisation is also read against the style guide (app/content/style/) from the tokens just
parsed for it, so the lint's warnings cost no second parse and come wherever rendering runs:
`build.py check`, the build's workers and the preview.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from sys import intern

from app import parallel
from app.markdown import (
    AttachmentRef,
    ContactRef,
    ImageRef,
    MarkdownContext,
    file_type_name,
    parse,
    render_parsed,
    result,
    split_at_first_h2,
)
from app.suggestions import closest

from .anchors import TEMPLATE_ANCHORS, check_anchor_links, page_anchors
from .crossref import link_checker, site_urls
from .pages import Page, Rendered, Site, Source
from .problems import ProblemList
from .style import before_forking, lint_file


def media_url(page: Page, file_name: str) -> str:
    return f"/media/{page.slug}/{file_name}"


def _contacts(site: Site) -> dict[str, ContactRef]:
    return {
        key: ContactRef(
            title=c.title,
            address=tuple(c.address),
            phones=tuple((p.label, p.number) for p in c.phones),
            hours=tuple(c.hours),
            email=c.email,
        )
        for key, c in site.contacts.items()
    }


def _media_context(page: Page) -> tuple[dict[str, ImageRef], dict[str, AttachmentRef]]:
    images, attachments = {}, {}
    for spec in page.meta.images:
        images[spec.file] = ImageRef(
            media_url(page, spec.file), spec.alt, spec.caption, spec.credit
        )
        page.media[spec.file] = images[spec.file].url
    for spec in page.meta.attachments:
        path: Path = page.source.folder / spec.file
        size = path.stat().st_size if path.is_file() else 0
        file_type = file_type_name(path.suffix) or "File"
        attachments[spec.file] = AttachmentRef(
            media_url(page, spec.file), spec.title, file_type, size, spec.pages
        )
        page.media[spec.file] = attachments[spec.file].url
    return images, attachments


class SiteRenderer:
    """Holds what every page's Markdown needs to know about the site, built once."""

    def __init__(self, site: Site, problems: ProblemList, urls=None):
        """`urls`: the site's URLs (crossref.site_urls), if already worked out."""
        self.site, self.problems = site, problems
        self.contacts = _contacts(site)
        self._exists = link_checker(site, urls)
        self._urls = urls
        # the site paths the Markdown asked about since `checked_links` was last emptied: an
        # incremental build renders the page again when one of them appears or disappears
        self.checked_links: set[str] = set()
        # (file, line, href) of each link to a `#section`, checked once every page is rendered
        self.anchor_links: list[tuple[str, int, str]] = []

    def link_exists(self, path: str) -> bool:
        self.checked_links.add(path)
        return self._exists(path)

    def closest_page(self, path: str) -> str | None:
        """The page a link that is not one was probably meant for (only ever asked on an error:
        it compares the path with every URL of the site)."""
        if self._urls is None:
            self._urls = site_urls(self.site)
        return closest(path, self._urls)

    def context(
        self, images=None, attachments=None, url="", heading_level=1, language=None
    ) -> MarkdownContext:
        """`url`: where the body is published; `heading_level`: of the heading it sits under;
        `language`: the page's (default: the site's default language)."""
        return MarkdownContext(
            language=language or self.site.settings.language,
            site_host=self.site.settings.host,
            images=images or {},
            attachments=attachments or {},
            contacts=self.contacts,
            link_exists=self.link_exists,
            closest_page=self.closest_page,
            url=url,
            heading_level=heading_level,
            anchors=TEMPLATE_ANCHORS,
        )

    def _record(self, source: Source, result, first_line: int) -> None:
        for problem in result.problems:
            report = self.problems.warning if problem.warning else self.problems.error
            report(source.path, first_line + problem.line - 1, problem.message)
        for line, href in result.links:
            if "#" in href:
                self.anchor_links.append((source.path, first_line + line - 1, href))

    def start(self) -> None:
        """Forget what the last page found: the next is rendered on its own."""
        self.problems, self.checked_links, self.anchor_links = ProblemList(), set(), []

    def rendering(self, page: Page) -> PageRendering:
        """What rendering the page found besides its HTML (after `page(page)`)."""
        return PageRendering(
            list(self.problems),
            frozenset(self.checked_links),
            page_anchors(page),
            tuple(self.anchor_links),
        )

    def lint(self, source: Source, title: str, description: str | None, parsed) -> None:
        """The style lint on a file's body, from its tokens before they are rendered."""
        if self.site.style is not None:
            lint_file(source, title, description, self.site.style, parsed, self.problems)

    def body(
        self,
        source: Source,
        context: MarkdownContext,
        text: str | None = None,
        first_line: int | None = None,
        titled: tuple[str, str | None] | None = None,
    ) -> Rendered:
        """`titled`: the file's title and description, to lint the file's body with them."""
        tokens, env = parse(source.body if text is None else text, context)
        if titled is not None:
            self.lint(source, *titled, (tokens, env))
        found = result(render_parsed(tokens, env), env)
        self._record(source, found, source.body_line if first_line is None else first_line)
        return Rendered(found.html, found.headings, found.text)

    def page(self, page: Page) -> None:
        images, attachments = _media_context(page)
        # a guide's parts are each under their part's title (h2); other pages' under the title
        level = 2 if page.parts else 1
        language = page.language
        context = self.context(images, attachments, page.url, level, language)
        under_a_heading = self.context(images, attachments, page.url, 2, language)
        source = page.source
        titled = (page.meta.title, page.meta.description)
        if page.kind.start_button:
            # The Start now button goes between the introduction and the first ## section.
            tokens, env = parse(source.body, context)
            self.lint(source, *titled, (tokens, env))
            before, after = split_at_first_h2(tokens)
            intro_html, rest_html = render_parsed(before, env), render_parsed(after, env)
            whole = result(intro_html + rest_html, env)
            self._record(source, whole, source.body_line)
            page.body = Rendered(intro_html, whole.headings, whole.text)
            page.after_start = Rendered(rest_html, [])
        else:
            page.body = self.body(source, context, titled=titled)
        for part in page.parts[1:]:
            part.body = self.body(
                part.source,
                self.context(images, attachments, part.url, 2, language),
                titled=(part.title, None),
            )
        if page.parts:
            page.parts[0].body = page.body
        if page.meta.outcome:
            page.outcome = self.body(
                source,
                under_a_heading,
                page.meta.outcome,
                source.lines.text_line_of(("outcome",)),
            )
        page.step_bodies = [
            self.body(
                source,
                under_a_heading,
                step.body or "",
                source.lines.text_line_of(("steps", i, "body")),
            )
            for i, step in enumerate(page.meta.steps or [])
        ]

    def organisation(self, org) -> None:
        # under "What we do", a level 2 heading
        org.body = self.body(
            org.source, self.context(url=org.url, heading_level=2), titled=(org.meta.title, None)
        )


def _render_share(urls: list[str]) -> list:
    """Render some pages (in a forked child) and return what rendering set on each."""
    site, site_urls = parallel.shared["site"]
    renderer = SiteRenderer(site, ProblemList(), site_urls)
    rendered = []
    for url in urls:
        page = site.pages[url]
        renderer.start()
        renderer.page(page)
        rendered.append(
            (
                url,
                page.body,
                page.after_start,
                page.outcome,
                page.step_bodies,
                [part.body for part in page.parts[1:]],
                page.media,
                renderer.rendering(page),
            )
        )
        parallel.tick()
    return rendered


@dataclass
class PageRendering:
    """What rendering a page found besides its HTML: its problems, the links it checked, the
    ids of its URLs' sections and its links to sections (file, line, href)."""

    problems: list
    links: frozenset
    anchors: dict = field(default_factory=dict)
    anchor_links: tuple = ()

    def interned(self) -> PageRendering:
        """The same, its links, URLs, ids and file names interned. It comes back from a
        page-pass worker with strings of its own, though most name the same few pages and
        sections, and the build's parent keeps every page's for the cache and the checks between
        pages: at 30,000 pages its peak was 18 MB lower (687 -> 669 MB) without the copies."""
        return PageRendering(
            self.problems,
            frozenset(map(intern, self.links)),
            {intern(url): frozenset(map(intern, ids)) for url, ids in self.anchors.items()},
            tuple((intern(file), line, intern(href)) for file, line, href in self.anchor_links),
        )


def render_pages(
    site: Site, urls: list[str], jobs: int = 1, site_urls=None
) -> dict[str, PageRendering]:
    """Render these pages' bodies; with jobs > 1 shared out over forked processes. `site_urls`:
    the site's URLs (crossref.site_urls), if already worked out."""
    jobs = parallel.jobs_for(len(urls), jobs)
    parallel.shared["site"] = (site, site_urls)
    try:
        if jobs == 1:
            results = [_render_share(urls)]
        else:
            before_forking(site)
            results = parallel.forked_map(_render_share, parallel.split(urls, jobs))
    finally:
        parallel.shared.pop("site", None)
    renderings = {}
    for rendered in results:
        for url, body, after_start, outcome, step_bodies, part_bodies, media, found in rendered:
            page = site.pages[url]
            page.body, page.after_start, page.outcome = body, after_start, outcome
            page.step_bodies, page.media = step_bodies, media
            for part, part_body in zip(page.parts[1:], part_bodies, strict=True):
                part.body = part_body
            if page.parts:
                page.parts[0].body = body
            renderings[url] = found
    return renderings


def render_organisations(site: Site, problems: ProblemList, urls=None) -> None:
    renderer = SiteRenderer(site, problems, urls)
    for org in site.organisations.values():
        renderer.organisation(org)


def render_site(site: Site, problems: ProblemList, jobs: int = 1) -> dict[str, PageRendering]:
    """Render every body; with jobs > 1, pages are shared out over forked processes."""
    render_organisations(site, problems)
    renderings = render_pages(site, list(site.pages), jobs)
    for url in site.pages:
        problems.extend(renderings[url].problems)
    check_renderings_anchors(renderings.values(), problems)
    return renderings


def check_renderings_anchors(renderings, problems: ProblemList) -> None:
    """Check every link to a section of a page, once every page's ids are known (what
    rendering found, PageRendering; an incremental build checks what its cache kept, in
    app/pipeline/loading.py)."""
    renderings = list(renderings)
    anchors = {url: ids for r in renderings for url, ids in r.anchors.items()}
    check_anchor_links(anchors, (link for r in renderings for link in r.anchor_links), problems)
