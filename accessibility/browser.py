"""One Chromium for the whole audit, driven through Playwright's async API on one event loop, so
that a test can keep several pages open at once (`each`) and still be a plain function."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Awaitable, Callable, Iterable
from typing import TypeVar

from playwright.async_api import Browser, BrowserContext, async_playwright

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
        width: int = 1024,
        height: int = 768,
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
