"""One visit to every page: axe-core at a desktop width, then the same tab narrowed to 320 CSS px
for reflow, then WCAG 1.4.12 text spacing. test_pages.py and test_layout.py assert on the parts,
so each page is loaded once for both."""

from __future__ import annotations

from dataclasses import dataclass

from .axe import Audit, AxeResult
from .browser import Chromium, each
from .layout import REFLOW_WIDTH, clipped_with_text_spacing, sideways_scroll
from .pages import open_page
from .portal import Portal

# Pages the app makes on request, swept with the built ones: search with filters applied, with a
# corrected spelling and with no results; a file question (GOV.UK's file upload must reflow too).
DYNAMIC = [
    "/search?q=passport&filter_organisation=passport-office",
    "/search?q=pasport",
    "/search?q=zzyzx",
    "/forms/report-a-pothole/photo",
    # the service in Welsh (the Welsh built pages are among the built pages)
    "/cy/search?q=twll",
    "/cy/forms/report-a-pothole",
]


@dataclass
class PageCheck:
    url: str
    axe: AxeResult
    sideways: list[str]  # why the page scrolls sideways at 320px; [] when it does not
    clipped: list[str]  # text WCAG 1.4.12 spacing cuts off; [] when none


async def check_page(context, portal: Portal, url: str, audit: Audit, hold: bool) -> PageCheck:
    page = await open_page(context, portal.url(url), hold=hold)
    try:
        result = await audit.check(page, url)
        await page.set_viewport_size({"width": REFLOW_WIDTH, "height": 640})
        sideways = await sideways_scroll(page)
        return PageCheck(url, result, sideways, await clipped_with_text_spacing(page))
    finally:
        await page.close()


def check_every_page(chromium: Chromium, portal: Portal, audit: Audit) -> list[PageCheck]:
    urls, redirects = portal.pages + DYNAMIC, portal.redirects

    async def run():
        context = await chromium.context()
        try:
            return await each(
                urls, lambda url: check_page(context, portal, url, audit, url in redirects)
            )
        finally:
            await context.close()

    return chromium.run(run())
