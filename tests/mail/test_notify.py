"""Email through GOV.UK Notify: the worker sends each email of the outbox to a Notify API on
loopback (tests/mail/notify_server.py) that checks the JWT as Notify does; the template for its
kind, the address, the fields; each sent once; a saved form's link, retried, whose link resumes
the form; Notify's 5xx, 429 and 403 retried with backoff, a 400 given up at once with the address
erased; Notify unreachable; settings that cannot work."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import socket

import pytest
import sqlalchemy as sa

from app.mail.cli import settings_for
from app.mail.worker import send_due
from app.startup import UnsafeSettings
from app.store import dispose, saved
from app.store import repository as repo
from app.store.tables import email_attempts, emails

from .conftest import ANSWERS, T0, make_app, write_content
from .notify_server import API_KEY, SERVICE_ID, NotifyApi
from .test_worker import given_up_at_once, rows, submit

# Notify's part does not depend on the database: SQLite only.
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

CONFIRMATION_TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a"
COPY_TEMPLATE = "8a3f2c11-5b0e-4c7d-9e6f-1d2c3b4a5f60"
RESUME_TEMPLATE = "5c0d9e2a-7b41-4f3e-a8d6-2e9f1b7c4a30"
BASE_URL = "https://forms.gov.nm.example"


def notify_settings(api_base_url: str, **more) -> dict:
    return {
        "SMTP_HOST": "",
        "MAIL_FROM": "",
        "NOTIFY_API_KEY": API_KEY,
        "NOTIFY_TEMPLATE_CONFIRMATION": CONFIRMATION_TEMPLATE,
        "NOTIFY_TEMPLATE_COPY": COPY_TEMPLATE,
        "NOTIFY_TEMPLATE_RESUME": RESUME_TEMPLATE,
        "NOTIFY_BASE_URL": api_base_url,
        "BASE_URL": BASE_URL,
        **more,
    }


@pytest.fixture
def notify(httpserver):
    api = NotifyApi(httpserver)
    yield api
    httpserver.check_assertions()


@pytest.fixture
def app(database_url, tmp_path, notify):
    content = write_content(
        tmp_path / "content", confirmation="We will clear it. [Contact us](/contact) if not."
    )
    app = make_app(database_url, content, tmp_path, **notify_settings(notify.base_url))
    with app.app_context():
        yield app
    dispose(app)


@pytest.fixture
def settings(app):
    return dataclasses.replace(settings_for(app), rng=random.Random(3))


def test_each_email_goes_to_notify_once_with_its_kinds_template_and_fields(
    app, engine, form, settings, notify
):
    made = submit(engine, form, copy_to="grace@example.org")
    ids = {row["kind"]: row["message_id"] for row in rows(engine, made.reference)}
    report = send_due(engine, settings, now=T0)
    assert (report.sent, report.retrying, report.failed) == (2, 0, 0)
    assert send_due(engine, settings, now=T0).attempts == 0  # sent once, never again

    by_template = {r.body["template_id"]: r for r in notify.received}
    assert by_template.keys() == {COPY_TEMPLATE, CONFIRMATION_TEMPLATE}
    for received in notify.received:
        assert received.token["iss"] == SERVICE_ID and received.status == 201
    copy, confirmation = by_template[COPY_TEMPLATE].body, by_template[CONFIRMATION_TEMPLATE].body
    assert (copy["email_address"], copy["reference"]) == ("grace@example.org", ids["copy"])
    assert copy["sanitise_content_for"] == ["answers"]  # what the citizen typed is not formatted
    assert (confirmation["email_address"], confirmation["reference"]) == (
        ANSWERS["email"],
        ids["confirmation"],
    )
    fields = copy["personalisation"]
    assert fields == {
        "site_name": fields["site_name"],
        "site_url": BASE_URL,
        "form_title": "Report a fallen tree",
        "reference": made.reference,
        "submitted_on": "15 June 2026",
        "answers": "Where is the tree?\nOutside 14 Mill Lane, Ely\n\n"
        "Is it blocking the road?\nYes\n\n"
        "What is your email address?\nada.lovelace@example.com",
        "next_steps": f"We will clear it. [Contact us]({BASE_URL}/contact) if not.",
    }
    assert confirmation["personalisation"]["answers"] == ""  # a confirmation has no answers
    assert all(
        (row["status"], row["recipient"]) == ("sent", None) for row in rows(engine, made.reference)
    )


def test_a_saved_forms_link_goes_to_notify_once_retried_and_resumes_the_form(
    app, engine, form, settings, notify
):
    notify.answer(500)  # Notify down at first: the link is retried, as every email is
    draft = repo.create_draft(engine, form, {"where": "Mill Lane"}, now=T0)
    link = saved.LinkRequest("grace@example.org", app.config["SECRET_KEY"])
    kept = saved.save_for_later(
        engine, draft.id, form.id, dt.timedelta(days=28), with_code=False, link=link, now=T0
    )
    assert send_due(engine, settings, now=T0).retrying == 1
    [row] = _emails(engine)
    assert row.recipient == "grace@example.org" and row.reference is None
    report = send_due(engine, settings, now=row.next_attempt_at)
    assert (report.sent, send_due(engine, settings, now=row.next_attempt_at).attempts) == (1, 0)

    failed, received = notify.received
    assert failed.status == 500 and received.body == failed.body  # the same request again
    body = received.body
    assert (body["template_id"], body["email_address"]) == (RESUME_TEMPLATE, "grace@example.org")
    assert body["reference"] == row.message_id
    assert "sanitise_content_for" not in body  # a link has none of the citizen's words
    fields = body["personalisation"]
    token = fields["resume_url"].removeprefix(f"{BASE_URL}/forms/resume/")
    assert fields == {
        "site_name": fields["site_name"],
        "site_url": BASE_URL,
        "form_title": "Report a fallen tree",
        "form_noun": "application",
        "resume_url": f"{BASE_URL}/forms/resume/{token}",
        "resume_until": "13 July 2026",  # the saved draft's 28 days
    }
    assert kept.expires_at == T0 + dt.timedelta(days=28)
    assert saved.link_state(engine, token, now=T0)[0] is saved.LinkState.LIVE
    [row] = _emails(engine)
    assert (row.status, row.recipient) == ("sent", None)  # the address erased once sent


def _emails(engine):
    with engine.connect() as c:
        return c.execute(sa.select(emails)).all()


@pytest.mark.parametrize("status", [500, 429, 403])
def test_notifys_5xx_429_and_403_are_retried_with_backoff(engine, form, settings, notify, status):
    notify.answer(status)
    made = submit(engine, form)
    assert send_due(engine, settings, now=T0).retrying == 1
    [row] = rows(engine, made.reference)
    assert row["status"] == "pending" and row["recipient"] == ANSWERS["email"]
    assert row["last_error"].startswith(f"Notify answered {status}: ")
    assert send_due(engine, settings, now=row["next_attempt_at"]).sent == 1
    assert [r.status for r in notify.received] == [status, 201]
    with engine.connect() as c:
        codes = c.execute(sa.select(email_attempts.c.smtp_code).order_by(email_attempts.c.id))
        assert codes.scalars().all() == [status, 201]


def test_a_400_is_given_up_at_once_with_the_address_erased(engine, form, settings, notify):
    notify.answer(400)
    row = given_up_at_once(engine, form, settings)
    assert row["last_error"] == (
        "Notify answered 400: BadRequestError: "
        "Can't send to this recipient using a team-only API key"
    )
    assert len(notify.received) == 1


def test_notify_unreachable_is_retried(app, engine, form):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        nowhere = f"http://127.0.0.1:{closed.getsockname()[1]}"
    app.config["NOTIFY_BASE_URL"] = nowhere
    made = submit(engine, form)
    assert send_due(engine, settings_for(app), now=T0).retrying == 1
    [row] = rows(engine, made.reference)
    assert row["last_error"] == "Notify could not be reached: ConnectionError"


@pytest.mark.parametrize(
    "wrong, says",
    [
        ({"NOTIFY_TEMPLATE_RESUME": ""}, "set PORTAL_NOTIFY_TEMPLATE_RESUME: the id of the "),
        ({"NOTIFY_API_KEY": "not-a-key"}, "PORTAL_NOTIFY_API_KEY is not a GOV.UK Notify API key"),
    ],
)
def test_neither_the_service_nor_flask_mail_start_with_notify_settings_that_cannot_work(
    app, database_url, tmp_path, notify, wrong, says
):
    content = write_content(tmp_path / "other")
    with pytest.raises(UnsafeSettings) as refused:
        make_app(database_url, content, tmp_path, **notify_settings(notify.base_url, **wrong))
    assert says in str(refused.value)
    app.config.update(wrong)  # commands start anyway (so that `flask doctor` can report it)
    result = app.test_cli_runner().invoke(args=["mail", "--once"])
    assert result.exit_code == 1 and says in result.output
    assert notify.received == []
