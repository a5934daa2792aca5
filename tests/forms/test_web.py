"""The citizen flow, through real requests with CSRF on: each page parsed, each form's token read
from the page and posted back, as a browser with JavaScript off would."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from app import create_app
from app.store import dispose, get_engine
from app.store.repository import REFERENCE_ALPHABET, get_submission, utcnow
from app.store.tables import deliveries, drafts, submissions
from tests.conftest import SAMPLE, service_app

BIRTH = "/forms/request-a-copy-of-a-birth-certificate"
POTHOLE = "/forms/report-a-pothole"
BIRTH_ANSWERS = {
    "name-at-birth": {"name-at-birth": "Ada Lovelace"},
    "date-of-birth": {
        "date-of-birth-day": "10",
        "date-of-birth-month": "12",
        "date-of-birth-year": "1985",
    },
    "place-of-birth": {"place-of-birth": "London"},
    "mothers-surname": {"mothers-surname": "Byron"},
    "certificate-type": {"certificate-type": "full"},
    "copies": {"copies": "2"},
    "address": {
        "address-line1": "1 High Street",
        "address-town": "Northtown",
        "address-postcode": "sw1a1aa",
    },
    "email": {"email": "ada@example.com"},
}


@pytest.fixture
def db_app(sample_site, database_url):
    """On each database: for what reads or writes drafts in a way the two could differ on."""
    app = service_app(sample_site, database_url)
    yield app
    dispose(app)


def soup_of(response) -> BeautifulSoup:
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    ids = Counter(tag["id"] for tag in soup.select("[id]"))
    assert [i for i, n in ids.items() if n > 1] == [], "duplicate ids"
    return soup


def get(client, url: str, status: int = 200) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return soup_of(response)


def post(client, url: str, data: dict, *, token: bool = True):
    """Post `data` with the CSRF token the page at `url` gives (as a browser would)."""
    form = get(client, url).select_one("main form[method=post]")
    fields = dict(data)
    if token:
        fields["csrf_token"] = form.select_one("input[name=csrf_token]")["value"]
    return client.post(form.get("action") or url, data=fields)


def answer(client, url: str, data: dict) -> str:
    response = post(client, url, data)
    assert response.status_code == 303, soup_of(response).select_one(".govuk-error-summary")
    return response.headers["Location"]


def start(client, form: str) -> str:
    response = client.get(form)
    assert response.status_code == 303
    return response.headers["Location"]


def fill_birth_form(client) -> str:
    url = start(client, BIRTH)
    for page_id, data in BIRTH_ANSWERS.items():
        assert url == f"{BIRTH}/{page_id}"
        url = answer(client, url, data)
    assert url == f"{BIRTH}/check-answers"
    return url


def count_submissions(app) -> int:
    with get_engine(app).connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(submissions)).scalar_one()


def count_drafts(app) -> int:
    with get_engine(app).connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(drafts)).scalar_one()


def test_the_first_answer_makes_the_draft_and_sets_a_safe_cookie(app, client):
    assert start(client, BIRTH) == f"{BIRTH}/name-at-birth"
    response = post(client, f"{BIRTH}/name-at-birth", BIRTH_ANSWERS["name-at-birth"])
    assert response.status_code == 303
    assert response.headers["Location"] == f"{BIRTH}/date-of-birth"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("portal_draft_request-a-copy-of-a-birth-certificate=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Ada" not in cookie
    assert count_drafts(app) == 1


def test_opening_the_form_stores_nothing_until_the_first_answer(app, client):
    """A GET once made a draft row: 160 a second from one client, for nothing."""
    for _ in range(5):
        response = client.get(BIRTH)
        assert response.status_code == 303
        assert response.headers["Location"] == f"{BIRTH}/name-at-birth"
        assert "Set-Cookie" not in response.headers
        assert get(client, f"{BIRTH}/name-at-birth").select_one("#name-at-birth")
    assert count_drafts(app) == 0
    # a wrong answer is not kept either: the page says what to fix
    assert post(client, f"{BIRTH}/name-at-birth", {"name-at-birth": ""}).status_code == 200
    assert count_drafts(app) == 0
    assert answer(client, f"{BIRTH}/name-at-birth", BIRTH_ANSWERS["name-at-birth"]) == (
        f"{BIRTH}/date-of-birth"
    )
    assert count_drafts(app) == 1
    again = get(client, f"{BIRTH}/name-at-birth")
    assert again.select_one("#name-at-birth")["value"] == "Ada Lovelace"


def test_a_question_url_in_a_fresh_browser_starts_the_form(app):
    """It said "your session has expired" to someone who had never started."""
    client = app.test_client()
    soup = get(client, f"{BIRTH}/date-of-birth")
    assert soup.select_one("h1").get_text(strip=True) == "What is their date of birth?"
    assert soup.select_one(".govuk-back-link")["href"] == f"{BIRTH}/name-at-birth"
    assert answer(client, f"{BIRTH}/date-of-birth", BIRTH_ANSWERS["date-of-birth"]) == (
        f"{BIRTH}/place-of-birth"
    )
    assert count_drafts(app) == 1
    # check answers then asks for what was skipped
    assert client.get(f"{BIRTH}/check-answers").headers["Location"] == f"{BIRTH}/name-at-birth"


def test_cookie_is_secure_outside_development(sample_site, tmp_path):
    app = create_app(
        {
            "DIST_DIR": str(sample_site.out),
            "CONTENT_DIR": str(SAMPLE),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.db'}",
        }
    )
    try:
        client = app.test_client()
        https = {"base_url": "https://www.gov.nm.example"}
        page = client.get(f"{BIRTH}/name-at-birth", **https)
        token = soup_of(page).select_one("input[name=csrf_token]")["value"]
        # Flask-WTF checks the Referer on HTTPS
        response = client.post(
            f"{BIRTH}/name-at-birth",
            **https,
            data={**BIRTH_ANSWERS["name-at-birth"], "csrf_token": token},
            headers={"Referer": f"https://www.gov.nm.example{BIRTH}/name-at-birth"},
        )
        assert response.status_code == 303
        assert "Secure" in response.headers["Set-Cookie"]
    finally:
        dispose(app)


def test_unknown_form_is_the_sites_404_page(client):
    assert get(client, "/forms/no-such-form", 404).select_one("h1").get_text() == "Page not found"
    start(client, BIRTH)
    get(client, f"{BIRTH}/no-such-page", 404)


def test_question_page_markup(client):
    soup = get(client, start(client, BIRTH))
    assert soup.select_one("title").get_text() == (
        "What was the person's full name at birth? - Request a copy of a birth certificate - GOV.NM"
    )
    heading = soup.select_one("h1 label[for=name-at-birth]")
    assert heading.get_text(strip=True) == "What was the person's full name at birth?"
    form = soup.select_one("main form")
    assert form["method"] == "post" and form.select_one("input[name=csrf_token]")["value"]
    assert form.select_one("button").get_text(strip=True) == "Continue"
    # the first question goes back to the start page that names the form
    assert soup.select_one(".govuk-back-link")["href"] == "/request-a-copy-of-a-birth-certificate"
    second = get(client, answer(client, f"{BIRTH}/name-at-birth", BIRTH_ANSWERS["name-at-birth"]))
    assert second.select_one(".govuk-back-link")["href"] == f"{BIRTH}/name-at-birth"
    assert second.select_one("fieldset h1.govuk-fieldset__heading")
    assert [i["name"] for i in second.select("input.govuk-input")] == [
        "date-of-birth-day",
        "date-of-birth-month",
        "date-of-birth-year",
    ]
    # the answer given is shown again on the way back
    again = get(client, f"{BIRTH}/name-at-birth")
    assert again.select_one("#name-at-birth")["value"] == "Ada Lovelace"


def test_birth_certificate_end_to_end(app, client):
    url = fill_birth_form(client)
    soup = get(client, url)
    assert soup.select_one("title").get_text().startswith("Check your answers")
    rows = {
        row.select_one(".govuk-summary-list__key").get_text(strip=True): row.select_one(
            ".govuk-summary-list__value"
        ).get_text(" ", strip=True)
        for row in soup.select(".govuk-summary-list__row")
    }
    assert rows["What is their date of birth?"] == "10 December 1985"
    assert rows["Where should we post the certificate?"] == "1 High Street Northtown SW1A 1AA"
    assert rows["Which certificate do you need?"].startswith("Full certificate")
    assert "I confirm that the information" in soup.select_one("main").get_text()
    assert soup.select_one("main form button").get_text(strip=True) == "Accept and send"

    response = post(client, url, {})
    assert response.status_code == 303
    assert response.headers["Location"] == f"{BIRTH}/confirmation"
    done = get(client, f"{BIRTH}/confirmation")
    assert "Application complete" in done.select_one("title").get_text()
    reference = done.select_one(".govuk-panel .app-reference").get_text(strip=True)
    assert len(reference) == 8 and set(reference) <= set(REFERENCE_ALPHABET)
    assert "15 working days" in done.select_one(".app-form-next-steps").get_text()
    stored = get_submission(get_engine(app), reference)
    assert stored.answers["date-of-birth"] == "1985-12-10"
    assert stored.answers["address"]["postcode"] == "SW1A 1AA"
    assert count_submissions(app) == 1
    # a refresh shows the same reference
    assert reference in get(client, f"{BIRTH}/confirmation").get_text()


def test_validation_errors_show_the_summary_and_error_title(client):
    url = start(client, BIRTH)
    response = post(client, url, {"name-at-birth": ""})
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.select_one("title").get_text().startswith("Error: What was the person's")
    summary = soup.select_one(".govuk-error-summary")
    link = summary.select_one("a")
    assert link["href"] == "#name-at-birth" and soup.select_one(link["href"])
    assert link.get_text() == "Enter the person's full name at birth"
    assert (
        "Enter the person's full name at birth"
        in soup.select_one(".govuk-error-message").get_text()
    )
    # a date links to its first wrong part
    answer(client, url, BIRTH_ANSWERS["name-at-birth"])
    soup = soup_of(
        post(
            client,
            f"{BIRTH}/date-of-birth",
            {"date-of-birth-day": "10", "date-of-birth-month": "", "date-of-birth-year": "1985"},
        )
    )
    link = soup.select_one(".govuk-error-summary a")
    assert link["href"] == "#date-of-birth-month" and soup.select_one(link["href"])
    assert "govuk-input--error" in soup.select_one("#date-of-birth-month")["class"]
    assert soup.select_one("#date-of-birth-day")["value"] == "10"


def test_address_errors_link_to_each_input(client):
    url = start(client, BIRTH)
    for data in list(BIRTH_ANSWERS.values())[:6]:
        url = answer(client, url, data)
    assert url == f"{BIRTH}/address"
    soup = soup_of(post(client, url, {"address-postcode": "nonsense"}))
    hrefs = [a["href"] for a in soup.select(".govuk-error-summary a")]
    assert hrefs == ["#address-line1", "#address-town", "#address-postcode"]
    assert all(soup.select_one(href) for href in hrefs)
    assert soup.select_one("#address-line1")["autocomplete"] == "address-line1"


def test_pothole_routes_branch_on_the_answers(client):
    url = start(client, POTHOLE)
    steps = [
        ("location-type", {"location-type": "pavement"}),
        ("road-name", {"road-name": "Mill Lane"}),
        ("town", {"town": "Northtown"}),
        ("postcode", {"postcode": ""}),
        ("where-on-road", {"where-on-road": "Outside number 14"}),
        ("pavement-width", {"pavement-width": "all"}),  # pavements skip the size
        ("photo", {}),  # optional: no file chosen
        ("harm", {"harm": "no"}),  # no harm skips the details
        ("email", {"email": ""}),
    ]
    for page_id, data in steps:
        assert url == f"{POTHOLE}/{page_id}"
        url = answer(client, url, data)
    assert url == f"{POTHOLE}/check-answers"
    soup = get(client, url)
    keys = [k.get_text(strip=True) for k in soup.select(".govuk-summary-list__key")]
    assert "How big is the pothole?" not in keys and "What happened?" not in keys
    assert soup.select_one(".govuk-back-link")["href"] == f"{POTHOLE}/email"
    # a road, with harm: the size and the details are asked instead
    assert answer(client, f"{POTHOLE}/location-type", {"location-type": "road"}) == (
        f"{POTHOLE}/road-name"
    )
    assert answer(client, f"{POTHOLE}/where-on-road", {"where-on-road": "Outside 14"}) == (
        f"{POTHOLE}/pothole-size"
    )
    assert answer(client, f"{POTHOLE}/pothole-size", {"pothole-size": "large"}) == (
        f"{POTHOLE}/photo"
    )
    assert answer(client, f"{POTHOLE}/harm", {"harm": "yes"}) == f"{POTHOLE}/harm-details"
    # check answers sends the citizen to what is still missing
    response = client.get(f"{POTHOLE}/check-answers")
    assert response.status_code == 303
    assert response.headers["Location"] == f"{POTHOLE}/harm-details"


def test_change_from_check_answers_returns_there(client):
    url = fill_birth_form(client)
    soup = get(client, url)
    change = next(
        a for a in soup.select(".govuk-summary-list__actions a") if "place-of-birth" in a["href"]
    )
    assert change["href"] == f"{BIRTH}/place-of-birth?change=1"
    assert "In which town" in change.select_one(".govuk-visually-hidden").get_text()
    page = get(client, change["href"])
    assert page.select_one(".govuk-back-link")["href"] == f"{BIRTH}/check-answers"
    assert page.select_one("#place-of-birth")["value"] == "London"
    assert answer(client, change["href"], {"place-of-birth": "Leeds"}) == (f"{BIRTH}/check-answers")
    assert (
        "Leeds"
        in get(client, f"{BIRTH}/check-answers").select_one(".govuk-summary-list").get_text()
    )


def test_double_submit_makes_one_submission(app, client):
    url = fill_birth_form(client)
    token = get(client, url).select_one("input[name=csrf_token]")["value"]
    first = client.post(url, data={"csrf_token": token})
    second = client.post(url, data={"csrf_token": token})
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"] == f"{BIRTH}/confirmation"
    assert count_submissions(app) == 1
    # and check answers, after sending, leads to the confirmation instead
    assert client.get(url).headers["Location"] == f"{BIRTH}/confirmation"


def test_post_without_csrf_token_is_refused(app, client):
    url = start(client, BIRTH)
    response = post(client, url, BIRTH_ANSWERS["name-at-birth"], token=False)
    assert response.status_code == 400
    refused = soup_of(response)  # in the site's own words, with a way back to the page
    assert refused.select_one("h1").get_text(strip=True) == "Sorry, we could not save that page"
    assert refused.select_one("a.govuk-button")["href"] == url
    assert refused.title.get_text().endswith("- GOV.NM")
    assert count_drafts(app) == 0
    url = fill_birth_form(client)
    assert post(client, url, {}, token=False).status_code == 400
    assert count_submissions(app) == 0


def test_expired_or_missing_draft_gives_a_friendly_page(app, client):
    url = answer(client, start(client, BIRTH), BIRTH_ANSWERS["name-at-birth"])
    token = get(client, url).select_one("input[name=csrf_token]")["value"]
    with get_engine(app).begin() as conn:
        conn.execute(drafts.delete())
    for method in ("get", "post"):
        soup = soup_of(
            client.post(url, data={**BIRTH_ANSWERS["date-of-birth"], "csrf_token": token})
            if method == "post"
            else client.get(url)
        )
        assert soup.select_one("h1").get_text() == "Your session has expired"
        assert soup.select_one("title").get_text().startswith("Your session has expired")
        assert soup.select_one("a.govuk-button--start")["href"] == BIRTH
    for lapsed in (f"{BIRTH}/check-answers", f"{BIRTH}/confirmation"):
        assert get(client, lapsed).select_one("h1").get_text() == "Your session has expired"
    # a browser that never started is not told its session has expired: it starts the form
    # (tests/forms/test_journeys.py)
    # starting again makes a new draft
    assert start(client, BIRTH) == f"{BIRTH}/name-at-birth"
    assert get(client, f"{BIRTH}/name-at-birth").select_one("#name-at-birth")


VOTE = "/forms/register-to-vote"
# page: (a wrong answer, the input its error links to, a right answer); in the order asked
VOTE_PAGES = {
    "full-name": ({"full-name": ""}, "full-name", {"full-name": "Ada Lovelace"}),
    "changed-name": ({}, "changed-name", {"changed-name": "yes"}),
    "previous-name": (
        {"previous-name": "x" * 600},
        "previous-name",
        {"previous-name": "Ada Byron"},
    ),
    "date-of-birth": (
        {"date-of-birth-day": "31", "date-of-birth-month": "2", "date-of-birth-year": "1990"},
        "date-of-birth-day",
        {"date-of-birth-day": "10", "date-of-birth-month": "12", "date-of-birth-year": "1985"},
    ),
    "nationality": (
        {"nationality": "martian"},
        "nationality",
        {"nationality": ["british", "irish"]},
    ),
    "has-ni-number": ({"has-ni-number": "maybe"}, "has-ni-number", {"has-ni-number": "no"}),
    "no-ni-number-reason": (
        {"no-ni-number-reason": " "},
        "no-ni-number-reason",
        {"no-ni-number-reason": "I have never worked here.\nI am 17."},
    ),
    "address": (
        {"address-line1": "1 High Street", "address-town": "Northtown", "address-postcode": "ZZ"},
        "address-postcode",
        {
            "address-line1": "1 High Street",
            "address-town": "Northtown",
            "address-postcode": "sw1a 1aa",
        },
    ),
    "council": ({"council": ""}, "council", {"council": "greystone"}),
    "years-at-address": (
        {"years-at-address": "lots"},
        "years-at-address",
        {"years-at-address": "0"},
    ),
    "previous-postcode": (
        {"previous-postcode": "nonsense"},
        "previous-postcode",
        {"previous-postcode": "sw1a1aa"},
    ),
    "how-to-vote": ({"how-to-vote": ""}, "how-to-vote", {"how-to-vote": "post"}),
    "open-register": ({}, "open-register", {"open-register": "no"}),
    "email": ({"email": "not an email"}, "email", {"email": "ada@example.com"}),
    "phone": ({"phone": "123"}, "phone", {"phone": ""}),
}


def test_every_question_type_valid_and_invalid(app, client):
    url = start(client, VOTE)
    for page_id, (wrong, target, right) in VOTE_PAGES.items():
        assert url == f"{VOTE}/{page_id}"
        response = post(client, url, wrong)
        assert response.status_code == 200, page_id
        soup = soup_of(response)
        assert soup.select_one("title").get_text().startswith("Error: "), page_id
        links = soup.select(".govuk-error-summary a")
        assert links and links[0]["href"] == f"#{target}", page_id
        assert soup.select_one(links[0]["href"]), page_id
        assert soup.select_one(".govuk-error-message"), page_id
        assert soup.select_one("h1").get_text(strip=True), page_id
        url = answer(client, url, right)
    assert url == f"{VOTE}/check-answers"
    rows = {
        row.select_one(".govuk-summary-list__key").get_text(strip=True): row.select_one(
            ".govuk-summary-list__value"
        ).get_text(" ", strip=True)
        for row in get(client, url).select(".govuk-summary-list__row")
    }
    values = list(rows.values())
    assert "British Irish" in values and "Greystone Borough Council" in values
    assert "10 December 1985" in values and "Not given" in values and "By post" in values
    # the National Insurance number, reached by changing an answer
    change = answer(client, f"{VOTE}/has-ni-number?change=1", {"has-ni-number": "yes"})
    assert change == f"{VOTE}/ni-number?change=1"
    soup = soup_of(post(client, change, {"ni-number": "nonsense"}))
    assert soup.select_one(".govuk-error-summary a")["href"] == "#ni-number"
    assert answer(client, change, {"ni-number": "ab123456c"}) == f"{VOTE}/check-answers"
    post(client, f"{VOTE}/check-answers", {})
    reference = get(client, f"{VOTE}/confirmation").select_one(".app-reference").get_text()
    stored = get_submission(get_engine(app), reference).answers
    assert stored["ni-number"] == "AB 12 34 56 C" and "no-ni-number-reason" not in stored
    assert stored["nationality"] == ["british", "irish"]


def test_inputs_carry_autocomplete_and_types(client):
    url = start(client, VOTE)
    for page_id in ("full-name", "changed-name", "previous-name", "date-of-birth"):
        url = answer(client, url, VOTE_PAGES[page_id][2])
    nationality = get(client, url)
    assert nationality.select_one("fieldset legend h1").get_text(strip=True)
    assert [i["type"] for i in nationality.select("input[name=nationality]")] == ["checkbox"] * 5
    email = get(client, f"{VOTE}/email").select_one("#email")
    assert email["type"] == "email" and email["autocomplete"] == "email"
    assert get(client, f"{VOTE}/phone").select_one("#phone")["type"] == "tel"
    assert get(client, f"{VOTE}/council").select_one("select#council")


@pytest.mark.parametrize("malformed", ["a\x00b", "\x01" * 32, "x" * 65, "../../etc", "é" * 32])
def test_a_malformed_draft_cookie_is_no_draft(db_app, malformed):
    """A NUL or other control character in the cookie reached PostgreSQL, which refuses it: a
    500. Any id that is not one the portal makes is no draft at all."""
    client = db_app.test_client()
    client.set_cookie("portal_draft_request-a-copy-of-a-birth-certificate", malformed)
    for url in (f"{BIRTH}/name-at-birth", f"{BIRTH}/check-answers", f"{BIRTH}/confirmation"):
        assert client.get(url).status_code in (200, 303), url
    token = get(client, start(client, POTHOLE)).select_one("input[name=csrf_token]")["value"]
    response = client.post(f"{BIRTH}/check-answers", data={"csrf_token": token})
    assert response.status_code in (200, 303)
    assert count_submissions(db_app) == 0


def test_a_page_off_the_route_goes_to_the_next_page_on_it(client):
    url = start(client, POTHOLE)
    for data in (
        {"location-type": "pavement"},
        {"road-name": "Mill Lane"},
        {"town": "Northtown"},
        {"postcode": ""},
        {"where-on-road": "Outside 14"},
        {"pavement-width": "all"},
        {},  # the photo is optional
        {"harm": "no"},
        {"email": ""},
    ):
        url = answer(client, url, data)
    assert url == f"{POTHOLE}/check-answers"
    # the size is asked on a road, the details only when someone was hurt
    for off_route, following in (("pothole-size", "pavement-width"), ("harm-details", "email")):
        response = client.get(f"{POTHOLE}/{off_route}")
        assert response.status_code == 303, off_route
        assert response.headers["Location"] == f"{POTHOLE}/{following}"
    assert get(client, f"{POTHOLE}/pavement-width").select_one("input[value=all]")


# -- only a complete, live draft of the form is ever sent ---------------------------------------

POTHOLE_ROAD = [
    {"location-type": "road"},
    {"road-name": "Mill Lane"},
    {"town": "Northtown"},
    {"postcode": ""},
    {"where-on-road": "Outside 14"},
    {"pothole-size": "large"},
    {},  # the photo is optional
    {"harm": "no"},
    {"email": ""},
]


def webhook_content(tmp_path: Path) -> Path:
    """The sample content, its pothole form given a webhook: a submission writes an outbox
    row, which is what would be delivered."""
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    path = content / "forms" / "report-a-pothole.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + (
            "delivery:\n  webhook: https://roads.gov.nm.example/hooks/portal\n"
            "  secret_env: POTHOLE_SECRET\n"
        ),
        encoding="utf-8",
    )
    return content


@pytest.fixture
def webhook_app(sample_site, database_url, tmp_path):
    app = service_app(sample_site, database_url, CONTENT_DIR=str(webhook_content(tmp_path)))
    yield app
    dispose(app)


def fill_pothole_form(client) -> str:
    url = start(client, POTHOLE)
    for data in POTHOLE_ROAD:
        url = answer(client, url, data)
    assert url == f"{POTHOLE}/check-answers"
    return url


def assert_nothing_sent(app):
    assert count_submissions(app) == 0
    with get_engine(app).connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(deliveries)).scalar_one() == 0


def test_an_expired_draft_is_never_sent(webhook_app):
    """Expired but not yet purged: it was sent as `{}`, confirmed with a reference and put in
    the outbox for the agency's webhook."""
    client = webhook_app.test_client()
    url = fill_pothole_form(client)
    token = get(client, url).select_one("input[name=csrf_token]")["value"]
    with get_engine(webhook_app).begin() as conn:
        conn.execute(drafts.update().values(expires_at=utcnow()))
    soup = soup_of(client.post(url, data={"csrf_token": token}))
    assert soup.select_one("h1").get_text() == "Your session has expired"
    assert_nothing_sent(webhook_app)
    assert get(client, f"{POTHOLE}/confirmation").select_one("h1").get_text() == (
        "Your session has expired"
    )


def test_another_forms_draft_is_never_sent_nor_deleted(webhook_app):
    client = webhook_app.test_client()
    answer(client, start(client, BIRTH), BIRTH_ANSWERS["name-at-birth"])
    birth_draft = client.get_cookie("portal_draft_request-a-copy-of-a-birth-certificate").value
    client.set_cookie("portal_draft_report-a-pothole", birth_draft)
    token = get(client, f"{BIRTH}/date-of-birth").select_one("input[name=csrf_token]")["value"]
    response = client.post(f"{POTHOLE}/check-answers", data={"csrf_token": token})
    assert soup_of(response).select_one("h1").get_text() == "Your session has expired"
    assert_nothing_sent(webhook_app)
    assert count_drafts(webhook_app) == 1
    # the birth certificate draft goes on as it was
    assert get(client, f"{BIRTH}/name-at-birth").select_one("#name-at-birth")["value"] == (
        "Ada Lovelace"
    )


def test_sending_a_draft_stores_its_answers_and_writes_one_outbox_row(webhook_app):
    client = webhook_app.test_client()
    url = fill_pothole_form(client)
    assert post(client, url, {}).headers["Location"] == f"{POTHOLE}/confirmation"
    reference = get(client, f"{POTHOLE}/confirmation").select_one(".app-reference").get_text()
    assert get_submission(get_engine(webhook_app), reference).answers["road-name"] == ("Mill Lane")
    with get_engine(webhook_app).connect() as conn:
        assert conn.execute(sa.select(deliveries.c.reference)).scalars().all() == [reference]


# -- the draft cookie: rotated, and not to be planted ------------------------------------------

BIRTH_COOKIE = "portal_draft_request-a-copy-of-a-birth-certificate"


def test_a_planted_draft_cookie_gives_the_attacker_nothing(app):
    """Whoever plants their own draft's id in a victim's browser (a sibling subdomain can, but
    for the __Host- prefix) used to read the victim's answers, reference and deletion code."""
    attacker, victim = app.test_client(), app.test_client()
    answer(attacker, start(attacker, BIRTH), {"name-at-birth": "Mallory"})
    planted = attacker.get_cookie(BIRTH_COOKIE).value
    victim.set_cookie(BIRTH_COOKIE, planted)
    url = start(victim, BIRTH)
    for page_id, data in BIRTH_ANSWERS.items():
        assert url == f"{BIRTH}/{page_id}"
        url = answer(victim, url, data)
        if page_id == "name-at-birth":  # answering the first page gives the draft a new id
            assert victim.get_cookie(BIRTH_COOKIE).value != planted
    # the attacker's id no longer reaches the draft
    for page in ("name-at-birth", "email", "check-answers"):
        text = attacker.get(f"{BIRTH}/{page}").get_data(as_text=True)
        assert "Ada Lovelace" not in text and "ada@example.com" not in text, page
    submitted_draft = victim.get_cookie(BIRTH_COOKIE).value
    assert post(victim, url, {}).status_code == 303
    # sending gives a new secret too: the draft's id shows no confirmation
    secret = victim.get_cookie(BIRTH_COOKIE).value
    assert secret not in (planted, submitted_draft)
    done = get(victim, f"{BIRTH}/confirmation")
    reference = done.select_one(".app-reference").get_text(strip=True)
    code = done.select_one(".app-deletion-code").get_text(strip=True)
    # refreshed, the confirmation still shows both
    again = get(victim, f"{BIRTH}/confirmation")
    assert again.select_one(".app-deletion-code").get_text(strip=True) == code
    for stolen in (planted, submitted_draft):
        thief = app.test_client()
        thief.set_cookie(BIRTH_COOKIE, stolen)
        for page in ("confirmation", "check-answers", "name-at-birth"):
            text = thief.get(f"{BIRTH}/{page}", follow_redirects=True).get_data(as_text=True)
            assert reference not in text and code not in text, page
            assert "Ada Lovelace" not in text, page
        token = get(thief, f"{POTHOLE}/location-type").select_one("input[name=csrf_token]")["value"]
        sent = thief.post(
            f"{BIRTH}/check-answers", data={"csrf_token": token}, follow_redirects=True
        ).get_data(as_text=True)
        assert reference not in sent and code not in sent
    assert count_submissions(app) == 1


def test_the_session_cookie_is_host_only_outside_development(sample_site, tmp_path):
    """The session holds the CSRF token: a sibling subdomain that could plant one would know the
    token of every post the citizen makes."""
    app = create_app(
        {
            "DIST_DIR": str(sample_site.out),
            "CONTENT_DIR": str(SAMPLE),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.db'}",
        }
    )
    try:
        response = app.test_client().get(
            f"{BIRTH}/name-at-birth", base_url="https://www.gov.nm.example"
        )
        cookie = response.headers["Set-Cookie"]
        assert cookie.startswith("__Host-portal_session=")
        assert "; Path=/" in cookie and "Secure" in cookie and "Domain" not in cookie
    finally:
        dispose(app)


def test_the_draft_cookie_is_host_only_outside_development(sample_site, tmp_path):
    app = create_app(
        {
            "DIST_DIR": str(sample_site.out),
            "CONTENT_DIR": str(SAMPLE),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.db'}",
        }
    )
    https = {"base_url": "https://www.gov.nm.example"}
    try:
        client = app.test_client()
        url = f"{BIRTH}/name-at-birth"
        token = soup_of(client.get(url, **https)).select_one("input[name=csrf_token]")["value"]
        response = client.post(
            url,
            **https,
            data={**BIRTH_ANSWERS["name-at-birth"], "csrf_token": token},
            headers={"Referer": f"https://www.gov.nm.example{url}"},
        )
        cookie = response.headers["Set-Cookie"]
        assert cookie.startswith(f"__Host-{BIRTH_COOKIE}=")
        assert "; Path=/;" in cookie and "Secure" in cookie and "Domain" not in cookie
        # a plain-named cookie (a sibling subdomain can set one) is not read at all
        plain = app.test_client()
        plain.set_cookie(BIRTH_COOKIE, cookie.split(";")[0].split("=", 1)[1])
        ignored = plain.get(f"{BIRTH}/check-answers", **https)  # as in a fresh browser
        assert ignored.headers["Location"] == f"{BIRTH}/name-at-birth"
        assert "Ada" not in plain.get(url, **https).get_data(as_text=True)
    finally:
        dispose(app)
