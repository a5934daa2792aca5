"""The embedded citizen flow, /forms/<id>/embed/…: the same engine, drafts and pages as the site's,
without the site's chrome, framable only by the form's allowed origins. Real requests through the
test client, CSRF on, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from werkzeug.http import parse_dict_header

from app.asset_urls import asset_url
from app.store import dispose, get_engine
from app.store.repository import deletion_code_for, get_submission, utcnow
from app.store.tables import deliveries, drafts
from tests.conftest import service_app
from tests.forms.test_web import (
    BIRTH,
    POTHOLE,
    count_drafts,
    count_submissions,
    get,
    soup_of,
    start,
    webhook_content,
)

EMBED = f"{POTHOLE}/embed"
BIRTH_EMBED = f"{BIRTH}/embed"
ROADS = "https://roads.gov.nm.example"
POTHOLE_ANSWERS = [
    ("location-type", {"location-type": "road"}),
    ("road-name", {"road-name": "Mill Lane"}),
    ("town", {"town": "Northtown"}),
    ("postcode", {"postcode": "sw1a 1aa"}),
    ("where-on-road", {"where-on-road": "Outside number 14"}),
    ("pothole-size", {"pothole-size": "large"}),
    ("photo", {}),  # optional: no file
    ("harm", {"harm": "no"}),
    ("email", {"email": "Ada@Example.com"}),
]


@pytest.fixture
def client(app):
    return app.test_client()


def csp(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {
        name: value
        for name, _, value in (part.strip().partition(" ") for part in policy.split(";"))
    }


def assert_framable_by_roads(response):
    assert csp(response)["frame-ancestors"] == ROADS
    assert "X-Frame-Options" not in response.headers


def assert_embedded_page(response, soup):
    """An embedded page: framable by the allowed origin, no site chrome, the rest kept."""
    assert_framable_by_roads(response)
    assert (
        soup.select(
            "header, footer, .govuk-header, .govuk-footer, .govuk-breadcrumbs, "
            ".govuk-phase-banner, form[role=search], #site-search"
        )
        == []
    )
    assert soup.html["lang"] == "en"
    assert soup.select_one("a.govuk-skip-link")["href"] == "#main-content"
    assert soup.select_one("main#main-content")
    assert soup.select_one("link[rel=stylesheet]")["href"] == asset_url("portal.css")
    scripts = [s.get("src") for s in soup.select("script[src]")]
    assert asset_url("portal.mjs") in scripts and asset_url("embed-frame.js") in scripts
    assert soup.body["data-allowed-origins"] == ROADS


def embedded_get(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    soup = soup_of(response)
    assert_embedded_page(response, soup)
    return soup


def embedded_post(client, url: str, data: dict):
    soup = embedded_get(client, url)
    form = soup.select_one("main form[method=post]")
    assert form["action"].startswith(EMBED)
    token = form.select_one("input[name=csrf_token]")["value"]
    response = client.post(form["action"], data={**data, "csrf_token": token})
    assert_framable_by_roads(response)
    return response


def start_embedded(client) -> str:
    response = embedded_post(client, EMBED, {})
    assert response.status_code == 303
    return response.headers["Location"]


def test_embed_start_page_stores_nothing_until_the_first_answer(app, client):
    soup = embedded_get(client, EMBED)
    assert soup.select_one("h1").get_text(strip=True) == "Report a pothole"
    assert soup.select_one("main form button").get_text(strip=True) == "Start now"
    assert client.get_cookie("portal_draft_report-a-pothole") is None
    assert client.get_cookie("portal_embed_draft_report-a-pothole") is None
    assert start_embedded(client) == f"{EMBED}/location-type"
    assert client.get_cookie("portal_embed_draft_report-a-pothole") is None
    assert count_drafts(app) == 0
    response = embedded_post(client, f"{EMBED}/location-type", POTHOLE_ANSWERS[0][1])
    assert response.headers["Location"] == f"{EMBED}/road-name"
    assert client.get_cookie("portal_embed_draft_report-a-pothole")
    assert count_drafts(app) == 1
    # the site's own draft cookie is untouched: the two flows have separate drafts
    assert client.get_cookie("portal_draft_report-a-pothole") is None


def test_embedded_journey_end_to_end(app, client):
    url = start_embedded(client)
    first = embedded_get(client, url)
    assert first.select_one(".govuk-back-link")["href"] == EMBED
    for page_id, data in POTHOLE_ANSWERS:
        assert url == f"{EMBED}/{page_id}"
        response = embedded_post(client, url, data)
        assert response.status_code == 303, soup_of(response).select_one(".govuk-error-summary")
        url = response.headers["Location"]
    assert url == f"{EMBED}/check-answers"
    check = embedded_get(client, url)
    rows = {
        row.select_one(".govuk-summary-list__key").get_text(strip=True): row.select_one(
            ".govuk-summary-list__value"
        ).get_text(" ", strip=True)
        for row in check.select(".govuk-summary-list__row")
    }
    assert rows["What is the name of the road?"] == "Mill Lane"
    change = [a["href"] for a in check.select(".govuk-summary-list__actions a")]
    assert change and all(href.startswith(f"{EMBED}/") for href in change)
    assert check.select_one(".govuk-back-link")["href"] == f"{EMBED}/email"

    response = embedded_post(client, url, {})
    assert response.status_code == 303
    assert response.headers["Location"] == f"{EMBED}/confirmation"
    done = embedded_get(client, f"{EMBED}/confirmation")
    reference = done.select_one(".govuk-panel .app-reference").get_text(strip=True)
    stored = get_submission(get_engine(app), reference)
    assert stored.form_id == "report-a-pothole"
    assert stored.answers["road-name"] == "Mill Lane"
    assert stored.answers["postcode"] == "SW1A 1AA"
    assert stored.answers["email"] == "Ada@example.com"
    # the deletion code of this draft, and a link to use it that leaves the frame
    secret = client.get_cookie("portal_embed_draft_report-a-pothole").value
    code = done.select_one(".app-deletion-code").get_text(strip=True)
    assert code == deletion_code_for(secret)
    link = done.select_one("a[href='/forms/delete?form=report-a-pothole']")
    assert link["target"] == "_blank" and "opens in new tab" in link.get_text()
    assert (
        embedded_get(client, f"{EMBED}/confirmation")
        .select_one(".app-reference")
        .get_text(strip=True)
        == reference
    )


def test_embedded_errors_show_the_error_summary(client):
    url = start_embedded(client)
    response = embedded_post(client, url, {"location-type": ""})
    assert response.status_code == 200
    soup = soup_of(response)
    assert_embedded_page(response, soup)
    assert soup.select_one("title").get_text().startswith("Error: ")
    link = soup.select_one(".govuk-error-summary a")
    assert link["href"] == "#location-type" and soup.select_one(link["href"])


def test_form_without_allowed_origins_is_never_framed(client):
    response = client.get(BIRTH_EMBED)
    assert response.status_code == 200
    assert csp(response)["frame-ancestors"] == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    soup = soup_of(response)
    assert soup.body["data-allowed-origins"] == ""
    assert soup.select("header, footer") == []


def test_the_site_flow_refuses_framing(client):
    for url in (f"{POTHOLE}/location-type", "/forms/delete", "/developers/forms"):
        response = client.get(url)
        assert csp(response)["frame-ancestors"] == "'none'", url
        assert response.headers["X-Frame-Options"] == "DENY", url


def test_unknown_embedded_form_or_page_is_not_found(client):
    assert client.get("/forms/no-such-form/embed").status_code == 404
    start_embedded(client)
    response = client.get(f"{EMBED}/no-such-page")
    assert response.status_code == 404
    assert_framable_by_roads(response)  # the page inside the frame, not a refused frame


def test_embedded_page_without_its_cookie_offers_a_new_tab(sample_site, tmp_path, database_url):
    app = service_app(sample_site, database_url)
    try:
        client = app.test_client()  # as a browser that refuses cookies in the frame would be
        # the first question needs no cookie yet: the first answer sets it
        assert embedded_get(client, f"{EMBED}/location-type").select_one("#location-type")
        # a later one without it: the browser did not keep it
        soup = embedded_get(client, f"{EMBED}/road-name")
        assert soup.select_one("h1").get_text() == "We could not keep your answers"
        new_tab = soup.select_one("a.govuk-button")
        assert new_tab["href"] == POTHOLE and new_tab["target"] == "_blank"
        assert soup.select_one("main a[href='/forms/report-a-pothole/embed']")
        # with the cookie but an expired draft, the ordinary expired page, inside the frame
        start_embedded(client)
        client.set_cookie("portal_embed_draft_report-a-pothole", "g" * 32)
        soup = embedded_get(client, f"{EMBED}/location-type")
        assert soup.select_one("h1").get_text() == "Your session has expired"
        assert soup.select_one("a.govuk-button--start")["href"] == EMBED
    finally:
        dispose(app)


def test_csrf_works_in_the_embed(app, client):
    url = start_embedded(client)
    # the token lives in the embedded pages' own session cookie
    assert client.get_cookie("portal_embed_session")
    response = client.post(url, data={"location-type": "road"})
    assert response.status_code == 400
    soup = soup_of(response)
    assert_embedded_page(response, soup)
    assert soup.select_one("h1").get_text(strip=True) == "Sorry, we could not save that page"
    new_tab = soup.select_one("main a[target=_blank]")
    assert new_tab["href"] == POTHOLE
    # a token from the site's session is no use in the embed's: they are separate sessions
    assert start(client, POTHOLE) == f"{POTHOLE}/location-type"
    site_token = get(client, f"{POTHOLE}/location-type").select_one("input[name=csrf_token]")[
        "value"
    ]
    assert (
        client.post(url, data={"location-type": "road", "csrf_token": site_token}).status_code
        == 400
    )
    assert embedded_post(client, url, {"location-type": "road"}).status_code == 303


def cookie_attributes(header: str) -> tuple[str, dict[str, str | None]]:
    name_value, _, rest = header.partition(";")
    attributes = parse_dict_header(rest.replace(";", ","))
    return name_value.split("=", 1)[0], {k.strip().lower(): v for k, v in attributes.items()}


def test_embedded_cookies_work_cross_site_outside_development(sample_site, tmp_path, database_url):
    """Outside development: SameSite=None (so a cross-site frame gets them back), Secure, and
    Partitioned, for the embedded pages' session and draft; the site's own stay Lax."""
    app = service_app(sample_site, database_url, TESTING=False)
    try:
        client = app.test_client()
        https = {"base_url": "https://www.gov.nm.example"}
        landing = client.get(EMBED, **https)
        cookies = dict(cookie_attributes(h) for h in landing.headers.getlist("Set-Cookie"))
        # __Host-: only this host can set it (Path=/, no Domain), so no sibling can plant a
        # session whose CSRF token it knows
        session = cookies["__Host-portal_embed_session"]
        assert session["samesite"] == "None" and session["path"] == "/"
        assert "secure" in session and "partitioned" in session and "httponly" in session
        token = soup_of(landing).select_one("input[name=csrf_token]")["value"]
        # Flask-WTF checks the Referer on HTTPS: inside the frame it is the form's own page
        started = client.post(
            EMBED,
            data={"csrf_token": token},
            headers={"Referer": f"https://www.gov.nm.example{EMBED}"},
            **https,
        )
        assert started.status_code == 303, started.get_data(as_text=True)[:300]
        answered = client.post(
            f"{EMBED}/location-type",
            **https,
            data={"location-type": "road", "csrf_token": token},
            headers={"Referer": f"https://www.gov.nm.example{EMBED}/location-type"},
        )
        assert answered.status_code == 303, answered.get_data(as_text=True)[:300]
        cookies = dict(cookie_attributes(h) for h in answered.headers.getlist("Set-Cookie"))
        # __Host-: only this host can set it (Path=/, no Domain), so no sibling can plant it
        draft = cookies["__Host-portal_embed_draft_report-a-pothole"]
        assert draft["samesite"] == "None" and draft["path"] == "/" and "domain" not in draft
        assert "secure" in draft and "partitioned" in draft and "httponly" in draft
        assert answered.headers["Strict-Transport-Security"].startswith("max-age=")
        # the site's flow and session cookies are unchanged: Lax, not partitioned
        site = client.get(f"{POTHOLE}/location-type", **https)
        site_token = soup_of(site).select_one("input[name=csrf_token]")["value"]
        site_answered = client.post(
            f"{POTHOLE}/location-type",
            **https,
            data={"location-type": "road", "csrf_token": site_token},
            headers={"Referer": f"https://www.gov.nm.example{POTHOLE}/location-type"},
        )
        name, attributes = cookie_attributes(site_answered.headers["Set-Cookie"])
        assert name == "__Host-portal_draft_report-a-pothole"
        assert attributes["samesite"] == "Lax" and "partitioned" not in attributes
        assert attributes["path"] == "/" and "secure" in attributes
        name, attributes = cookie_attributes(site.headers["Set-Cookie"])
        assert name == "__Host-portal_session" and attributes["samesite"] == "Lax"
    finally:
        dispose(app)


def test_resize_scripts_are_served_as_javascript(client):
    scripts = {}
    for name in ("embed.js", "embed-frame.js"):
        with client.get(f"/assets/{name}") as response:
            assert response.status_code == 200
            assert response.mimetype == "text/javascript"
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            scripts[name] = response.get_data(as_text=True)
    host, frame = scripts["embed.js"], scripts["embed-frame.js"]
    # both ends check where a message comes from, and say where theirs may go
    assert "event.origin !== origin" in host and "event.source !== iframe.contentWindow" in host
    assert "allowed.indexOf(event.origin) === -1" in frame
    assert "postMessage(" in host and "parentOrigin)" in frame


HOSTILE_ORIGINS = [
    "https://*",
    "https://a;sandbox",
    "https://roads.example/path",
    "https://roads.example:*",
    "https://x.example 'unsafe-inline'",
    "*",
    "null",
]


def with_hostile_origins(app, form_id: str):
    """Put a definition whose allowed_origins skipped the check (model_copy does not validate)
    where the app looks forms up, beside one good origin."""
    from app.forms.registry import load_form

    with app.test_request_context():
        load_form(form_id)  # cached by the file's time: the copy below takes its place
        cache = app.extensions["portal.forms"]
        mtime, form = cache[form_id]
        cache[form_id] = (
            mtime,
            form.model_copy(update={"allowed_origins": [*HOSTILE_ORIGINS, ROADS]}),
        )


def test_framing_headers_never_carry_an_origin_that_fails_the_check(app, client):
    with_hostile_origins(app, "report-a-pothole")
    response = client.get(EMBED)
    assert response.status_code == 200
    assert_framable_by_roads(response)
    assert soup_of(response).body["data-allowed-origins"] == ROADS
    policy = response.headers["Content-Security-Policy"]
    for hostile in HOSTILE_ORIGINS:
        assert hostile not in policy.split("frame-ancestors", 1)[1], hostile


def test_cors_headers_never_carry_an_origin_that_fails_the_check(app, client):
    with_hostile_origins(app, "report-a-pothole")
    api = "/api/v1/forms/report-a-pothole"
    for origin in HOSTILE_ORIGINS:
        read = client.get(api, headers={"Origin": origin})
        preflight = client.options(
            f"{api}/submissions",
            headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
        )
        for response in (read, preflight):
            assert "Access-Control-Allow-Origin" not in response.headers, origin
    assert (
        client.get(api, headers={"Origin": ROADS}).headers["Access-Control-Allow-Origin"] == ROADS
    )


def fill_embedded(client) -> str:
    url = start_embedded(client)
    for page_id, data in POTHOLE_ANSWERS:
        assert url == f"{EMBED}/{page_id}"
        url = embedded_post(client, url, data).headers["Location"]
    assert url == f"{EMBED}/check-answers"
    return url


def assert_nothing_sent(app):
    assert count_submissions(app) == 0
    with get_engine(app).connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(deliveries)).scalar_one() == 0


@pytest.fixture
def webhook_app(sample_site, database_url, tmp_path):
    """The pothole form with a webhook: a submission would write an outbox row."""
    app = service_app(sample_site, database_url, CONTENT_DIR=str(webhook_content(tmp_path)))
    yield app
    dispose(app)


def test_an_expired_embedded_draft_is_never_sent(webhook_app):
    client = webhook_app.test_client()
    url = fill_embedded(client)
    token = embedded_get(client, url).select_one("input[name=csrf_token]")["value"]
    with get_engine(webhook_app).begin() as conn:  # expired, not yet purged
        conn.execute(drafts.update().values(expires_at=utcnow()))
    soup = soup_of(client.post(url, data={"csrf_token": token}))
    assert soup.select_one("h1").get_text() == "Your session has expired"
    assert_nothing_sent(webhook_app)


def test_another_forms_draft_is_never_sent_in_the_embed(webhook_app):
    client = webhook_app.test_client()
    url = f"{BIRTH_EMBED}/name-at-birth"
    token = soup_of(client.get(url)).select_one("input[name=csrf_token]")["value"]
    client.post(url, data={"name-at-birth": "Ada Lovelace", "csrf_token": token})
    birth_draft = client.get_cookie(
        "portal_embed_draft_request-a-copy-of-a-birth-certificate"
    ).value
    client.set_cookie("portal_embed_draft_report-a-pothole", birth_draft)
    response = client.post(f"{EMBED}/check-answers", data={"csrf_token": token})
    assert soup_of(response).select_one("h1").get_text() == "Your session has expired"
    assert_nothing_sent(webhook_app)
    assert count_drafts(webhook_app) == 1  # the other form's draft is untouched
