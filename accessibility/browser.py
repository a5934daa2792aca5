"""One Chromium for the whole audit, driven through Playwright's async API on one event loop, so
that a test can keep several pages open at once (`each`) and still be a plain function."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Awaitable, Callable, Iterable
from typing import TypeVar

from playwright.async_api import Browser, BrowserContext, Page, async_playwright

from .axe import axe_source

T = TypeVar("T")
R = TypeVar("R")
# Debian's Chromium; `playwright install` is never needed (nothing is downloaded at run time).
DEFAULT_CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES_AT_ONCE = 8
# Tabs `in_tabs` keeps open, each going on from page to page: a new tab is a renderer process to
# start and the context's scripts (axe-core) to send it, which cost an audit of many pages more
# than the pages' checks when every page had a tab of its own.
TABS = 4
DESKTOP = {"width": 1024, "height": 768}  # the viewport tabs open at
TIMEOUT_MS = 15_000


def find_chromium() -> str | None:
    """PORTAL_CHROMIUM, else Debian's /usr/bin/chromium, else `chromium` on the PATH."""
    named = os.environ.get("PORTAL_CHROMIUM")
    if named:
        return named if os.path.isfile(named) else None
    if os.path.isfile(DEFAULT_CHROMIUM):
        return DEFAULT_CHROMIUM
    return shutil.which("chromium")


class Chromium:
    """`run(coroutine)` runs a coroutine on the browser's event loop and returns its result."""

    def __init__(self, executable: str):
        self.loop = asyncio.new_event_loop()
        self._playwright = self.run(async_playwright().start())
        self.browser: Browser = self.run(
            self._playwright.chromium.launch(executable_path=executable, args=ARGS, headless=True)
        )

    def run(self, coroutine: Awaitable[R]) -> R:
        return self.loop.run_until_complete(coroutine)

    async def context(
        self,
        *,
        javascript: bool = True,
        width: int = DESKTOP["width"],
        height: int = DESKTOP["height"],
    ) -> BrowserContext:
        # bypass_csp: the portal's Content-Security-Policy rightly refuses inline scripts, and
        # axe-core is injected as one; nothing else on the page changes.
        context = await self.browser.new_context(
            java_script_enabled=javascript,
            viewport={"width": width, "height": height},
            reduced_motion="reduce",
            bypass_csp=True,
        )
        context.set_default_timeout(TIMEOUT_MS)
        # axe-core in every document from its start, so an audit need not send it (550 kB) to
        # each page it checks: that cost the audit more than a third of its time
        await context.add_init_script(script=axe_source())
        return context

    def close(self) -> None:
        try:
            self.run(self.browser.close())
            self.run(self._playwright.stop())
        finally:
            self.loop.run_until_complete(self.loop.shutdown_asyncgens())
            self.loop.close()


async def each(
    items: Iterable[T], work: Callable[[T], Awaitable[R]], at_once: int = PAGES_AT_ONCE
) -> list[R]:
    """`work(item)` for every item, `at_once` at a time; results in the items' order."""
    gate = asyncio.Semaphore(at_once)

    async def one(item: T) -> R:
        async with gate:
            return await work(item)

    return list(await asyncio.gather(*(one(item) for item in items)))


async def in_tabs(
    context: BrowserContext,
    items: Iterable[T],
    work: Callable[[Page, T], Awaitable[R]],
    tabs: int = TABS,
) -> list[R]:
    """`work(tab, item)` for every item on `tabs` tabs at once, each tab taking the next item
    when it is done, at the desktop size again; results in the items' order."""
    items = list(items)
    results: dict[int, R] = {}
    waiting = iter(enumerate(items))  # shared: each item goes to one tab

    async def tab() -> None:
        page = await context.new_page()
        try:
            for index, item in waiting:
                await page.set_viewport_size(DESKTOP)
                results[index] = await work(page, item)
        finally:
            await page.close()

    await asyncio.gather(*(tab() for _ in range(min(tabs, len(items)))))
    return [results[index] for index in range(len(items))]
