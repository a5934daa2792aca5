"""axe-core finds nothing on any state of the search page: no query, results, filters applied,
a later page, no results, a corrected spelling, a suggested spelling, and the title completions
open under the box."""

from __future__ import annotations

from .axe import violations_text
from .browser import in_tabs
from .pages import open_page, show

# (what the state is, its URL, an element only that state shows)
STATES = [
    ("no query", "/search", ".app-search__guidance"),
    ("results", "/search?q=passport", ".app-search-result"),
    (
        "filters applied",
        "/search?q=passport&filter_organisation=passport-office",
        ".app-search-filters input[checked]",
    ),
    ("sorted, second page", "/search?q=register&order=-updated&page=2", ".govuk-pagination"),
    ("no results", "/search?q=zzyzx+qqqj", ".app-search__no-results"),
    ("no results with filters", "/search?q=zzyzx&filter_type=guide", ".app-search__no-results"),
    ("spelling corrected", "/search?q=pasport", ".app-search__spelling"),
    # "Did you mean": a word the index has not got, left uncorrected as part of a synonym
    # ("fishing license" finds the fishing licence pages), close to a word of a title
    # ("licence"); never a word the index has, nor an exact search (the corrected state's
    # "Search instead for")
    ("spelling suggested", "/search?q=fishing+license", ".app-search__spelling"),
]


def test_every_search_state_has_no_violations(portal, chromium, audit):
    async def check(page, state):
        name, url, shows = state
        await show(page, portal.url(url))
        assert await page.locator(shows).count(), f"{name}: {url} shows no {shows}"
        return await audit.check(page, f"search: {name}")

    async def completions(context):
        page = await open_page(context, portal.url("/passport-fees"))
        try:
            await page.locator("#site-search").press_sequentially("pass")
            await page.locator("[role=listbox] [role=option]").first.wait_for()
            assert await page.locator("#site-search").get_attribute("aria-expanded") == "true"
            return await audit.check(page, "search: title completions open")
        finally:
            await page.close()

    async def run():
        context = await chromium.context()
        try:
            results = await in_tabs(context, STATES, check)
            return [*results, await completions(context)]
        finally:
            await context.close()

    results = chromium.run(run())
    assert len(results) == len(STATES) + 1
    assert not any(r.violations for r in results), violations_text(results)
