"""axe-core finds nothing on the feedback forms: "what went wrong" after "Is this page useful?
No" and the site's feedback page from the phase banner, empty and with every error shown. Both
are reached as people reach them: the "No" button, the banner's link."""

from __future__ import annotations

from .axe import violations_text
from .journeys import press_button
from .pages import settled


def test_the_feedback_forms_have_no_violations(portal, chromium, audit):
    async def run():
        context = await chromium.context()
        try:
            page = await context.new_page()
            await page.goto(portal.url("/about"))
            await press_button(page, "No this page is not useful")
            await settled(page)
            assert "Help us improve" in await page.title()
            results = [await audit.check(page, "feedback: what went wrong")]
            await press_button(page, "Send")
            await settled(page)
            assert (await page.title()).startswith("Error: ")
            results.append(await audit.check(page, "feedback: what went wrong, error"))

            async with page.expect_navigation():
                await page.get_by_role("link", name="giving feedback").click()
            await settled(page)
            assert "Give feedback on" in await page.title()
            results.append(await audit.check(page, "feedback: on the site"))
            await page.fill("#email", "not an address")
            await press_button(page, "Send feedback")
            await settled(page)
            assert await page.locator(".govuk-error-summary a").count() == 2
            results.append(await audit.check(page, "feedback: on the site, errors"))
            return results
        finally:
            await context.close()

    results = chromium.run(run())
    assert not any(r.violations for r in results), violations_text(results)
