"""One visit to every page: axe-core at a desktop width, then the same tab narrowed to 320 CSS px
for reflow, then WCAG 1.4.12 text spacing. test_every_page.py asserts on the parts, so each page
is loaded once for both."""

from __future__ import annotations

from dataclasses import dataclass

from playwright.async_api import Page

from .axe import Audit, AxeResult
from .browser import Chromium, in_tabs
from .layout import REFLOW_WIDTH, clipped_with_text_spacing, sideways_scroll
from .pages import open_page, show
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


async def check_shown_page(page: Page, url: str, audit: Audit) -> PageCheck:
    """axe, reflow and text spacing on the page the tab shows (at the desktop width)."""
    result = await audit.check(page, url)
    await page.set_viewport_size({"width": REFLOW_WIDTH, "height": 640})
    sideways = await sideways_scroll(page)
    return PageCheck(url, result, sideways, await clipped_with_text_spacing(page))


async def check_redirect_page(context, portal: Portal, url: str, audit: Audit) -> PageCheck:
    """A page that only sends the browser on, in a tab of its own that stays on it."""
    page = await open_page(context, portal.url(url), hold=True)
    try:
        return await check_shown_page(page, url, audit)
    finally:
        await page.close()


def check_every_page(chromium: Chromium, portal: Portal, audit: Audit) -> list[PageCheck]:
    """Every built page and the DYNAMIC ones, in that order."""
    urls, redirects = portal.pages + DYNAMIC, portal.redirects

    async def check(page: Page, url: str) -> PageCheck:
        if url in redirects:
            return await check_redirect_page(page.context, portal, url, audit)
        await show(page, portal.url(url))
        return await check_shown_page(page, url, audit)

    async def run():
        context = await chromium.context()
        try:
            return await in_tabs(context, urls, check)
        finally:
            await context.close()

    return chromium.run(run())
