"""Security headers on every response of the app, and pages that a strict Content-Security-Policy
does not break: every page the app serves (the built site, search, each form state, embedded,
deletion, developer pages, errors) is parsed, and whatever it loads or runs must be allowed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from app.pipeline.nginx_conf import nginx_conf_path
from app.reserved_urls import OPERATIONS_BLUEPRINTS
from app.security import script_hash, template_script_hashes
from app.store import dispose
from tests.conftest import ROOT, SAMPLE, service_app
from tests.forms.test_web import BIRTH, POTHOLE, fill_birth_form, post, start

EMBED = f"{POTHOLE}/embed"

# The headers exactly as a browser receives them, written out rather than built from the constants
# in app/security.py, so that a change to any directive or value there fails here. The hash is
# that of GOV.UK Frontend 6.3.0's one inline line (`js-enabled`): an upgrade that changes the line
# changes it here and in docs/hosting.md.
GOVUK_FRONTEND_SCRIPT = "'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='"
CSP = (
    "default-src 'self'; script-src 'self' " + GOVUK_FRONTEND_SCRIPT + "; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
CSP_EMBEDDED_POTHOLE_FORM = CSP.replace(
    "frame-ancestors 'none'", "frame-ancestors https://roads.gov.nm.example"
)
HSTS = "max-age=31536000; includeSubDomains"


@pytest.fixture
def app(sample_search, tmp_path):
    app = service_app(sample_search, f"sqlite:///{tmp_path / 'portal.db'}")
    yield app
    dispose(app)


@pytest.fixture
def client(app):
    return app.test_client()


def directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def same_origin(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//")


def assert_strict_page(response, url: str) -> None:
    """Nothing in the page needs more than the policy allows."""
    policy = directives(response)
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"], url
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"], url
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"], url
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    for script in soup.select("script"):
        if script.get("src"):
            assert same_origin(script["src"]), (url, script["src"])
        else:  # only GOV.UK Frontend's js-enabled line, allowed by its hash
            assert script_hash(script.string or "") in policy["script-src"], (url, script)
    for link in soup.select("link[rel~=stylesheet], link[rel~=icon], link[rel~=manifest]"):
        assert same_origin(link["href"]), (url, link)
    for image in soup.select("img[src]"):
        assert same_origin(image["src"]) or image["src"].startswith("data:"), (url, image)
    for form in soup.select("form[action]"):
        assert same_origin(form["action"]), (url, form["action"])
    assert soup.select("style, [style], iframe, object, embed") == [], url
    handlers = [
        (tag.name, name)
        for tag in soup.find_all(True)
        for name in tag.attrs
        if name.lower().startswith("on")
    ]
    assert handlers == [], (url, handlers)
    assert not soup.select("a[href^='javascript:' i]"), url


def built_urls(site) -> list[str]:
    urls = []
    for path in site.html_files():
        relative = path.relative_to(site.out).as_posix()
        urls.append("/" + re.sub(r"(^|/)index\.html$", r"\1", relative).removesuffix(".html"))
    return urls


def test_every_built_page_served_by_the_app_keeps_to_the_policy(client, sample_search):
    urls = built_urls(sample_search)
    assert len(urls) > 100 and "/" in urls
    for url in urls:
        with client.get(url) as response:
            assert response.status_code in (200, 404), url  # 404.html is served as a page too
            assert_strict_page(response, url)


def test_every_dynamic_page_keeps_to_the_policy(app, client):
    pages = [
        "/search?q=passport",
        "/search?q=zzzqqq",
        "/no-such-page",
        "/forms/no-such-form",
        "/developers/forms",
        "/forms/delete",
        f"{EMBED}/location-type",
    ]  # the last with no draft: the embedded form's page saying its cookie was refused
    pages += [f"/developers/forms/{path.stem}" for path in (SAMPLE / "forms").glob("*.yaml")]
    for url in pages:
        assert_strict_page(client.get(url), url)
    lapsed = app.test_client()  # its cookie names a draft that has gone: the expired page
    lapsed.set_cookie(f"portal_draft_{BIRTH.rsplit('/', 1)[1]}", "x" * 32)
    expired = lapsed.get(f"{BIRTH}/check-answers")
    assert "Your session has expired" in expired.get_data(as_text=True)
    assert_strict_page(expired, "expired")
    # each state of a form: question, error, check answers, confirmation
    url = start(client, POTHOLE)
    assert_strict_page(client.get(url), url)
    assert_strict_page(post(client, url, {"location-type": ""}), url)
    url = fill_birth_form(client)
    assert_strict_page(client.get(url), url)
    post(client, url, {})
    assert_strict_page(client.get(f"{BIRTH}/confirmation"), "confirmation")
    assert_strict_page(client.post(f"{BIRTH}/name-at-birth", data={}), "csrf refused")
    assert_strict_page(post(client, "/forms/delete", {"reference": "", "code": ""}), "delete")
    # embedded: the start page and a question
    token = BeautifulSoup(client.get(EMBED).data, "html.parser").select_one(
        "input[name=csrf_token]"
    )["value"]
    assert_strict_page(client.get(EMBED), EMBED)
    question = client.post(EMBED, data={"csrf_token": token}).headers["Location"]
    assert_strict_page(client.get(question), question)


def test_live_reload_in_the_preview_keeps_to_the_policy(sample_search, tmp_path):
    app = service_app(sample_search, f"sqlite:///{tmp_path / 'portal.db'}", LIVE_RELOAD=True)
    try:
        client = app.test_client()
        with client.get("/") as page:
            assert "/__live-reload.mjs" in page.get_data(as_text=True)
            assert_strict_page(page, "/")
        # its module and what it polls are the portal's own: script-src and connect-src 'self'
        for url, mimetype in (
            ("/__live-reload.mjs", "text/javascript"),
            ("/__build-id", "text/plain"),
        ):
            response = client.get(url)
            assert response.status_code == 200 and response.mimetype == mimetype
            assert response.headers["X-Content-Type-Options"] == "nosniff"
    finally:
        dispose(app)


def test_security_headers_on_every_kind_of_response(client):
    responses = {
        "built page": client.get("/"),
        "asset": client.get("/assets/portal.css"),
        "site 404": client.get("/no-such-page"),
        "search page": client.get("/search?q=tax"),
        "API": client.get("/api/v1/search?q=tax"),
        "API 404 problem": client.get("/api/v1/no-such-route"),
        "API 405 problem": client.post("/api/v1/search"),
        "OpenAPI": client.get("/api/v1/openapi.json"),
        "form redirect": client.get(BIRTH),
        "CSRF refused": client.post(f"{BIRTH}/name-at-birth", data={}),
        "developer page": client.get("/developers/forms"),
    }
    assert responses["site 404"].status_code == 404
    assert responses["API 405 problem"].status_code == 405
    assert responses["form redirect"].status_code == 303
    assert responses["CSRF refused"].status_code == 400
    for name, response in responses.items():
        headers = response.headers
        assert headers["Content-Security-Policy"] == CSP, name
        assert headers["X-Content-Type-Options"] == "nosniff", name
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin", name
        assert headers["X-Frame-Options"] == "DENY", name
        assert directives(response)["frame-ancestors"] == ["'none'"], name
        assert "Strict-Transport-Security" not in headers, name  # development: plain HTTP
        response.close()


def test_an_embedded_form_may_be_framed_by_its_allowed_origins_only(client):
    with client.get(EMBED) as response:
        assert response.headers["Content-Security-Policy"] == CSP_EMBEDDED_POTHOLE_FORM
        assert "X-Frame-Options" not in response.headers
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_hsts_outside_development_only(sample_search, tmp_path):
    for config, expected in (({"TESTING": False}, HSTS), ({"TESTING": False, "DEBUG": True}, None)):
        app = service_app(sample_search, f"sqlite:///{tmp_path / 'portal.db'}", **config)
        app.debug = config.get("DEBUG", False)
        try:
            client = app.test_client()
            for url in ("/", "/api/v1/search?q=tax", "/forms/delete"):
                with client.get(url, base_url="https://www.gov.nm.example") as response:
                    assert response.headers.get("Strict-Transport-Security") == expected, url
        finally:
            dispose(app)


def test_the_inline_script_hash_is_gov_uk_frontends(app, client):
    hashes = template_script_hashes(app)
    assert hashes == [GOVUK_FRONTEND_SCRIPT]
    with client.get("/") as response:
        page = BeautifulSoup(response.data, "html.parser")
    inline = [s.string for s in page.select("script") if not s.get("src")]
    assert [script_hash(s) for s in inline] == hashes
    assert "js-enabled" in inline[0]


def test_the_nginx_configuration_gives_the_same_policy(app, sample_site):
    """The nginx headers for the static files (the portal.conf the build writes): the policy the
    app sends."""
    docs = nginx_conf_path(sample_site.out).read_text(encoding="utf-8")
    assert f'add_header Content-Security-Policy "{CSP}" always;' in docs
    for header in (
        'X-Frame-Options "DENY"',
        'X-Content-Type-Options "nosniff"',
        'Referrer-Policy "strict-origin-when-cross-origin"',
        f'Strict-Transport-Security "{HSTS}"',
    ):
        assert f"add_header {header} always;" in docs, header
    # (after the optional language prefix, `(?:(?:cy)/)?`: app/pipeline/nginx_conf.py)
    prefixed = r"location ~ \^/(?:\(\?:\(\?:[a-z|-]+\)/\)\?)?\((.*?)\)"
    proxied = re.search(prefixed, docs).group(1).split("|")
    # Every route of the service but the built files' and the operators' (probed and scraped
    # on each app server, not through nginx) must reach it through nginx.
    dynamic = {
        rule.rule.split("/")[1]
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static_site.serve"
        and rule.endpoint.split(".")[0] not in OPERATIONS_BLUEPRINTS
    }
    assert {
        first for first in dynamic if not any(p.split("/")[0] == first for p in proxied)
    } == set()


def test_embed_scripts_are_plain_files_of_the_built_site(sample_search):
    for name in ("embed.js", "embed-frame.js"):
        assert (sample_search.out / "assets" / name).is_file()
        assert (Path(ROOT) / "app" / "static" / name).read_bytes() == (
            sample_search.out / "assets" / name
        ).read_bytes()
