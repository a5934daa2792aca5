"""axe-core finds nothing on the pages the app makes on request (the 404, a stale form post),
the Welsh search states the sweep does not reach, a form in Welsh, the developer pages and the
embedded forms. (Every built page, the Welsh ones too, is swept in test_every_page.py.)"""

from __future__ import annotations

import pytest

from app.i18n import gettext_in

from .axe import violations_text
from .browser import in_tabs
from .journeys import complete, form_ids, load_form, press_button, question_of
from .pages import open_page, show
from .sweep import DYNAMIC


def test_pages_made_by_the_app_have_no_violations(portal, chromium, audit):
    """The pages the app makes on request rather than the build: the 404 for an unknown path,
    the page a form post with a stale security token gets, and the thanks for answering 'Is
    this page useful?'."""

    async def run():
        context = await chromium.context()
        try:
            missing = await open_page(context, portal.url("/no-such-page"), status=404)
            assert "Page not found" in await missing.title()
            results = [await audit.check(missing, "404 for an unknown path")]
            stale = await context.new_page()
            await stale.goto(portal.url("/forms/report-a-pothole"))
            await stale.locator("input[name=csrf_token]").evaluate("input => input.value = 'x'")
            await press_button(stale, "Continue")
            assert "could not save that page" in await stale.title()
            results.append(await audit.check(stale, "form post with a stale token"))
            # the same two in Welsh
            welsh = await open_page(context, portal.url("/cy/no-such-page"), status=404)
            assert await welsh.get_attribute("html", "lang") == "cy"
            assert gettext_in("cy", "Page not found") in await welsh.title()
            results.append(await audit.check(welsh, "404 for an unknown path under /cy/"))
            stale = await context.new_page()
            await stale.goto(portal.url("/cy/forms/report-a-pothole"))
            await stale.locator("input[name=csrf_token]").evaluate("input => input.value = 'x'")
            await press_button(stale, gettext_in("cy", "Continue"))
            assert gettext_in("cy", "Sorry, we could not save that page") in await stale.title()
            results.append(await audit.check(stale, "form post with a stale token, in Welsh"))
            answered = await context.new_page()
            await answered.goto(portal.url("/about"))
            await press_button(answered, "Yes this page is useful")
            assert "Thank you for your feedback" in await answered.title()
            results.append(await audit.check(answered, "thanks for 'Is this page useful?'"))
            return results
        finally:
            await context.close()

    results = chromium.run(run())
    assert not any(r.violations for r in results), violations_text(results)


# Welsh search states the sweep (test_every_page.py) does not reach: a corrected spelling, no
# results, a filter. Every built Welsh page, /cy/search?q=twll and the Welsh form's first question
# are swept there; so is each English page with its switcher to Welsh.
WELSH_PAGES = [
    "/cy/search?q=palmnat",  # a corrected spelling
    "/cy/search?q=zzyzx",  # no results
    "/cy/search?q=lwfans&filter_type=guide",
]


def audit_pages(portal, chromium, audit, urls: list[str]) -> list:
    """axe's findings on each of `urls`, as the page first shows."""

    async def check_page(page, url):
        await show(page, portal.url(url))
        return await audit.check(page, url)

    async def run():
        context = await chromium.context()
        try:
            return await in_tabs(context, urls, check_page)
        finally:
            await context.close()

    return chromium.run(run())


def test_welsh_pages_have_no_violations(portal, chromium, audit):
    assert {"/cy/", "/cy/a-to-z", "/cy/living-allowance"} <= set(portal.pages)
    assert {"/cy/search?q=twll", "/cy/forms/report-a-pothole"} <= set(DYNAMIC)
    results = audit_pages(portal, chromium, audit, WELSH_PAGES)
    assert all(result.passes for result in results)
    assert not any(r.violations for r in results), violations_text(results)


async def walk_audited(page, form, audit, name: str, language: str = "en") -> list:
    """From a form's first question, audited: that question, the same with nothing answered,
    check your answers and the confirmation, in the `language` of the pages."""
    assert question_of(form, page) == form.pages[0], page.url
    results = [await audit.check(page, f"{name}: first question")]
    await press_button(page, gettext_in(language, "Continue"))
    assert await page.locator(".govuk-error-summary").count() == 1
    results.append(await audit.check(page, f"{name}: nothing answered"))
    await complete(page, form, language)
    results.append(await audit.check(page, f"{name}: check your answers"))
    await press_button(page, gettext_in(language, "Accept and send"))
    assert page.url.endswith("/confirmation")
    assert await page.get_attribute("html", "lang") == language
    results.append(await audit.check(page, f"{name}: confirmation"))
    return results


def test_a_form_in_welsh_has_no_violations(portal, chromium, audit):
    """A form's states in Welsh: its first question, the same with nothing answered, check
    your answers and the confirmation."""
    form = load_form("report-a-pothole")

    async def run():
        context = await chromium.context()
        try:
            page = await context.new_page()
            await page.goto(portal.url(f"/cy/forms/{form.id}"))
            assert await page.get_attribute("html", "lang") == "cy"
            return await walk_audited(page, form, audit, f"cy {form.id}", "cy")
        finally:
            await context.close()

    results = chromium.run(run())
    assert len(results) == 4
    assert not any(r.violations for r in results), violations_text(results)


# The developer pages and the API reference (added on other branches, now here: each must exist).
DEVELOPER_PAGES = [
    "/developers",
    "/developers/api",
    "/developers/forms",
    *(f"/developers/forms/{form_id}" for form_id in form_ids()),
]


def test_developer_pages_have_no_violations(portal, chromium, audit):
    results = audit_pages(portal, chromium, audit, DEVELOPER_PAGES)
    assert len(results) == len(DEVELOPER_PAGES)
    assert not any(r.violations for r in results), violations_text(results)


@pytest.mark.parametrize("form_id", form_ids())
def test_an_embedded_form_has_no_violations(form_id, portal, chromium, audit):
    """The whole flow of a form embedded without the site's chrome (/forms/<id>/embed): its
    start, first question, the same with nothing answered, check your answers and the
    confirmation."""
    form = load_form(form_id)

    async def run():
        context = await chromium.context()
        try:
            page = await context.new_page()
            response = await page.goto(portal.url(f"/forms/{form.id}/embed"))
            assert response.status == 200
            assert not await page.locator("header, footer").count(), "the site's chrome is shown"
            results = [await audit.check(page, f"{form.id} embedded: start")]
            await press_button(page, "Start now")
            results += await walk_audited(page, form, audit, f"{form.id} embedded")
            assert "/embed" in page.url
            return results
        finally:
            await context.close()

    results = chromium.run(run())
    assert len(results) == 5
    assert not any(r.violations for r in results), violations_text(results)
