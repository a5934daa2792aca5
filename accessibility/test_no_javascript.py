"""Everything works with JavaScript turned off: a whole form (errors, changing an answer from
check your answers, sending it) and a search with filters."""

from __future__ import annotations

import pytest

from .journeys import complete, fill, form_ids, load_form, press_button, valid_answer


@pytest.mark.parametrize("form_id", form_ids())
def test_a_whole_form_without_javascript(form_id, portal, chromium):
    form = load_form(form_id)
    first = form.pages[0]

    async def run():
        context = await chromium.context(javascript=False)
        try:
            page = await context.new_page()
            await page.goto(portal.url(f"/forms/{form.id}"))
            assert not await page.evaluate("() => document.body.classList.contains('js-enabled')")
            assert page.url.endswith(f"/{first.id}")
            await press_button(page, "Continue")
            summary = page.locator(".govuk-error-summary")
            assert await summary.count() == 1 and (await page.title()).startswith("Error: ")
            link = summary.locator("a").first
            await link.click()  # a plain link to the input's id
            assert page.url.endswith(await link.get_attribute("href"))
            await complete(page, form)

            # change the first answer from check your answers, and come back there
            await page.locator(".govuk-summary-list__actions a").first.click()
            assert "change=1" in page.url
            await fill(page, first, valid_answer(first))
            await press_button(page, "Continue")
            assert "Check your answers" in await page.title()
            await press_button(page, "Accept and send")
            return page.url, await page.locator(".govuk-panel__title").inner_text()
        finally:
            await context.close()

    url, title = chromium.run(run())
    assert url.endswith("/confirmation") and title == form.confirmation_heading()


def test_search_and_filters_without_javascript(portal, chromium):
    async def run():
        context = await chromium.context(javascript=False)
        try:
            page = await context.new_page()
            await page.goto(portal.url("/passport-fees"))
            await page.fill("#site-search", "passport")
            async with page.expect_navigation():
                await page.press("#site-search", "Enter")
            assert "/search?q=passport" in page.url
            before = await page.locator(".app-search-result").count()
            box = page.locator(".app-search-filters input[type=checkbox]").first
            await box.check()
            await press_button(page, "Apply filters")
            count = await page.locator("#results-count").inner_text()
            after = await page.locator(".app-search-result").count()
            await page.locator(".app-search-result__title a").first.click()
            return before, count, after, page.url
        finally:
            await context.close()

    before, count, after, landed = chromium.run(run())
    assert before > 0 and "with filters applied" in count and 0 < after <= before
    assert "/search" not in landed
