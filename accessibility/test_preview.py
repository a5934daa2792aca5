"""The preview's error overlay (app/preview_problems.py), which content designers see while a
save has errors: axe-core finds nothing on it over a built page and over the preview's 404 page,
the error summary has the focus, and at 320 CSS px a long file path wraps rather than making the
page scroll sideways. The preview is the portal's app with LIVE_RELOAD, on the audit's build,
with the problems a failed rebuild records."""

from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from app import create_app
from app.content.problems import Problem, Severity
from app.preview_problems import KEY

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


@pytest.fixture(scope="module")
def preview(portal):
    app = create_app(
        {
            "DIST_DIR": str(portal.dist),
            "CONTENT_DIR": str(portal.content),
            "SEARCH_INDEX_DIR": str(portal.dist.parent / "search-index"),
            "LIVE_RELOAD": True,
            "SECRET_KEY": "accessibility-audit",
        }
    )
    app.extensions[KEY] = PROBLEMS
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    threading.Thread(target=server.serve_forever, name="preview", daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


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
