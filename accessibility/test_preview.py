"""The preview's error overlay (app/preview_problems.py), which content designers see while a
save has errors: axe-core finds nothing on it over a built page and over the preview's 404 page,
the error summary has the focus, and at 320 CSS px a long file path wraps rather than making the
page scroll sideways. After a rebuild with warnings only, the closed panel that lists them above
the page passes axe too, closed and open. The preview is the portal's app with LIVE_RELOAD, on
the audit's build, with the problems a rebuild records."""

from __future__ import annotations

import contextlib
import threading

import pytest
from werkzeug.serving import make_server

from app import create_app
from app.content.problems import Problem, Severity
from app.preview_problems import KEY, WARNINGS_KEY

from .axe import violations_text
from .browser import each
from .layout import REFLOW_WIDTH, sideways_scroll
from .pages import open_page
from .portal import QuietHandler

PROBLEMS = [
    Problem(
        "content/passport-office/a-very-long-folder-name-for-wrapping/renew-your-passport.md",
        12,
        "link to /no-such-page, which is not a page: check the path or remove the link",
    ),
    Problem(
        "content/passport-office/renew-your-passport.md",
        3,
        "the description is 171 characters: keep it under 160 so search results show all of it",
        Severity.WARNING,
    ),
]
# (the state, its path, the status it answers)
STATES = [("over a page", "/renew-your-passport", 200), ("over a 404", "/no-such-page", 404)]


@contextlib.contextmanager
def _preview(portal, extensions: dict):
    """The preview's app on the audit's build, with a rebuild's outcome in `extensions`."""
    app = create_app(
        {
            "DIST_DIR": str(portal.dist),
            "CONTENT_DIR": str(portal.content),
            "SEARCH_INDEX_DIR": str(portal.dist.parent / "search-index"),
            "LIVE_RELOAD": True,
            "SECRET_KEY": "accessibility-audit",
        }
    )
    app.extensions.update(extensions)
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    threading.Thread(target=server.serve_forever, name="preview", daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def preview(portal):
    with _preview(portal, {KEY: PROBLEMS}) as url:
        yield url


def test_the_error_overlay_has_no_violations_and_takes_the_focus(preview, chromium, audit):
    async def check(context, state):
        name, path, status = state
        page = await open_page(context, preview + path, status=status)
        try:
            assert await page.locator("[data-preview-problems] li").count() == len(PROBLEMS)
            focused = "document.activeElement.classList.contains('govuk-error-summary')"
            assert await page.evaluate(focused), f"{name}: the error summary has no focus"
            return await audit.check(page, f"preview: problems {name}")
        finally:
            await page.close()

    async def reflow():
        context = await chromium.context(width=REFLOW_WIDTH, height=640)
        try:
            page = await open_page(context, preview + STATES[0][1])
            try:
                return await sideways_scroll(page)
            finally:
                await page.close()
        finally:
            await context.close()

    async def run():
        context = await chromium.context()
        try:
            return await each(STATES, lambda state: check(context, state)), await reflow()
        finally:
            await context.close()

    results, sideways = chromium.run(run())
    assert len(results) == len(STATES)
    assert not any(r.violations for r in results), violations_text(results)
    assert sideways == []


def test_the_panel_of_warnings_leaves_the_page_and_has_no_violations(portal, chromium, audit):
    async def run(url):
        context = await chromium.context()
        try:
            page = await open_page(context, url + STATES[0][1])
            panel = page.locator("[data-preview-warnings]")
            seen = {
                "page shown": await page.locator("main#main-content").is_visible(),
                "list shown": await panel.locator("li").is_visible(),
            }
            results = [await audit.check(page, "preview: warnings closed")]
            await panel.locator("summary").click()
            seen["list opened"] = await panel.locator("li").is_visible()
            seen["item"] = " ".join((await panel.locator("li").inner_text()).split())
            results.append(await audit.check(page, "preview: warnings open"))
            return seen, results
        finally:
            await context.close()

    with _preview(portal, {KEY: [], WARNINGS_KEY: PROBLEMS[1:]}) as url:
        seen, results = chromium.run(run(url))
    warning = PROBLEMS[1]
    assert seen == {
        "page shown": True,
        "list shown": False,
        "list opened": True,
        "item": f"{warning.path}:{warning.line} warning {warning.message}",
    }
    assert not any(r.violations for r in results), violations_text(results)
