"""Search on a phone (375 × 667 CSS px): the first screen of a results page shows the result count
and the first result, the filters folded behind "Filter and sort" (GOV.UK's finder pattern: a
button with aria-expanded controlling the filters' form). Without JavaScript the count and the
first result come first too, the filters folded in a <details> whose summary opens them, with
"Apply filters". axe-core checks the folded and the open state, with and without the scripts."""

from __future__ import annotations

import contextlib
import os
import re

from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from .axe import violations_text
from .browser import DESKTOP
from .journeys import press_button
from .pages import open_page

PHONE = {"width": 375, "height": 667}
# A query with many results and values in every facet: its filters fill several screens.
QUERY = "/search?q=apply"
TOGGLE = ".app-search-filters__toggle"
FILTERS = "#search-filters"
SUMMARY = ".app-search-filters__summary"
SCRIPT_TAG = re.compile(r"<script\b[^>]*>.*?</script>", re.S)
SCREENSHOTS = os.environ.get("PORTAL_PREVIEW_SCREENSHOTS")  # a folder, to look at the page


async def _settled(locator, state: str) -> None:
    """Wait (a few seconds at most) for the element to reach `state`; the test then reads it."""
    with contextlib.suppress(PlaywrightTimeoutError):  # read as it is: the assertion says
        await locator.wait_for(state=state, timeout=5000)


def test_the_first_screen_shows_the_results_with_the_filters_folded(portal, chromium, audit):
    async def run():
        context = await chromium.context(**PHONE)
        try:
            page = await open_page(context, portal.url(QUERY))
            toggle, filters = page.locator(TOGGLE), page.locator(FILTERS)
            first = page.locator(".app-search-result__title").first
            boxes = await filters.locator("input[type=checkbox]").count()
            folded = {
                "toggle shown": await toggle.is_visible(),
                "expanded": await toggle.get_attribute("aria-expanded"),
                "controls": await toggle.get_attribute("aria-controls"),
                "filters shown": await filters.is_visible(),
                "count": await page.locator("#results-count").bounding_box(),
                "first result": await first.bounding_box(),
            }
            results = [await audit.check(page, "search on a phone: filters folded")]
            await toggle.click()
            opened = {
                "expanded": await toggle.get_attribute("aria-expanded"),
                "filters shown": await filters.is_visible(),
                "focused": await page.evaluate("() => document.activeElement.className"),
            }
            results.append(await audit.check(page, "search on a phone: filters open"))
            # chosen and applied from the opened form, the page comes back folded and filtered
            await filters.locator("input[type=checkbox]").first.check()
            await press_button(page, "Apply filters")
            applied = {
                "count": await page.locator("#results-count").inner_text(),
                "toggle": await page.locator(TOGGLE).inner_text(),
                "filters shown": await page.locator(FILTERS).is_visible(),
            }
            # wider than a phone, the button goes and the filters show beside the results
            await page.set_viewport_size(DESKTOP)
            # the script answers the media query's change event, which comes after the resize
            await _settled(page.locator(FILTERS), "visible")
            await _settled(page.locator(TOGGLE), "hidden")
            wide = {
                "toggle shown": await page.locator(TOGGLE).is_visible(),
                "filters shown": await page.locator(FILTERS).is_visible(),
            }
            return boxes, folded, opened, applied, wide, results
        finally:
            await context.close()

    boxes, folded, opened, applied, wide, results = chromium.run(run())
    assert boxes >= 10, "the query should have many filters, or the test proves little"
    assert folded["toggle shown"] and not folded["filters shown"]
    assert folded["expanded"] == "false" and folded["controls"] == FILTERS[1:]
    # both within the first screen: the first result's title is whole above its fold
    assert folded["count"]["y"] + folded["count"]["height"] <= PHONE["height"]
    assert folded["first result"]["y"] + folded["first result"]["height"] <= PHONE["height"]
    assert opened["expanded"] == "true" and opened["filters shown"]
    assert TOGGLE[1:] in opened["focused"]  # a disclosure keeps focus on its button
    assert "with filters applied" in applied["count"]
    assert applied["toggle"] == "Filter and sort (1 selected)" and not applied["filters shown"]
    assert wide == {"toggle shown": False, "filters shown": True}
    assert not any(r.violations for r in results), violations_text(results)


def test_without_javascript_the_results_come_first_and_the_filters_open_and_apply(portal, chromium):
    async def run():
        context = await chromium.context(javascript=False, **PHONE)
        try:
            page = await context.new_page()
            await page.goto(portal.url(QUERY))
            summary = page.locator(SUMMARY)
            first = page.locator(".app-search-result__title").first
            folded = {
                "toggle": await page.locator(TOGGLE).is_visible(),
                "summary": await summary.is_visible(),
                "filters": await page.locator(FILTERS).is_visible(),
                "count": await page.locator("#results-count").bounding_box(),
                "first result": await first.bounding_box(),
            }
            if SCREENSHOTS:
                await page.screenshot(path=f"{SCREENSHOTS}/search-phone-no-javascript.png")
            await summary.click()
            shown = await page.locator(FILTERS).is_visible()
            await page.locator(f"{FILTERS} input[type=checkbox]").first.check()
            await press_button(page, "Apply filters")
            count = await page.locator("#results-count").inner_text()
            # wider than a phone, the filters show beside the results, the <details> closed
            await page.set_viewport_size(DESKTOP)
            wide = {
                "summary": await summary.is_visible(),
                "filters": await page.locator(FILTERS).is_visible(),
            }
            return folded, shown, count, wide
        finally:
            await context.close()

    folded, shown, count, wide = chromium.run(run())
    assert (folded["toggle"], folded["summary"], folded["filters"]) == (False, True, False)
    # the count and the first result's title whole on the first screen
    assert folded["count"]["y"] + folded["count"]["height"] <= PHONE["height"]
    assert folded["first result"]["y"] + folded["first result"]["height"] <= PHONE["height"]
    assert shown and "with filters applied" in count
    assert wide == {"summary": False, "filters": True}


def test_without_the_portals_scripts_the_folded_filters_pass_axe(portal, chromium, audit):
    """axe-core runs as a script, so the page is checked as it is without the portal's own
    scripts (not loaded), which is the page a browser without JavaScript shows."""

    async def run():
        context = await chromium.context(**PHONE)
        try:
            page = await context.new_page()

            async def without_scripts(route):
                response = await route.fetch()
                html = SCRIPT_TAG.sub("", await response.text())
                await route.fulfill(response=response, body=html)

            await page.route(portal.url(QUERY), without_scripts)
            await page.goto(portal.url(QUERY))
            folded = await audit.check(page, "search on a phone without scripts: filters folded")
            await page.locator(SUMMARY).click()
            opened = await audit.check(page, "search on a phone without scripts: filters open")
            return [folded, opened]
        finally:
            await context.close()

    results = chromium.run(run())
    assert not any(r.violations for r in results), violations_text(results)
