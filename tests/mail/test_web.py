""" "Send me a copy of my answers" on the check answers page, through real requests with CSRF on
(as a browser with JavaScript off would), then the worker sending to the SMTP server on
loopback: the copy arrives, a wrong address is an error that sends and stores nothing."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from app.mail.cli import settings_for
from app.mail.worker import send_due
from app.store import dispose, get_engine
from app.store.tables import drafts, emails, submissions

from .conftest import FORM_ID, make_app

BASE = f"/forms/{FORM_ID}"
PAGES = {
    "where": {"where": "Outside 14 Mill Lane, Ely"},
    "blocking": {"blocking": "yes"},
    "email": {"email": ""},
}


@pytest.fixture
def client(app):
    return app.test_client()


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def post_page(client, url: str, data: dict):
    page = soup_of(client.get(url))
    token = page.select_one("main form[method=post] input[name=csrf_token]")["value"]
    return client.post(url, data={**data, "csrf_token": token})


def to_check_answers(client, pages=PAGES) -> str:
    url = client.get(BASE).headers["Location"]
    for data in pages.values():
        response = post_page(client, url, data)
        assert response.status_code == 303
        url = response.headers["Location"]
    assert url == f"{BASE}/check-answers"
    return url


def count(app, table) -> int:
    with get_engine(app).connect() as c:
        return c.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def test_check_answers_offers_a_copy_by_email(client):
    page = soup_of(client.get(to_check_answers(client)))
    box = page.select_one("main form input[type=checkbox][name=send-copy]")
    assert box["value"] == "yes" and not box.has_attr("checked")
    label = page.select_one(f"label[for={box['id']}]").get_text(strip=True)
    assert label == "Send me a copy of my answers"
    address = page.select_one("input#copy-email")
    assert (address["type"], address["autocomplete"], address["name"]) == (
        "email",
        "email",
        "copy-email",
    )
    # revealed by the box; with JavaScript off it is simply there, inside the same form
    assert address.find_parent(class_="govuk-checkboxes__conditional") is not None


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "Enter the email address to send a copy of your answers to"),
        ("grace@", "Enter an email address in the correct format, like name@example.com"),
    ],
)
def test_a_wrong_address_for_the_copy_is_an_error_that_sends_nothing(app, client, typed, message):
    url = to_check_answers(client)
    response = post_page(client, url, {"send-copy": "yes", "copy-email": typed})
    assert response.status_code == 200
    page = soup_of(response)
    assert page.title.get_text().startswith("Error: ")
    summary = page.select_one(".govuk-error-summary a")
    assert (summary.get_text(strip=True), summary["href"]) == (message, "#copy-email")
    assert message in page.select_one("#copy-email-error").get_text()
    assert page.select_one("input[name=send-copy]").has_attr("checked")
    assert page.select_one("input#copy-email")["value"] == typed
    assert (count(app, submissions), count(app, emails), count(app, drafts)) == (0, 0, 1)


def test_the_copy_asked_for_is_stored_for_sending_and_arrives(app, client, smtp_server):
    url = to_check_answers(client)
    response = post_page(client, url, {"send-copy": "yes", "copy-email": " grace@example.org "})
    assert response.status_code == 303 and response.headers["Location"].endswith("/confirmation")
    reference = soup_of(client.get(response.headers["Location"])).select_one(".app-reference")
    with get_engine(app).connect() as c:
        stored = c.execute(sa.select(submissions.c.answers)).scalar_one()
        queued = c.execute(sa.select(emails.c.kind, emails.c.recipient)).all()
    assert "grace@example.org" not in str(stored)  # never kept with the answers
    assert [tuple(row) for row in queued] == [("copy", "grace@example.org")]

    assert send_due(get_engine(app), settings_for(app)).sent == 1
    [message] = smtp_server.messages
    assert message["To"] == "grace@example.org"
    assert reference.get_text() in message["Subject"]


def test_no_copy_unless_asked_and_no_offer_when_mail_is_off(
    database_url, content, tmp_path, app, client
):
    post_page(client, to_check_answers(client), {"copy-email": "grace@example.org"})
    assert count(app, submissions) == 1 and count(app, emails) == 0

    off = make_app(database_url, content, tmp_path, SMTP_HOST="")
    try:
        other = off.test_client()
        page = soup_of(other.get(to_check_answers(other)))
        assert page.select_one("input[name=send-copy]") is None
        assert page.select_one("input[name=copy-email]") is None
    finally:
        dispose(off)
