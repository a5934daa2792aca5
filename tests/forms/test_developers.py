"""The developer pages: /developers/forms and /developers/forms/<id>, on the sample content."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from app import create_app
from app.forms.developers import embed_snippet
from app.forms.engine import evaluate
from app.forms.question_conditions import when_asked
from app.forms.registry import load_form
from app.store import dispose
from tests.conftest import SAMPLE
from tests.forms.helpers import form as make_form
from tests.forms.test_web import get, soup_of

BASE_URL = "https://www.gov.nm.example"  # content/site.yaml


@pytest.fixture
def client(sample_site, tmp_path):
    app = create_app(
        {
            "DIST_DIR": str(sample_site.out),
            "CONTENT_DIR": str(SAMPLE),
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.db'}",
        }
    )
    yield app.test_client()
    dispose(app)


def test_forms_are_listed_with_their_organisation(client):
    soup = get(client, "/developers/forms")
    assert soup.select_one("h1").get_text(strip=True) == "Service forms"
    assert soup.select_one("header .govuk-header") and soup.select_one("footer")  # site layout
    rows = {
        row.select_one("a").get_text(strip=True): [
            td.get_text(strip=True) for td in row.select("td")
        ]
        for row in soup.select("tbody tr")
    }
    assert rows == {
        "Apply for a Household Support Grant": [
            "Apply for a Household Support Grant",
            "Social Security Agency",
            "apply-for-a-household-support-grant",
            "No",
        ],
        "Register to vote": ["Register to vote", "Cabinet Office", "register-to-vote", "No"],
        "Report a pothole": ["Report a pothole", "Highways Agency", "report-a-pothole", "Yes"],
        "Request a copy of a birth certificate": [
            "Request a copy of a birth certificate",
            "General Register Office",
            "request-a-copy-of-a-birth-certificate",
            "No",
        ],
    }
    links = [a["href"] for a in soup.select("tbody a")]
    assert "/developers/forms/report-a-pothole" in links
    for href in links:
        get(client, href)
    assert soup.select_one("main a[href='/developers/api']")


def test_form_page_says_what_the_form_asks(client):
    soup = get(client, "/developers/forms/report-a-pothole")
    assert soup.select_one("h1").get_text(strip=True) == "Report a pothole"
    assert [a["href"] for a in soup.select(".govuk-breadcrumbs a")] == ["/", "/developers/forms"]
    summary = {
        row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(" ", strip=True)
        for row in soup.select(".govuk-summary-list__row")
    }
    assert summary["Organisation"] == "Highways Agency"
    assert summary["Form id"] == "report-a-pothole"
    assert summary["Citizens fill it in at"] == f"{BASE_URL}/report-a-pothole"
    rows = soup.select("table.app-form-questions tbody tr")
    ids = [row.select_one("td code").get_text() for row in rows]
    assert ids[:3] == ["location-type", "road-name", "town"] and len(ids) == 11
    first = rows[0].select("td")
    assert first[1].get_text(strip=True) == "Where is the pothole?"
    assert [code.get_text() for code in first[2].select("li code")] == ["road", "pavement"]
    assert first[3].get_text(strip=True) == "Yes"
    email = rows[ids.index("email")].select("td")
    assert email[2].get_text(strip=True) == "email address" and email[3].get_text() == "No"
    photo = rows[ids.index("photo")].select("td")
    assert photo[2].get_text(strip=True) == "a file: upload it to …/files, then give its id"
    # the API: its reference, the form's JSON Schema and definition
    hrefs = {a["href"] for a in soup.select("main a")}
    assert {
        "/developers/api",
        "/api/v1/forms/report-a-pothole/schema",
        "/api/v1/forms/report-a-pothole",
    } <= hrefs


def test_the_embed_snippet_works_as_pasted(client):
    soup = get(client, "/developers/forms/report-a-pothole")
    assert [li.get_text(strip=True) for li in soup.select(".app-allowed-origins li")] == [
        "https://roads.gov.nm.example"
    ]
    snippet = soup.select_one("textarea#embed-snippet")
    assert soup.select_one("label[for=embed-snippet]") and snippet.has_attr("readonly")
    pasted = BeautifulSoup(snippet.get_text(), "html.parser")
    iframe, script = pasted.select_one("iframe"), pasted.select_one("script")
    assert iframe["src"] == f"{BASE_URL}/forms/report-a-pothole/embed"
    assert iframe["title"] == "Report a pothole" and iframe.has_attr("data-portal-form")
    assert iframe["height"] == "900"  # the height without embed.js: the form scrolls in it
    assert iframe["style"] == "border: 0"  # no default frame border
    assert script["src"] == f"{BASE_URL}/assets/embed.js" and script.has_attr("defer")
    # both addresses answer: the embedded form, framable by the listed origin, and the script
    framed = client.get(iframe["src"].removeprefix(BASE_URL))
    assert framed.status_code == 200
    assert (
        "frame-ancestors https://roads.gov.nm.example" in framed.headers["Content-Security-Policy"]
    )
    with client.get(script["src"].removeprefix(BASE_URL)) as response:
        assert response.status_code == 200 and response.mimetype == "text/javascript"


def test_the_snippet_names_the_configured_portal(sample_site, tmp_path):
    """PORTAL_BASE_URL (a local or staging portal) replaces site.yaml's address in the snippet
    and the page's other addresses."""
    app = create_app(
        {
            "DIST_DIR": str(sample_site.out),
            "CONTENT_DIR": str(SAMPLE),
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.db'}",
            "BASE_URL": "http://localhost:5000",
        }
    )
    try:
        soup = get(app.test_client(), "/developers/forms/report-a-pothole")
    finally:
        dispose(app)
    pasted = BeautifulSoup(soup.select_one("textarea#embed-snippet").get_text(), "html.parser")
    assert (
        pasted.select_one("iframe")["src"] == "http://localhost:5000/forms/report-a-pothole/embed"
    )
    assert pasted.select_one("script")["src"] == "http://localhost:5000/assets/embed.js"
    assert BASE_URL not in soup.select_one("main").get_text()


def test_a_form_no_site_may_embed_has_no_snippet(client):
    soup = get(client, "/developers/forms/register-to-vote")
    assert soup.select_one("#embed-snippet") is None
    assert "No website may embed this form yet" in soup.select_one("main").get_text()
    assert "content/forms/register-to-vote.yaml" in soup.select_one("main").get_text()


def test_unknown_form_is_not_found(client):
    response = client.get("/developers/forms/no-such-form")
    assert response.status_code == 404
    assert soup_of(response).select_one("h1").get_text() == "Page not found"


def test_snippet_escapes_the_title():
    form = make_form(
        {"id": "q", "question": "Question?", "type": "text"}, title='Say "hello" <now> & then'
    )
    iframe = BeautifulSoup(embed_snippet(form, BASE_URL), "html.parser").select_one("iframe")
    assert iframe["title"] == 'Say "hello" <now> & then'
    assert iframe["src"] == f"{BASE_URL}/forms/test-form/embed"


def test_the_developers_front_door(client):
    soup = get(client, "/developers")
    assert soup.select_one("h1").get_text(strip=True) == "Developers"
    sections = [h2["id"] for h2 in soup.select("main h2[id]")]
    assert sections == ["what-you-can-do", "embedding", "keys", "webhooks", "reference", "version"]
    # every link on it leads somewhere: the portal's pages answer, anchors are there
    for link in soup.select("main a[href]"):
        href = link["href"]
        if href.startswith("http"):
            continue
        path, _, anchor = href.partition("#")
        if path.startswith("/api/"):
            assert client.get(path).status_code == 200, href
            continue
        target = get(client, path) if path else soup
        assert not anchor or target.find(id=anchor), href
    # the version it states is the one the API's document gives
    document = client.get("/api/v1/openapi.json").get_json()
    status = {
        row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(" ", strip=True)
        for row in soup.select(".govuk-summary-list__row")
    }
    assert status["Current version"] == f"Version {document['info']['version']}, at /api/v1"
    assert status["Address"] == f"{BASE_URL}/api/v1"


def test_the_footer_links_to_the_developers_page(client, sample_site):
    for soup in (get(client, "/developers/forms"), sample_site.soup("/")):
        links = [a["href"] for a in soup.select("footer a.govuk-footer__link")]
        assert "/developers" in links


def required_column(client, form_id: str) -> dict[str, str]:
    soup = get(client, f"/developers/forms/{form_id}")
    return {
        row.select_one("td code").get_text(): " ".join(
            row.select_one(".app-question-required").get_text(" ", strip=True).split()
        )
        for row in soup.select(".app-form-questions tbody tr")
    }


def test_conditional_questions_say_when_they_are_asked(client):
    required = required_column(client, "report-a-pothole")
    assert required["location-type"] == "Yes" and required["harm"] == "Yes"  # on every way
    assert required["postcode"] == "No"  # optional
    assert required["pavement-width"] == (
        "Only when location-type is pavement ; leave it out otherwise"
    )
    assert required["pothole-size"].startswith("Only when location-type is not pavement")
    assert required["harm-details"].startswith("Only when harm is not no")
    # a route with a fallback: only the answer that goes there
    vote = required_column(client, "register-to-vote")
    assert vote["previous-postcode"].startswith("Only when years-at-address is 0 ;")
    assert vote["address"] == "Yes"


def test_when_asked_follows_the_engine(client):
    """The questions said to be always asked are on the engine's route for each way through the
    form; each of the others is off the route of one of them."""
    with client.application.app_context():
        form = load_form("report-a-pothole")
    asked = when_asked(form)
    routes = [
        {page.id for page in evaluate(form, answers).pages}
        for answers in (
            {"location-type": "road", "harm": "no"},
            {"location-type": "pavement", "harm": "yes"},
        )
    ]
    always = {page for page, when in asked.items() if when is None}
    assert all(always <= route for route in routes)
    assert all(any(page not in route for route in routes) for page in set(asked) - always)
