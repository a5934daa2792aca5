"""The embedded form and the security headers in a real browser (headless Chromium): an agency's
page on another origin embeds the form with the snippet's iframe and embed.js, over real HTTP on
loopback. On an allowed origin the iframe is fitted to the form; on any other the browser refuses
to frame it. Portal pages run their scripts (GOV.UK Frontend, search autocomplete, live reload)
with no Content-Security-Policy violation."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server
from werkzeug.wrappers import Response

from app import create_app
from app.store import dispose
from tests.conftest import SAMPLE, server_missing

CHROMIUM = next(
    (
        path
        for name in ("chromium", "chromium-browser", "google-chrome")
        if (path := shutil.which(name))
    ),
    None,
)
FORM = "report-a-pothole"
CSP_VIOLATION = re.compile(r"Content Security Policy|Refused to", re.IGNORECASE)


@pytest.fixture(autouse=True)
def chromium_here():
    """Skip without Chromium; in CI (CI=true), fail, as the accessibility audit does."""
    if CHROMIUM is None:
        server_missing("Embedded form browser tests skipped: no Chromium here to run pages in")


class Server:
    """A WSGI app on a free loopback port, in a thread; records the paths it was asked for."""

    def __init__(self):
        self.paths: list[str] = []
        self.app = None
        # the port is known before the app: the form's allowed origin names it
        self.server = make_server("127.0.0.1", 0, self._recording, threaded=True)
        self.port = self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _recording(self, environ, start_response):
        self.paths.append(environ["PATH_INFO"])
        return self.app(environ, start_response)

    def start(self, app):
        self.app = app
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def agency_page(portal: str) -> Response:
    # the snippet from the form's developer page, with the portal's address
    return Response(
        f"""<!DOCTYPE html><html lang="en"><head><title>Roads</title></head><body>
<h1>Report a pothole to the Roads Service</h1>
<iframe src="{portal}/forms/{FORM}/embed" title="Report a pothole"
        data-portal-form width="100%" height="900"></iframe>
<script src="{portal}/assets/embed.js" defer></script>
</body></html>""",
        mimetype="text/html",
    )


@pytest.fixture
def servers(sample_site, tmp_path):
    """The portal on 127.0.0.1; two agency sites on localhost (other origins), the first of them
    in the form's allowed_origins."""
    allowed, refused = Server(), Server()
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    form_file = content / "forms" / f"{FORM}.yaml"
    # the allowed site under two names: localhost (another site than the portal's 127.0.0.1)
    # and 127.0.0.1 (the same site on another port, where development's SameSite=Lax cookies
    # reach the frame, so a citizen can go through the form)
    form_file.write_text(
        re.sub(
            r"^allowed_origins: .*$",
            f'allowed_origins: ["http://localhost:{allowed.port}", '
            f'"http://127.0.0.1:{allowed.port}"]',
            form_file.read_text(encoding="utf-8"),
            flags=re.MULTILINE,
        ),
        encoding="utf-8",
    )
    app = create_app(
        {
            "DIST_DIR": str(sample_site.out),
            "CONTENT_DIR": str(content),
            "SEARCH_INDEX_DIR": str(tmp_path / "index"),
            "TESTING": True,
            "LIVE_RELOAD": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}",
        }
    )
    portal = Server().start(app)
    address = f"http://127.0.0.1:{portal.port}"
    for agency in (allowed, refused):
        agency.start(agency_page(address))
    yield portal, allowed, refused
    for server in (portal, allowed, refused):
        server.stop()
    dispose(app)


def browse(url: str, profile) -> tuple[BeautifulSoup, str]:
    """The page's DOM after its scripts ran, and the browser's console."""
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=5000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    console = "\n".join(line for line in result.stderr.splitlines() if "CONSOLE" in line)
    return BeautifulSoup(result.stdout, "html.parser"), console


def test_iframe_is_fitted_to_the_form_on_an_allowed_origin(servers, browser):
    # In real time through Playwright, not under --virtual-time-budget: virtual time runs
    # embed.js's refused-frame timer on while the frame's process is still busy, so on a loaded
    # machine the frame was taken for refused before it answered.
    portal, allowed, _refused = servers
    page = browser.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    # a violation in the agency's page or in the form's frame (init scripts run in every frame)
    page.context.add_init_script(
        "document.addEventListener('securitypolicyviolation', event => console.error("
        "'Refused to load: Content Security Policy ' + event.violatedDirective))"
    )
    page.goto(f"http://localhost:{allowed.port}/")
    iframe = page.locator("iframe[data-portal-form]")
    # embed.js took the default border away and fitted the height
    page.wait_for_function(
        "() => /height: \\d+px/.test(document.querySelector('iframe[data-portal-form]')"
        "?.getAttribute('style') || '')",
        timeout=15_000,
    )
    height = re.fullmatch(r"border: 0px; height: (\d+)px;", iframe.get_attribute("style"))
    assert height, (iframe.get_attribute("style"), console)
    assert 150 < int(height.group(1)) < 900  # the start page is shorter than the default
    assert f"/forms/{FORM}/embed" in portal.paths
    # the frame's script, by its fingerprinted name (app/asset_urls.py)
    assert any(re.fullmatch(r"/assets/embed-frame\.[0-9a-f]{12}\.js", p) for p in portal.paths)
    assert not any(CSP_VIOLATION.search(line) for line in console), console
    assert not any("postMessage" in line for line in console), console  # none to a wrong origin


def test_another_origin_cannot_frame_the_form(servers, tmp_path):
    portal, _allowed, refused = servers
    soup, console = browse(f"http://localhost:{refused.port}/", tmp_path / "profile")
    assert "frame-ancestors" in console and "blocked" in console
    # embed.js heard nothing from the refused frame and put a link to the form in its place
    assert soup.select("iframe") == []
    link = soup.select_one("p.portal-form-fallback a")
    assert link["href"] == f"http://127.0.0.1:{portal.port}/forms/{FORM}"


def test_portal_pages_run_their_scripts_under_the_policy(servers, tmp_path):
    portal, _allowed, _refused = servers
    address = f"http://127.0.0.1:{portal.port}"
    soup, console = browse(f"{address}/", tmp_path / "profile")
    assert not CSP_VIOLATION.search(console), console
    body = soup.body["class"]
    assert "js-enabled" in body and "govuk-frontend-supported" in body
    # the search box became a combobox: search-autocomplete.mjs ran
    assert soup.select_one("#site-search")["role"] == "combobox"
    # live reload's module loaded and polled the build id
    assert "/__live-reload.mjs" in portal.paths and "/__build-id" in portal.paths
    soup, console = browse(f"{address}/developers/forms/{FORM}", tmp_path / "profile")
    assert not CSP_VIOLATION.search(console), console
    assert soup.select_one("#embed-snippet")
    assert soup.select_one("#site-search")["role"] == "combobox"


@pytest.fixture
def browser():
    """Chromium driven by Playwright, for tests that click and follow tabs."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True
        )
        yield chromium
        chromium.close()


def answer(frame, name: str, value: str | None) -> None:
    """One page of the form inside the frame: pick the choice or type the answer (None: an
    optional question left as it is, the photo), continue."""
    frame.locator(f"[name='{name}']").first.wait_for()  # the page has loaded in the frame
    if value is None:
        frame.get_by_role("button", name="Continue").click()
        return
    choice = frame.locator(f"input[type=radio][name='{name}'][value='{value}']")
    if choice.count():
        choice.check()
    else:
        frame.locator(f"[name='{name}']").fill(value)
    frame.get_by_role("button", name="Continue").click()


def test_links_in_the_embedded_form_open_a_new_tab(servers, browser):
    """The confirmation's "what happens next" link, in a real frame on the agency's page, opens
    a new tab, announced to screen readers; the agency's page and the frame stay where they are."""
    portal, allowed, _refused = servers
    page = browser.new_page()
    agency = f"http://127.0.0.1:{allowed.port}/"
    page.goto(agency)
    frame = page.frame_locator("iframe[data-portal-form]")
    frame.get_by_role("button", name="Start now").click()
    for name, value in [
        ("location-type", "road"),
        ("road-name", "Mill Lane"),
        ("town", "Northtown"),
        ("postcode", ""),
        ("where-on-road", "Outside number 14"),
        ("pothole-size", "large"),
        ("photo", None),
        ("harm", "no"),
        ("email", ""),
    ]:
        answer(frame, name, value)
    frame.get_by_role("button", name="Accept and send").click()
    frame.locator(".app-reference").wait_for()

    link = frame.locator(".app-form-next-steps a")
    assert link.get_attribute("target") == "_blank"
    assert set(link.get_attribute("rel").split()) >= {"noopener", "noreferrer"}
    # the link's text says it opens a new tab, in words for screen readers only
    assert link.get_attribute("href") == "/claim-for-pothole-damage"
    hidden = link.locator(".govuk-visually-hidden")
    assert hidden.text_content() == " (opens in new tab)"
    assert " ".join(link.inner_text().split()) == "claim for pothole damage (opens in new tab)"
    assert hidden.evaluate("span => span.getBoundingClientRect().width") <= 1  # not seen
    with page.context.expect_page() as opened:
        link.click()
    tab = opened.value
    tab.wait_for_load_state()
    assert tab.url == f"http://127.0.0.1:{portal.port}/claim-for-pothole-damage"
    assert tab.locator("h1").inner_text() != ""
    # the agency's page still shows the confirmation in its frame
    assert page.url == agency
    assert frame.locator(".app-reference").count() == 1
    # the other link out of the frame, written by the server, is announced once, not twice
    delete = frame.locator("a[href^='/forms/delete']")  # ?form=<id> names what is deleted
    assert delete.get_attribute("target") == "_blank"
    assert delete.inner_text().count("opens in new tab") == 1


def test_a_refused_frame_becomes_a_link_to_the_form(servers, browser):
    """On a site not in allowed_origins the browser refuses the frame; embed.js puts a link to
    the form on the portal in its place and says in the console which setting to change."""
    portal, _allowed, refused = servers
    page = browser.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    agency = f"http://localhost:{refused.port}"
    page.goto(agency + "/")
    link = page.locator("p.portal-form-fallback a")
    link.wait_for(timeout=10_000)
    assert page.locator("iframe").count() == 0
    assert link.inner_text() == f"Report a pothole: fill in the form on 127.0.0.1:{portal.port}"
    told = [line for line in console if "allowed_origins" in line]
    assert told, console
    assert f'add "{agency}" to allowed_origins in content/forms/{FORM}.yaml' in told[0]
    link.click()
    page.wait_for_load_state()
    assert page.url.startswith(f"http://127.0.0.1:{portal.port}/forms/{FORM}")
    assert page.locator("h1").inner_text()


def test_an_allowed_frame_keeps_its_place_and_has_no_border(servers, browser):
    _portal, allowed, _refused = servers
    page = browser.new_page()
    page.goto(f"http://localhost:{allowed.port}/")
    frame = page.frame_locator("iframe[data-portal-form]")
    frame.get_by_role("button", name="Start now").wait_for()
    page.wait_for_timeout(3500)  # longer than embed.js waits for a refused frame's answer
    iframe = page.locator("iframe[data-portal-form]")
    assert iframe.count() == 1 and page.locator(".portal-form-fallback").count() == 0
    assert iframe.evaluate("frame => getComputedStyle(frame).borderTopStyle") == "none"
