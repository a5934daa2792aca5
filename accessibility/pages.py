"""Opening a page for the audit and keeping it there."""

from __future__ import annotations

from playwright.async_api import BrowserContext, Page, Route


async def open_page(
    context: BrowserContext, url: str, status: int = 200, hold: bool = False
) -> Page:
    """A new tab showing `url`, which must answer `status`. With `hold`, the tab stays on that
    document: a redirect page's meta refresh navigating away is stopped, so the page audited is
    the page asked for. (Only then, as holding passes every request of the tab through here.)"""
    page = await context.new_page()

    async def stay(route: Route) -> None:
        request = route.request
        if request.is_navigation_request() and request.frame == page.main_frame:
            await route.abort("aborted")
        else:
            await route.continue_()

    if hold:
        await page.route(lambda target: target != url, stay)
    await show(page, url, status)
    return page


async def show(page: Page, url: str, status: int = 200) -> None:
    """Take the tab to `url`, which must answer `status`, and wait for its scripts to settle."""
    response = await page.goto(url, wait_until="load")
    assert response is not None and response.status == status, (
        f"{url} answered {response.status if response else 'nothing'}, not {status}"
    )
    await settled(page)


# The page's scripts have done their work: GOV.UK Frontend has started (on pages that load it)
# and every search box has become a combobox. Audits look at the page as people meet it.
SETTLED = """() => {
  if (!document.querySelector('script[src^="/assets/portal."][src$=".mjs"]')) return true;
  return document.body.classList.contains("govuk-frontend-supported")
    && [...document.querySelectorAll("[data-module=app-search-autocomplete]")]
         .every((box) => box.getAttribute("role") === "combobox");
}"""


async def settled(page: Page) -> None:
    await page.wait_for_function(SETTLED)
