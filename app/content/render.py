"""Render every Markdown body of the site, recording Markdown problems against their file lines.

Rendering happens before anything is written, as part of checking: raw HTML, broken links and
unknown images are content errors, and a site with errors is never built.
"""

from __future__ import annotations

from pathlib import Path

from app import parallel
from app.markdown import (
    AttachmentRef,
    ContactRef,
    ImageRef,
    MarkdownContext,
    parse,
    render_markdown,
    render_parsed,
    result,
    split_at_first_h2,
)

from .crossref import link_checker
from .pages import Page, Rendered, Site, Source
from .problems import ProblemList


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
        file_type = path.suffix.lstrip(".").upper() or "File"
        attachments[spec.file] = AttachmentRef(
            media_url(page, spec.file), spec.title, file_type, size, spec.pages
        )
        page.media[spec.file] = attachments[spec.file].url
    return images, attachments


class SiteRenderer:
    """Holds what every page's Markdown needs to know about the site, built once."""

    def __init__(self, site: Site, problems: ProblemList):
        self.site, self.problems = site, problems
        self.contacts = _contacts(site)
        self.link_exists = link_checker(site)

    def context(self, images=None, attachments=None) -> MarkdownContext:
        return MarkdownContext(
            site_host=self.site.settings.host,
            images=images or {},
            attachments=attachments or {},
            contacts=self.contacts,
            link_exists=self.link_exists,
        )

    def _record(self, source: Source, result, first_line: int) -> None:
        for problem in result.problems:
            self.problems.error(source.path, first_line + problem.line - 1, problem.message)

    def body(
        self,
        source: Source,
        context: MarkdownContext,
        text: str | None = None,
        first_line: int | None = None,
    ) -> Rendered:
        result = render_markdown(source.body if text is None else text, context)
        self._record(source, result, source.body_line if first_line is None else first_line)
        return Rendered(result.html, result.headings, result.text)

    def page(self, page: Page) -> None:
        context = self.context(*_media_context(page))
        source = page.source
        if page.kind.start_button:
            # The Start now button goes between the introduction and the first ## section.
            tokens, env = parse(source.body, context)
            before, after = split_at_first_h2(tokens)
            intro_html, rest_html = render_parsed(before, env), render_parsed(after, env)
            whole = result(intro_html + rest_html, env)
            self._record(source, whole, source.body_line)
            page.body = Rendered(intro_html, whole.headings, whole.text)
            page.after_start = Rendered(rest_html, [])
        else:
            page.body = self.body(source, context)
        for part in page.parts[1:]:
            part.body = self.body(part.source, context)
        if page.parts:
            page.parts[0].body = page.body
        if page.meta.outcome:
            page.outcome = self.body(
                source, context, page.meta.outcome, source.lines.text_line_of(("outcome",))
            )
        page.step_bodies = [
            self.body(
                source, context, step.body or "", source.lines.text_line_of(("steps", i, "body"))
            )
            for i, step in enumerate(page.meta.steps or [])
        ]

    def organisation(self, org) -> None:
        org.body = self.body(org.source, self.context())


def _render_share(urls: list[str]) -> tuple[list, list]:
    """Render some pages (in a forked child) and return what rendering set on each."""
    site = parallel.shared["site"]
    problems = ProblemList()
    renderer = SiteRenderer(site, problems)
    rendered = []
    for url in urls:
        page = site.pages[url]
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
            )
        )
        parallel.tick()
    return rendered, list(problems)


def render_site(site: Site, problems: ProblemList, jobs: int = 1) -> None:
    """Render every body; with jobs > 1, pages are shared out over forked processes."""
    renderer = SiteRenderer(site, problems)
    for org in site.organisations.values():
        renderer.organisation(org)
    jobs = parallel.jobs_for(len(site.pages), jobs)
    if jobs == 1:
        for page in site.pages.values():
            renderer.page(page)
        return
    parallel.shared["site"] = site
    try:
        results = parallel.forked_map(_render_share, parallel.split(list(site.pages), jobs))
    finally:
        parallel.shared.pop("site", None)
    for rendered, share_problems in results:
        problems.extend(share_problems)
        for url, body, after_start, outcome, step_bodies, part_bodies, media in rendered:
            page = site.pages[url]
            page.body, page.after_start, page.outcome = body, after_start, outcome
            page.step_bodies, page.media = step_bodies, media
            for part, part_body in zip(page.parts[1:], part_bodies, strict=True):
                part.body = part_body
            if page.parts:
                page.parts[0].body = body
