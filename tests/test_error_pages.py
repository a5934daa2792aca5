"""Every error the service can answer outside /api/ is a page in the site's layout, with the
security headers; /api/ keeps problem+json. Real requests through the app, pages parsed."""

from __future__ import annotations

import io
import re

import pytest
from bs4 import BeautifulSoup

from app.error_pages import BUILT_STATUSES, PAGES
from app.i18n import gettext_in
from app.pipeline.nginx_conf import nginx_conf_path
from app.pipeline.redirects import nginx_map_path
from app.security import HSTS, content_security_policy, template_script_hashes
from app.store import dispose
from tests.conftest import service_app
from tests.forms.test_web import BIRTH, BIRTH_ANSWERS, post, start

BIG = 200 * 1024  # well past the 64 KiB a form page may send


@pytest.fixture
def app(sample_site, tmp_path):
    app = service_app(
        sample_site,
        f"sqlite:///{tmp_path / 'portal.db'}",
        RATELIMIT_PUBLIC_WRITES="2 per minute",
        RATELIMIT_DELETION_ATTEMPTS="1 per minute",
        PROPAGATE_EXCEPTIONS=False,
    )  # a crash is answered, as in production

    def crash():
        raise RuntimeError("an unexpected failure")

    app.add_url_rule("/forms/crash", "crash", crash)
    # the same under /cy/: as a route of the forms' blueprint, which answers in every language
    app.add_url_rule("/forms/crash-too", "forms.crash", crash)
    app.add_url_rule("/api/v1/crash", "api_crash", crash)
    yield app
    dispose(app)


@pytest.fixture
def client(app):
    return app.test_client()


def assert_site_page(response, status: int, heading: str) -> BeautifulSoup:
    assert response.status_code == status
    assert response.mimetype == "text/html"
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert page.select_one("header .app-header__name"), "not in the site's layout"
    assert page.select_one("footer.app-footer"), "not in the site's layout"
    assert page.select_one("main h1").get_text(strip=True) == heading
    assert page.select_one("title").get_text(strip=True).startswith(heading)
    headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    return page


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    return body


def test_every_html_error_status_is_a_page_in_the_site_layout(client, caplog):
    assert_site_page(client.get("/no-such-page"), 404, "Page not found")

    wrong_method = client.delete("/feedback")
    assert_site_page(wrong_method, 405, "Page not found")
    assert "POST" in wrong_method.headers["Allow"]

    too_big = client.post("/feedback", data={"path": "/", "useful": "y" * BIG})
    assert_site_page(too_big, 413, "The information you sent is too large")

    with caplog.at_level("CRITICAL"):  # the traceback Flask logs is expected here
        assert_site_page(
            client.get("/forms/crash"), 500, "Sorry, there is a problem with the service"
        )

    answers = [client.post("/feedback", data={"path": "/", "useful": "yes"}) for _ in range(3)]
    assert answers[0].status_code == 303  # the 413 above counted too: 2 a minute
    limited = answers[-1]
    page = assert_site_page(limited, 429, "Sorry, there have been too many attempts")
    assert int(limited.headers["Retry-After"]) > 0
    assert "Wait a minute and try again." in page.select_one("main").get_text()


def welsh(message: str) -> str:
    text = gettext_in("cy", message)
    assert text != message, f"no Welsh for {message!r}"
    return text


def assert_welsh_page(response, status: int, heading: str) -> BeautifulSoup:
    page = assert_site_page(response, status, welsh(heading))
    assert page.html["lang"] == "cy"
    return page


def test_every_html_error_status_under_cy_is_a_welsh_page(client, caplog):
    """A reader under /cy/ gets the error page in Welsh, whichever part of the service made it:
    the built 404 page, a route not in Welsh, the service's own errors and the CSRF refusal."""
    not_found = assert_welsh_page(client.get("/cy/no-such-page"), 404, "Page not found")
    assert not_found.select_one("main a[href='/cy/']"), "the links stay in Welsh"
    assert_welsh_page(client.get("/cy/developers"), 404, "Page not found")  # English only
    english = assert_site_page(client.get("/no-such-page"), 404, "Page not found")
    assert english.html["lang"] == "en"

    wrong_method = client.delete("/cy/feedback")
    assert_welsh_page(wrong_method, 405, PAGES[405].title)
    assert "POST" in wrong_method.headers["Allow"]

    too_big = client.post("/cy/feedback", data={"path": "/", "useful": "y" * BIG})
    assert_welsh_page(too_big, 413, PAGES[413].title)

    with caplog.at_level("CRITICAL"):
        assert_welsh_page(client.get("/cy/forms/crash-too"), 500, PAGES[500].title)

    answers = [client.post("/cy/feedback", data={"path": "/", "useful": "yes"}) for _ in range(3)]
    page = assert_welsh_page(answers[-1], 429, PAGES[429].title)
    wait = welsh("Wait a minute and try again.")
    assert wait in page.select_one("main").get_text()

    url = start(client, f"/cy{BIRTH}")
    refused = post(client, url, BIRTH_ANSWERS["name-at-birth"], token=False)
    assert refused.status_code == 400
    csrf_page = BeautifulSoup(refused.get_data(as_text=True), "html.parser")
    assert csrf_page.html["lang"] == "cy"
    heading = csrf_page.select_one("h1").get_text(strip=True)
    assert heading == welsh("Sorry, we could not save that page")
    # "go back to the page" goes back to the Welsh page, not the English one
    assert csrf_page.select_one("main a.govuk-button")["href"] == url
    assert url.startswith(f"/cy{BIRTH}/")


def test_a_form_page_refuses_a_huge_post_without_echoing_it(client):
    start(client, BIRTH)
    response = client.post(f"{BIRTH}/name-at-birth", data={"name-at-birth": "x" * BIG})
    assert_site_page(response, 413, "The information you sent is too large")
    assert len(response.data) < 50_000  # the answer is not sent back


def test_too_many_form_fields_or_a_chunked_body_are_refused_too(client):
    fields = {f"field{i}": "x" for i in range(500)}  # a few KiB, but 500 parts to parse
    assert_site_page(
        client.post("/feedback", data=fields, content_type="multipart/form-data"),
        413,
        "The information you sent is too large",
    )
    # Chunked, so no length to refuse in advance (the server has undone the chunking, as
    # gunicorn does): reading stops at the limit.
    body = io.BytesIO(b"path=%2F&useful=" + b"y" * BIG)
    response = client.post(
        "/feedback",
        input_stream=body,
        content_type="application/x-www-form-urlencoded",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert_site_page(response, 413, "The information you sent is too large")


def test_the_api_keeps_problem_json_for_the_same_statuses(client, caplog):
    assert_problem(client.get("/api/v1/no-such-route"), 404)
    assert_problem(client.post("/api/v1/search"), 405)
    big = client.post(
        "/api/v1/forms/register-a-birth/validate",
        data=b"{" + b" " * BIG + b"}",
        content_type="application/json",
    )
    assert_problem(big, 413)
    with caplog.at_level("CRITICAL"):
        body = assert_problem(client.get("/api/v1/crash"), 500)
    assert "traceback" not in str(body).lower()


def test_the_build_writes_the_error_pages_nginx_shows(sample_site):
    for status in BUILT_STATUSES:
        page = sample_site.soup(f"/errors/{status}.html")
        assert page.select_one("main h1").get_text(strip=True) == PAGES[status].title
        assert page.select_one("header .app-header__name"), status
        assert page.html["lang"] == "en"


def test_the_build_writes_them_in_welsh_too(sample_site):
    for status in BUILT_STATUSES:
        page = sample_site.soup(f"/cy/errors/{status}.html")
        assert page.html["lang"] == "cy", status
        assert page.select_one("main h1").get_text(strip=True) == welsh(PAGES[status].title)
        assert page.select_one("header a.govuk-header__link--homepage")["href"] == "/cy/"
    not_found = sample_site.soup("/cy/404.html")
    assert not_found.html["lang"] == "cy"
    assert not_found.select_one("main h1").get_text(strip=True) == welsh("Page not found")


def test_the_nginx_configuration_gives_error_pages_and_headers_for_gunicorns_own_errors(
    app, sample_site
):
    """What reaches nginx from the service without headers (gunicorn's own 400s) gets the app's;
    what nginx refuses itself shows a built page; its limits are the service's. Read from the
    files the build writes for nginx (app/pipeline/nginx_conf.py)."""
    conf = nginx_conf_path(sample_site.out).read_text(encoding="utf-8")
    maps = dict(
        re.findall(
            r'map \$upstream_http_content_security_policy \$(\w+) \{\s*"" "([^"]*)";',
            nginx_map_path(sample_site.out).read_text(encoding="utf-8"),
        )
    )
    proxied = re.search(r"location ~ \^/\((?:[^\n]*)\n(?:    [^\n]*\n)*?\}", conf).group(0)
    assert "proxy_pass" in proxied
    fallbacks = dict(re.findall(r"add_header ([\w-]+) \$(\w+) always;", proxied))
    expected = {
        "Content-Security-Policy": content_security_policy(template_script_hashes(app)),
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Strict-Transport-Security": HSTS,
    }
    assert {header: maps[variable] for header, variable in fallbacks.items()} == expected
    assert f"client_max_body_size {app.config['MAX_CONTENT_LENGTH'] // 1024}k;" in conf
    pages = {
        status: page
        # under the request's language prefix: the map app/pipeline/nginx_conf.py writes
        for statuses, page in re.findall(
            r"error_page ([\d ]+) \$portal_language_prefix(/\S+);", conf
        )
        for status in statuses.split()
    }
    for status in (400, 413, 414, 500, 502, 503, 504):
        assert pages[str(status)] in {f"/errors/{s}.html" for s in BUILT_STATUSES}, status
