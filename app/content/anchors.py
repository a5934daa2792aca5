"""Links to a section of another page (`/prepare-for-a-flood#make-a-flood-kit`) must name one of
that page's headings; the Markdown renderer checks `#section` links within a page, this checks
the ones between pages, once every page is rendered.

Each page's ids (its headings', and those its template gives it) and its links with a `#` are
what rendering it found (`PageRendering.anchors`, `.anchor_links`); an incremental build keeps
both in the build cache with the page, so it checks every link as a clean build does, reading
again only the pages that changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from app.suggestions import closest

from .pages import Page
from .problems import ProblemList

# Ids the page templates give every page besides its headings (app/templates/site/): the skip
# link's target and the consultation page's sections.
TEMPLATE_ANCHORS = frozenset(
    {"main-content", "outcome", "respond", "consultation-description", "full-history"}
)


def _ids(rendered) -> set[str]:
    return {heading.id for heading in rendered.headings} if rendered else set()


def page_anchors(page: Page) -> dict[str, frozenset[str]]:
    """The ids each of the page's URLs has, once it is rendered: the page (with its steps'
    and outcome's headings), each guide part, and a guide's printable version."""
    own = _ids(page.body) | _ids(page.outcome)
    for index, body in enumerate(page.step_bodies):
        own |= _ids(body) | {f"step-{index + 1}"}
    anchors = {page.url: frozenset(own)}
    if page.parts:
        printed = set(own)
        for number, part in enumerate(page.parts, start=1):
            ids = _ids(part.body)
            anchors[part.url] = frozenset(ids)
            printed |= ids | {f"part-{number}"}
        anchors[f"{page.url}/print"] = frozenset(printed)
    return anchors


def check_anchor_links(
    anchors: Mapping[str, frozenset[str]],
    links: Iterable[tuple[str, int, str]],
    problems: ProblemList,
) -> None:
    """Every (file, line, href) whose page is a content page must name one of its ids."""
    for path, line, href in links:
        target, _, anchor = href.partition("#")
        target = target.split("?", 1)[0].rstrip("/") or "/"
        ids = anchors.get(target)
        if ids is None or not anchor or anchor in ids or anchor in TEMPLATE_ANCHORS:
            continue  # not a content page (checked as a link already), or the id is there
        likely = closest(anchor, ids)
        fix = (
            f"did you mean {target}#{likely}?"
            if likely
            else "a heading's id is its words in lower case joined by hyphens: "
            "`## What you need` is #what-you-need"
        )
        problems.error(path, line, f"the link {href} names no heading on {target}: {fix}")
