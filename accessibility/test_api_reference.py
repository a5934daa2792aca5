"""The API reference (/developers/api) in a real browser: every example has a "Copy" button that
puts the example's text on the clipboard and says "Copied" in a live region for screen readers;
axe-core finds nothing wrong with the buttons on the page. Without JavaScript there is no button
and the examples are still there to select."""

from __future__ import annotations

from .axe import violations_text
from .pages import open_page

REFERENCE = "/developers/api"
EXAMPLES = "pre.app-api-example"
BUTTONS = "button.app-copy-button"


def test_each_example_has_a_copy_button_that_copies_it_and_says_so(portal, chromium, audit):
    async def run():
        context = await chromium.context()
        origin = portal.url("/").rstrip("/")
        await context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
        try:
            page = await open_page(context, portal.url(REFERENCE))
            await page.locator(BUTTONS).first.wait_for()
            counts = (await page.locator(EXAMPLES).count(), await page.locator(BUTTONS).count())
            curl = page.locator("pre[aria-labelledby=submit-answers-curl]")
            button = curl.locator("xpath=following-sibling::*[1]")
            name = " ".join((await button.text_content()).split())
            await button.click()
            copied = await page.evaluate("() => navigator.clipboard.readText()")
            said = await page.locator("[data-copy-status]").text_content()
            shown = await button.locator("span").first.text_content()
            result = await audit.check(page, "API reference: a copy button pressed")
            return counts, name, copied, await curl.text_content(), said, shown, result
        finally:
            await context.close()

    counts, name, copied, example, said, shown, result = chromium.run(run())
    examples, buttons = counts
    assert examples >= 20 and buttons == examples
    # its name says which example, so a list of the page's buttons tells them apart
    assert name == (
        "Copy Example request with curl, POST /api/v1/forms/{form_id}/submissions Submit answers"
    )
    assert copied == example and copied.startswith("curl --fail-with-body")
    assert said.startswith("Copied: Example request with curl, POST")
    assert shown == "Copied"
    assert not result.violations, violations_text([result])


def test_without_javascript_the_examples_show_with_no_button(portal, chromium):
    async def run():
        context = await chromium.context(javascript=False)
        try:
            page = await context.new_page()
            await page.goto(portal.url(REFERENCE))
            return await page.locator(EXAMPLES).count(), await page.locator(BUTTONS).count()
        finally:
            await context.close()

    examples, buttons = chromium.run(run())
    assert examples >= 20 and buttons == 0
