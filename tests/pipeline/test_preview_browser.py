"""The preview as a content designer uses it, in a real browser: `build.py serve` on a copy of the
small content tree, and headless Chromium on the page being edited. A save with an error puts the
list of problems (file, line, message with the fix) over the page, focused and announced, with no
accessibility violation; fixing it brings the page back by itself. A new page is served, and a
deleted one gone, after the save, and the page open on it follows by itself.

How quickly is a budget (2 seconds), measured here and printed (`-s`), not asserted: the
project's budgets are benchmarks, not timed tests, and a test machine shared with other work can
be slower than a designer's. On an idle machine both take under a second."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, SMALL, server_missing

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = os.environ.get("PORTAL_PREVIEW_SCREENSHOTS")  # a folder, to look at the overlay
NEW_PAGE = """---
title: Cycle lanes
description: Where the cycle lanes are.
type: answer
organisation: roads-agency
updated: 2026-03-02
---
Cycle lanes run beside every main road.
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _wait_for(condition, seconds: float, what: str) -> float:
    """Poll `condition` until true; the seconds it took."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if condition():
            return time.monotonic() - start
        time.sleep(0.05)
    raise AssertionError(f"not within {seconds} s: {what}")


@pytest.fixture
def preview(tmp_path):
    if not Path(CHROMIUM).is_file():
        server_missing("Preview browser tests skipped: no Chromium here")
    content = tmp_path / "content"
    shutil.copytree(SMALL, content)
    port = _free_port()
    command = [sys.executable, "build.py", "serve", "--content", str(content), "--port", str(port)]
    for option, folder in (("--out", "dist"), ("--index", "index"), ("--cache", "cache")):
        command += [option, str(tmp_path / folder)]
    log = (tmp_path / "preview.log").open("w")  # what the designer's terminal shows
    server = subprocess.Popen(
        [*command, "--jobs", "1"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log,
        env={**os.environ, "PORTAL_ENV": "development"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(lambda: server.poll() is None and _reachable(base), 60, "the preview starts")
        # the server answers just before watchfiles starts watching: an edit in that moment
        # would go unseen (a person is never that quick)
        time.sleep(1)
        yield content, base
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _reachable(base: str) -> bool:
    try:
        return _status(base + "/road-rules") == 200
    except OSError:
        return False


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield chromium
        chromium.close()


def _axe_violations(browser, url: str) -> list:
    """axe-core's WCAG 2.2 AA and best-practice violations on the page (in a page of its own that
    lets the test's script in past the Content-Security-Policy, as the audit does)."""
    from accessibility.axe import RUN, TAGS, axe_source

    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(url)
    page.add_script_tag(content=axe_source())
    violations = page.evaluate(RUN, list(TAGS))["violations"]
    context.close()
    return violations


def test_an_error_shows_over_the_page_and_the_page_returns_when_fixed(preview, browser, tmp_path):
    content, base = preview
    page = browser.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(base + "/road-rules")
    assert page.locator("h1").inner_text() == "Road rules"
    source = content / "roads" / "road-rules.md"
    good = source.read_text()
    broken_line = len(good.splitlines()) + 2
    source.write_text(good + "\nSee [the rules](/no-such-page).\n")

    overlay = page.locator("[data-preview-problems]")
    overlay.wait_for(state="visible", timeout=5000)
    summary = page.locator(".govuk-error-summary")
    assert summary.locator("[role=alert] h2").inner_text() == "There is a problem in the content"
    place = summary.locator(".app-preview-problems__place").inner_text()
    assert place.endswith(f"roads/road-rules.md:{broken_line}")
    message = summary.locator(".app-preview-problems__message").inner_text()
    assert "/no-such-page" in message
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert page.locator("h1").first.inner_text() == "The site was not rebuilt"
    assert not page.locator("#main-content").is_visible()  # the old page is hidden behind it
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / "preview-problems.png"), full_page=True)
    assert _axe_violations(browser, base + "/road-rules") == []
    assert not [line for line in console if "Content Security Policy" in line]

    source.write_text(good.replace("Drive on the left.", "Drive on the left, always."))
    overlay.wait_for(state="detached", timeout=5000)
    page.locator("text=Drive on the left, always.").wait_for(timeout=5000)
    assert page.locator("h1").inner_text() == "Road rules"


def test_a_new_page_appears_and_a_deleted_one_goes(preview, browser):
    content, base = preview
    page = browser.new_page()
    response = page.goto(base + "/cycle-lanes")
    assert response.status == 404
    new = content / "roads" / "cycle-lanes.md"
    new.write_text(NEW_PAGE)
    took = _wait_for(lambda: _status(base + "/cycle-lanes") == 200, 15, "the new page is served")
    print(f"new page served {took:.2f} s after the save")
    page.locator("h1", has_text="Cycle lanes").wait_for(timeout=3000)  # the 404 reloaded itself

    new.unlink()
    took = _wait_for(lambda: _status(base + "/cycle-lanes") == 404, 15, "the deleted page is gone")
    print(f"deleted page gone {took:.2f} s after the save")
    page.locator("h1", has_text="Page not found").wait_for(timeout=3000)
