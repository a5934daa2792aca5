"""The feedback people write: after 'Is this page useful? No', what they were doing and what went
wrong; from the phase banner's 'giving feedback', a message about the whole site. Real requests
from the pages' own forms (their CSRF tokens included), on SQLite and PostgreSQL; stored, shown
again with GOV.UK's errors when wrong, rate limited, and listed by `flask feedback summary`."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from app.content.models import PhaseBanner
from app.store import dispose, get_engine
from app.store.feedback import (
    EMAIL_RETENTION_DAYS,
    problems,
    record_problem,
    record_site_feedback,
    site_feedback_since,
    tally,
)
from tests.conftest import service_app
from tests.forms.test_web import soup_of
from tests.test_feedback import press

PAGE = "/apply-for-a-passport"


@pytest.fixture
def client(app):
    return app.test_client()


def form_of(client, url: str, status: int = 200) -> tuple[str, dict[str, str]]:
    """The page's feedback form: where it posts and what it posts as it stands (hidden fields,
    the CSRF token among them, and each field's current value)."""
    response = client.get(url)
    assert response.status_code == status, url
    form = soup_of(response).select_one("main form[method=post]")
    fields = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    fields |= {area["name"]: area.get_text() for area in form.select("textarea")}
    return form["action"], fields


def errors_of(response) -> dict[str, str]:
    """The error summary's messages by the field each links to."""
    soup = soup_of(response)
    assert soup.select_one("title").get_text().startswith("Error: ")
    return {
        link["href"].lstrip("#"): link.get_text(strip=True)
        for link in soup.select(".govuk-error-summary a")
    }


# -- "Is this page useful? No", then what went wrong ------------------------------------------


def test_no_asks_what_was_wrong_and_stores_the_answers(app, client):
    response = press(client, PAGE, "no")
    assert response.headers["Location"] == "/feedback/what-went-wrong?path=%2Fapply-for-a-passport"
    page = soup_of(client.get(response.headers["Location"]))
    labels = [label.get_text(strip=True) for label in page.select("main form label")]
    assert labels == ["What were you doing?", "What went wrong?"]
    action, fields = form_of(client, response.headers["Location"])
    assert fields["path"] == PAGE and fields["csrf_token"]
    fields |= {"doing": "Renewing my passport ", "went_wrong": "The fee\nis not on the page"}
    sent = client.post(action, data=fields)
    assert sent.status_code == 303
    assert sent.headers["Location"] == "/feedback/thanks?path=%2Fapply-for-a-passport"
    stored = problems(get_engine(app))
    assert [(p.path, p.doing, p.went_wrong) for p in stored] == [
        (PAGE, "Renewing my passport", "The fee\nis not on the page")
    ]
    assert [(row.path, row.not_useful) for row in tally(get_engine(app))] == [(PAGE, 1)]


def test_a_wrong_answer_is_shown_again_with_its_error_and_nothing_is_stored(app, client):
    action, fields = form_of(client, f"/feedback/what-went-wrong?path={PAGE}")
    empty = client.post(action, data=fields)
    assert empty.status_code == 400
    assert errors_of(empty) == {"doing": "Enter what you were doing or what went wrong"}
    long = client.post(action, data=fields | {"doing": "Reading", "went_wrong": "x" * 1201})
    assert errors_of(long) == {"went_wrong": "What went wrong must be 1,200 characters or fewer"}
    kept = soup_of(long)
    assert kept.select_one("textarea#doing").get_text() == "Reading"  # nothing typed is lost
    assert kept.select_one("#went_wrong-error") is not None
    assert problems(get_engine(app)) == []


def test_a_post_without_its_token_or_page_stores_nothing(app, client):
    action, fields = form_of(client, f"/feedback/what-went-wrong?path={PAGE}")
    answers = fields | {"doing": "Reading", "went_wrong": "Nothing"}
    assert client.post(action, data={**answers, "csrf_token": "forged"}).status_code == 400
    assert client.post(action, data={**answers, "path": "/no-such-page"}).status_code == 400
    assert problems(get_engine(app)) == []
    # asked about a page that is not one, the general feedback form is offered instead
    missing = client.get("/feedback/what-went-wrong?path=/no-such-page")
    assert missing.status_code == 303 and missing.headers["Location"] == "/feedback/site"


# -- the phase banner's "giving feedback" -----------------------------------------------------


@pytest.mark.parametrize("url", ["/about", "/search?q=tax", "/forms/report-a-pothole/location"])
def test_the_phase_banner_links_to_the_feedback_page(client, url):
    """On a built page and on the pages the service makes."""
    with client.get(url) as page:  # a built page is a file, closed with the response
        banner = soup_of(page).select_one(".govuk-phase-banner__text")
    link = banner.select_one("a.govuk-link")
    assert (link["href"], link.get_text()) == ("/feedback/site", "giving feedback")
    assert banner.get_text(" ", strip=True).endswith("Help us improve it by giving feedback .")


def test_feedback_on_the_site_is_stored_with_an_email_only_if_given(app, client):
    action, fields = form_of(client, "/feedback/site")
    assert action == "/feedback/site" and set(fields) == {"csrf_token", "message", "email"}
    anonymous = client.post(action, data=fields | {"message": "Easy to find things"})
    assert anonymous.status_code == 303 and anonymous.headers["Location"] == "/feedback/thanks"
    client.post(action, data=fields | {"message": "Please reply", "email": " Ada@Example.com "})
    stored = site_feedback_since(get_engine(app))
    assert [(f.message, f.email) for f in stored] == [
        ("Please reply", "Ada@example.com"),
        ("Easy to find things", None),
    ]


def test_feedback_on_the_site_needs_a_message_and_a_real_address(app, client):
    action, fields = form_of(client, "/feedback/site")
    response = client.post(action, data=fields | {"email": "not an address"})
    assert response.status_code == 400
    assert errors_of(response) == {
        "message": "Enter your feedback",
        "email": "Enter an email address in the correct format, like name@example.com",
    }
    assert soup_of(response).select_one("input#email")["value"] == "not an address"
    assert site_feedback_since(get_engine(app)) == []


def test_the_forms_are_rate_limited(sample_site, database_url):
    app = service_app(sample_site, database_url, RATELIMIT_PUBLIC_WRITES="2 per minute")
    try:
        client = app.test_client()
        action, fields = form_of(client, "/feedback/site")
        sent = [
            client.post(action, data=fields | {"message": "Hello"}).status_code for _ in range(3)
        ]
        assert sent == [303, 303, 429]
        assert len(site_feedback_since(get_engine(app))) == 2
    finally:
        dispose(app)


def test_summary_shows_what_went_wrong_and_the_sites_feedback(app, client):
    action, fields = form_of(client, f"/feedback/what-went-wrong?path={PAGE}")
    client.post(action, data=fields | {"doing": "Applying", "went_wrong": "No fee\non the page"})
    action, fields = form_of(client, "/feedback/site")
    client.post(action, data=fields | {"message": "Clear pages", "email": "ada@example.com"})
    output = app.test_cli_runner().invoke(args=["feedback", "summary"]).output
    # each answer's line starts with when it was sent ("2026-11-30 09:15"): left out here
    lines = [
        re.sub(r"^\d{4}-\d\d-\d\d \d\d:\d\d", "", line.strip()).strip()
        for line in output.splitlines()
    ]
    lines = [line for line in lines if line]
    assert lines == [
        "What went wrong (1 answers)",
        PAGE,
        "doing: Applying",
        "wrong: No fee on the page",  # on one line: a newline typed cannot fake an answer
        "Feedback on the site (1)",
        "Clear pages  (reply to ada@example.com)",
    ]


def test_the_banners_link_words_must_be_in_its_text():
    assert PhaseBanner(tag="Beta", text="Help by giving feedback.", link_text="giving feedback")
    with pytest.raises(ValueError, match="link_text 'feedback form' is not in text"):
        PhaseBanner(tag="Beta", text="Help by giving feedback.", link_text="feedback form")


def test_feedback_holding_an_email_address_is_purged_after_its_retention(app):
    engine, now = get_engine(app), dt.datetime.now(dt.UTC)
    old = now - dt.timedelta(days=EMAIL_RETENTION_DAYS + 1)
    recent = now - dt.timedelta(days=EMAIL_RETENTION_DAYS - 1)
    for when in (old, recent):
        record_site_feedback(engine, "Reply please", "ada@example.com", when)
        record_site_feedback(engine, "Write to me at bob@example.org.", None, when)
        record_site_feedback(engine, "Search is slow @ lunchtime", None, when)  # no address
        record_problem(engine, PAGE, "Applying", "It said email x.y@gov.example", when)
        record_problem(engine, PAGE, "Applying", "No fee on the page", when)
    output = app.test_cli_runner().invoke(args=["feedback", "purge"]).output
    assert output == (
        f"Deleted 3 feedback answers holding an email address, older than "
        f"{EMAIL_RETENTION_DAYS} days.\n"
    )
    site = {(f.message, f.email, f.created_at < recent) for f in site_feedback_since(engine)}
    assert site == {
        ("Reply please", "ada@example.com", False),
        ("Write to me at bob@example.org.", None, False),
        ("Search is slow @ lunchtime", None, False),
        ("Search is slow @ lunchtime", None, True),  # old, but about the site, not a person
    }
    wrong = sorted((p.went_wrong, p.created_at < recent) for p in problems(engine))
    assert wrong == [
        ("It said email x.y@gov.example", False),
        ("No fee on the page", False),
        ("No fee on the page", True),
    ]
