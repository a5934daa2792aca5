""" "Save and come back later" on the sample household support grant form, through real requests
with CSRF on (as a browser with JavaScript off), a real SQLite database and a real SMTP server on
loopback for the emailed link: saving by code and resuming in another browser, saving by email
and following the link from the message that arrived, the link used twice and expired, wrong
codes locking the reference, the rate limit on emails, and the purge after the form's days."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from app.mail.cli import settings_for
from app.mail.worker import send_due
from app.store import dispose, get_engine
from app.store import repository as store
from app.store.saved import purge_resume_links
from app.store.tables import drafts, emails, resume_links, saved_drafts
from tests.forms.conftest import forms_app
from tests.mail import conftest as mail_fixtures
from tests.mail.smtp_servers import HOST

FORM = "apply-for-a-household-support-grant"
BASE = f"/forms/{FORM}"
OTHER_CLIENT = {"REMOTE_ADDR": "192.0.2.7"}
smtp_server = mail_fixtures.smtp_server  # the mail tests' fixture: a real SMTP server on loopback


@pytest.fixture
def app(sample_site, tmp_path, smtp_server):
    app = forms_app(
        sample_site,
        tmp_path,
        MAIL_FROM="GOV.NM <no-reply@gov.nm.example>",
        SMTP_HOST=HOST,
        SMTP_PORT=smtp_server.port,
        SMTP_SECURITY="none",
        RATELIMIT_RESUME_WRONG_CODES="3 per 15 minutes",
        RATELIMIT_RESUME_EMAILS_PER_ADDRESS="2 per hour",
        RATELIMIT_RESUME_EMAILS_PER_CLIENT="3 per hour",
    )
    yield app  # no app context around the requests: each has its own `g`, as in production
    dispose(app)


@pytest.fixture
def client(app):
    return app.test_client()


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def post_page(client, url: str, data: dict, **options):
    token = soup_of(client.get(url, **options)).select_one("main form input[name=csrf_token]")
    return client.post(url, data={**data, "csrf_token": token["value"]}, **options)


def started(client) -> None:
    """The first question answered: the citizen is on the benefits question."""
    response = post_page(client, f"{BASE}/lives-in-northmere", {"lives-in-northmere": "yes"})
    assert response.headers["Location"] == f"{BASE}/benefits"


def save_page(client, answer: dict) -> BeautifulSoup:
    """On the benefits question, "Save and come back later" with `answer`: the save page."""
    response = post_page(client, f"{BASE}/benefits", {**answer, "save-for-later": "yes"})
    assert response.status_code == 303
    return soup_of(client.get(response.headers["Location"]))


def save_with_code(client) -> tuple[str, str]:
    response = post_page(client, f"{BASE}/save-for-later", {"how": "code"})
    assert response.headers["Location"] == f"{BASE}/save-for-later/code"
    assert "Max-Age=24" in response.headers["Set-Cookie"]  # this browser keeps it 28 days too
    page = soup_of(client.get(response.headers["Location"]))
    return page.select_one(".app-reference").get_text(), page.select_one(
        ".app-resume-code"
    ).get_text()


def resume(client, reference: str, code: str, **options):
    return post_page(client, "/forms/resume", {"reference": reference, "code": code}, **options)


def email_link(client, address: str, **options):
    return post_page(client, f"{BASE}/save-for-later/email", {"email": address}, **options)


def send_emails(app) -> int:
    """What `flask mail --once` does: send every email due."""
    with app.app_context():
        return send_due(get_engine(app), settings_for(app)).sent


def rows(app, table) -> list:
    with get_engine(app).connect() as c:
        return c.execute(sa.select(table)).all()


def test_saved_with_a_code_and_resumed_in_another_browser(app, client):
    started(client)
    question = soup_of(client.get(f"{BASE}/benefits"))
    buttons = [b.get_text(strip=True) for b in question.select("main form button")]
    assert buttons == ["Continue", "Save and come back later"]  # Enter presses Continue

    # nothing ticked: the answer cannot be kept, the draft is, and the page says so
    page = save_page(client, {})
    assert "have not saved your answer to “Does anyone in your household get any of these " in (
        page.select_one(".app-unsaved-answer").get_text()
    )
    reference, code = save_with_code(client)
    assert re.fullmatch(r"[A-Z0-9]{8}", reference) and re.fullmatch(r"(\w{4}-){2}\w{4}", code)
    # shown once: a refresh goes back to the save page
    assert client.get(f"{BASE}/save-for-later/code").headers["Location"].endswith("/save-for-later")
    [saved] = rows(app, saved_drafts)
    assert saved.code_hash == store.hash_secret(code) and code not in str(rows(app, saved_drafts))
    [draft] = rows(app, drafts)
    assert draft.expires_at - store.utcnow() > dt.timedelta(days=27)  # the form's 28 days

    other = app.test_client()
    response = resume(other, reference.lower(), code.replace("-", " "), environ_base=OTHER_CLIENT)
    assert response.headers["Location"] == f"{BASE}/benefits"  # the first page to answer
    assert "Max-Age=24" in response.headers["Set-Cookie"]  # 24xxxxx s: the saved 28 days
    answered = post_page(other, f"{BASE}/benefits", {"benefits": "pension-credit"})
    assert answered.headers["Location"] == f"{BASE}/full-name"
    # the draft moved: the first browser no longer has it, and an answer kept its 28 days
    assert soup_of(client.get(f"{BASE}/full-name")).h1.get_text() == "Your session has expired"
    [draft] = rows(app, drafts)
    assert draft.answers == {"lives-in-northmere": "yes", "benefits": ["pension-credit"]}
    assert draft.expires_at - store.utcnow() > dt.timedelta(days=27)


def test_saved_by_email_the_link_from_the_message_resumes_once(app, client, smtp_server):
    started(client)
    page = save_page(client, {"benefits": "living-allowance"})  # a valid answer: kept
    assert page.select_one(".app-unsaved-answer") is None
    choice = post_page(client, f"{BASE}/save-for-later", {"how": "email"})
    assert choice.headers["Location"] == f"{BASE}/save-for-later/email"
    sent = email_link(client, " Ada.Lovelace@Example.com ")
    assert sent.headers["Location"] == f"{BASE}/save-for-later/email-sent"
    check = soup_of(client.get(sent.headers["Location"]))
    assert check.h1.get_text() == "Check your email"
    assert check.select_one(".app-sent-to").get_text() == "Ada.Lovelace@example.com"

    assert send_emails(app) == 1
    [message] = smtp_server.messages
    assert message["To"] == "Ada.Lovelace@example.com"
    assert message["Subject"] == "Apply for a Household Support Grant: continue your application"
    text = message.get_body(("plain",)).get_content()
    link = re.search(r"https?://\S+/forms/resume/(\S+)", text)
    token = link.group(1)
    html = message.get_body(("html",)).get_content()
    assert BeautifulSoup(html, "html.parser").select_one(".mail-resume-link")["href"] == link[0]
    # only the token's hash is stored, and the address is gone once sent
    [stored] = rows(app, resume_links)
    assert stored.token_hash == store.hash_secret(token) and token not in str(stored)
    assert [row.recipient for row in rows(app, emails)] == [None]

    other = app.test_client()
    path = f"/forms/resume/{token}"
    opened = soup_of(other.get(path))  # opening it (as a mail scanner does) uses nothing
    assert opened.h1.get_text() == "Continue your application"
    assert other.get(path).status_code == 200
    used = post_page(other, path, {})
    assert used.headers["Location"] == f"{BASE}/full-name"
    assert other.get(f"{BASE}/benefits").status_code == 200  # this browser has the draft now

    again = app.test_client().get(path)  # clicked again, anywhere
    assert again.status_code == 410
    assert soup_of(again).h1.get_text() == "You have already used this link"
    assert soup_of(other.get(f"{BASE}/check-answers")).h1  # the resumed draft is untouched


def test_an_expired_link_and_an_unknown_one_say_so(app, client, smtp_server):
    started(client)
    save_page(client, {})
    email_link(client, "ada@example.com")
    send_emails(app)
    token = re.search(
        r"/forms/resume/(\S+)", smtp_server.messages[0].get_body(("plain",)).get_content()
    )[1]
    with get_engine(app).begin() as c:  # its 28 days are over
        past = store.utcnow() - dt.timedelta(minutes=1)
        c.execute(resume_links.update().values(expires_at=past))
    response = app.test_client().get(f"/forms/resume/{token}")
    assert response.status_code == 410
    page = soup_of(response)
    assert page.h1.get_text() == "This link has expired"
    assert page.select_one("main a.govuk-button")["href"] == BASE
    unknown = app.test_client().get(f"/forms/resume/{token[:-1]}x")
    assert unknown.status_code == 404
    assert soup_of(unknown).h1.get_text() == "This link does not work"


def test_wrong_codes_lock_the_reference_for_everyone(app, client):
    started(client)
    save_page(client, {})
    reference, code = save_with_code(client)
    wrong = "AAAA-BBBB-CCCC"
    for _ in range(3):
        refused = resume(app.test_client(), reference, wrong)
        assert refused.status_code == 200
        assert "do not match a saved form" in soup_of(refused).select_one("#reference-error").text
    # locked: the right code too, and from another client
    locked = resume(app.test_client(), reference, code, environ_base=OTHER_CLIENT)
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 60
    assert "You have tried too many times" in soup_of(locked).select_one("#reference-error").text
    assert "Set-Cookie" not in locked.headers or FORM not in locked.headers["Set-Cookie"]


def test_emails_are_limited_per_address_and_per_client(app, client):
    started(client)
    save_page(client, {})
    for address in ["ada@example.com", "ADA@example.com"]:
        assert email_link(client, address).status_code == 303
    per_address = email_link(client, "ada@example.com")
    assert per_address.status_code == 429
    assert "asked for too many emails" in soup_of(per_address).select_one("#email-error").text
    assert email_link(client, "grace@example.com").status_code == 303  # the client's third
    assert email_link(client, "hopper@example.com").status_code == 429  # over the client's 3
    assert len(rows(app, emails)) == 3


def test_a_saved_draft_is_purged_after_the_forms_days(app, client):
    started(client)
    save_page(client, {})
    email_link(client, "ada@example.com")  # its email still unsent
    engine = get_engine(app)
    later = store.utcnow() + dt.timedelta(days=27)
    assert store.purge_expired_drafts(engine, later) == 0  # an ordinary draft: gone after a day
    assert purge_resume_links(engine, later) == 0
    after = store.utcnow() + dt.timedelta(days=28, minutes=1)
    assert store.purge_expired_drafts(engine, after) == 1
    assert purge_resume_links(engine, after) == 1
    for table in (drafts, saved_drafts, resume_links, emails):
        assert rows(app, table) == [], table.name  # the address went with its link
