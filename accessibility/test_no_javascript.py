"""Everything works with JavaScript turned off: a whole form (errors, changing an answer from
check your answers, asking for a copy of the answers by email, sending it), saving a form to come
back later and coming back, and a search with filters."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.i18n import gettext_in, ngettext_in
from app.store import get_engine
from app.store.tables import emails

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
            # the copy's address field is there without the script that reveals it
            assert await page.locator("#copy-email").is_visible()
            await page.check("input[name=send-copy]")
            await page.fill("#copy-email", f"{form.id}@example.org")
            await press_button(page, "Accept and send")
            return page.url, await page.locator(".govuk-panel__title").inner_text()
        finally:
            await context.close()

    url, title = chromium.run(run())
    assert url.endswith("/confirmation") and title == form.confirmation_heading()
    with get_engine(portal.app).connect() as connection:
        copies = connection.execute(
            sa.select(emails.c.recipient).where(
                emails.c.form_id == form.id, emails.c.kind == "copy"
            )
        ).scalars()
        assert f"{form.id}@example.org" in list(copies)


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


FILTERED_COUNT = (
    "<strong>%(count)s</strong> result with filters applied",
    "<strong>%(count)s</strong> results with filters applied",
)


def test_in_welsh_search_a_guide_and_the_language_switcher_without_javascript(portal, chromium):
    """The search journey once in Welsh, with no JavaScript: searched from a Welsh page, a
    filter applied, the Welsh guide found, its next part, and the switcher to English."""

    async def run():
        context = await chromium.context(javascript=False)
        try:
            page = await context.new_page()
            await page.goto(portal.url("/cy/report-a-pothole"))
            await page.fill("#site-search", "lwfans byw")
            async with page.expect_navigation():
                await page.press("#site-search", "Enter")
            searched = page.url, await page.get_attribute("html", "lang")
            box = page.locator(".app-search-filters input[value=guide]")
            await box.check()
            await press_button(page, gettext_in("cy", "Apply filters"))
            count = await page.locator("#results-count").inner_text()
            async with page.expect_navigation():
                await page.locator(".app-search-result__title a").first.click()
            guide = page.url
            async with page.expect_navigation():
                await page.locator(".govuk-pagination__next a").click()
            part = page.url
            async with page.expect_navigation():
                await page.locator(".app-translation-nav a[hreflang=en]").click()
            return searched, count, guide, part, page.url, await page.get_attribute("html", "lang")
        finally:
            await context.close()

    searched, count, guide, part, english, lang = chromium.run(run())
    assert searched == (portal.url("/cy/search?q=lwfans+byw"), "cy")
    one = ngettext_in("cy", *FILTERED_COUNT, 1, count=1)
    assert count.strip() == re.sub("<[^>]+>", "", one)  # the guide alone
    assert guide == portal.url("/cy/living-allowance")
    assert part == portal.url("/cy/living-allowance/eligibility")
    assert (english, lang) == (portal.url("/living-allowance/eligibility"), "en")


def test_feedback_without_javascript(portal, chromium):
    """Answering "No" to "Is this page useful?" asks what went wrong, and the banner's "giving
    feedback" leads to the site's form: both sent, a wrong answer shown again on the way, with
    no JavaScript."""

    async def run():
        context = await chromium.context(javascript=False)
        try:
            page = await context.new_page()
            await page.goto(portal.url("/about"))
            await press_button(page, "No this page is not useful")
            asked = await page.title()
            await press_button(page, "Send")
            error = await page.locator(".govuk-error-summary a").inner_text()
            await page.fill("#went_wrong", "The opening hours are missing")
            await press_button(page, "Send")
            thanked = await page.title()
            async with page.expect_navigation():
                await page.get_by_role("link", name="giving feedback").click()
            await page.fill("#message", "Clear and quick")
            await press_button(page, "Send feedback")
            return asked, error, thanked, await page.title()
        finally:
            await context.close()

    asked, error, thanked, sent = chromium.run(run())
    assert asked.startswith("Help us improve")
    assert error == "Enter what you were doing or what went wrong"
    assert thanked.startswith("Thank you for your feedback") and sent == thanked


@pytest.mark.parametrize(
    "form_id", [form_id for form_id in form_ids() if load_form(form_id).save_and_return.enabled]
)
def test_save_and_come_back_later_without_javascript(form_id, portal, chromium):
    """Saved from a question (its answer kept) by email and then by a code, and resumed with
    the code in another browser, JavaScript off in both."""
    form = load_form(form_id)
    first = form.pages[0]

    async def run():
        context = await chromium.context(javascript=False)
        try:
            page = await context.new_page()
            await page.goto(portal.url(f"/forms/{form.id}"))
            await fill(page, first, valid_answer(first))
            await press_button(page, "Save and come back later")
            assert page.url.endswith("/save-for-later")
            await page.check('[name="how"][value="email"]')
            await press_button(page, "Continue")
            await page.fill("#email", "ada@example.com")
            await press_button(page, "Send the link")
            assert "Check your email" in await page.title()
            await page.goto(portal.url(f"/forms/{form.id}/save-for-later"))
            await page.check('[name="how"][value="code"]')
            await press_button(page, "Continue")
            reference = await page.locator(".app-reference").inner_text()
            code = await page.locator(".app-resume-code").inner_text()
        finally:
            await context.close()
        context = await chromium.context(javascript=False)
        try:
            page = await context.new_page()
            await page.goto(portal.url("/forms/resume"))
            await page.fill("#reference", reference)
            await page.fill("#code", code)
            await press_button(page, "Continue")
            # the first answer was kept: on to the second question
            assert page.url == portal.url(f"/forms/{form.id}/{form.pages[1].id}"), page.url
        finally:
            await context.close()

    chromium.run(run())
