"""axe-core finds nothing on any page of the built sample content, the 404 page, or the pages
other branches are adding (skipped here until they arrive)."""

from __future__ import annotations

import pytest

from .axe import violations_text
from .journeys import form_ids, press_button
from .pages import open_page


def test_every_built_page_has_no_violations(portal, every_page):
    built = portal.pages
    assert len(built) > 100 and "/" in built and "/404" in built
    checked = {check.url: check.axe for check in every_page}
    assert set(built) <= set(checked)
    assert all(result.passes for result in checked.values())
    results = list(checked.values())
    assert not any(r.violations for r in results), violations_text(results)


def test_pages_made_by_the_app_have_no_violations(portal, chromium, audit):
    """The pages the app makes on request rather than the build: the 404 for an unknown path,
    and the page a form post with a stale security token gets."""

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
            return results
        finally:
            await context.close()

    results = chromium.run(run())
    assert not any(r.violations for r in results), violations_text(results)


# Pages another branch is adding: the embedded form flow (no site chrome) and the developer
# pages. Each is audited like the rest, and skipped while it does not exist on this branch.
# Once those branches have landed, delete the skip below: a 404 must then fail.
FROM_OTHER_BRANCHES = [
    "/developers/api",
    *(f"/developers/forms/{form_id}" for form_id in form_ids()),
    *(f"/forms/{form_id}/embed" for form_id in form_ids()),
]


@pytest.mark.parametrize("url", FROM_OTHER_BRANCHES)
def test_page_from_another_branch_has_no_violations(url, portal, chromium, audit):
    async def run():
        context = await chromium.context()
        try:
            page = await context.new_page()
            response = await page.goto(portal.url(url))
            if response.status == 404:
                return None
            assert response.status == 200, f"{url} answered {response.status}"
            results = [await audit.check(page, url)]
            if await page.get_by_role("button", name="Continue").count():
                await press_button(page, "Continue")  # nothing answered: the error state
                assert await page.locator(".govuk-error-summary").count() == 1
                results.append(await audit.check(page, f"{url}: nothing answered"))
            return results
        finally:
            await context.close()

    results = chromium.run(run())
    if results is None:
        pytest.skip(f"{url} is not on this branch yet (it answers 404): see FROM_OTHER_BRANCHES")
    assert not any(r.violations for r in results), violations_text(results)
