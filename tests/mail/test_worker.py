"""Emails end to end on SQLite and PostgreSQL: written with the submission, sent by the worker to
a real SMTP server on loopback (aiosmtpd) and read as they arrived; refused, hung and down
servers; retries on a clock the test moves; the recipient erased once sent or given up."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import time

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from app.mail import outbox
from app.mail.outbox import MailRequest
from app.mail.worker import send_due
from app.store import repository as repo
from app.store.tables import email_attempts, emails

from .conftest import ANSWERS, T0, worker_settings
from .smtp_servers import SilentServer, SmtpServer, free_port


def submit(engine, form, answers=ANSWERS, *, copy_to=None, mail=True, now=T0):
    draft = repo.create_draft(engine, form, answers, now=now)
    request = MailRequest(copy_to=copy_to) if mail else None
    return repo.submit_draft(engine, draft.id, form, now=now, mail=request).submission


def rows(engine, reference):
    with engine.connect() as c:
        return (
            c.execute(
                sa.select(emails).where(emails.c.reference == reference).order_by(emails.c.id)
            )
            .mappings()
            .all()
        )


def attempts_of(engine, email_id):
    with engine.connect() as c:
        return (
            c.execute(sa.select(email_attempts).where(email_attempts.c.email_id == email_id))
            .mappings()
            .all()
        )


def parts(message):
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    html = BeautifulSoup(message.get_body(("html",)).get_content(), "html.parser")
    return text, html


def test_the_confirmation_email_arrives_once_with_the_reference(
    engine, form, settings, smtp_server
):
    made = submit(engine, form)
    [row] = rows(engine, made.reference)
    assert (row["kind"], row["recipient"], row["status"]) == (
        "confirmation",
        "ada.lovelace@example.com",
        "pending",
    )

    report = send_due(engine, settings, now=T0)
    assert (report.sent, report.retrying, report.failed) == (1, 0, 0)
    [message] = smtp_server.messages
    assert message["To"] == "ada.lovelace@example.com"
    [sender] = message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == ("GOV.NM", "no-reply@gov.nm.example")
    assert message["Message-ID"] == f"<{row['message_id']}@gov.nm.example>"
    assert message["Subject"] == (
        f"Report a fallen tree: we have received your form, reference {made.reference}"
    )
    text, html = parts(message)
    assert f"Your reference number is {made.reference}" in text
    assert "We will clear the road within **4 hours**." in text
    assert html.select_one(".mail-site-name").get_text() == "GOV.NM"
    assert html.select_one(".mail-reference").get_text() == made.reference
    assert html.select_one(".mail-next-steps strong").get_text() == "4 hours"
    # a confirmation is not a copy: the answers stay out of it
    assert html.select_one(".mail-answers") is None and "Mill Lane" not in text

    [row] = rows(engine, made.reference)
    assert (row["status"], row["attempts"], row["recipient"]) == ("sent", 1, None)
    assert row["sent_at"] == T0 and row["next_attempt_at"] is None
    assert send_due(engine, settings, now=T0 + dt.timedelta(hours=1)).attempts == 0
    assert len(smtp_server.messages) == 1


def test_a_copy_asked_for_goes_to_its_address_with_the_answers(engine, form, settings, smtp_server):
    made = submit(engine, form, copy_to="grace@example.org")
    assert [(r["kind"], r["recipient"]) for r in rows(engine, made.reference)] == [
        ("copy", "grace@example.org"),
        ("confirmation", "ada.lovelace@example.com"),
    ]
    assert send_due(engine, settings, now=T0).sent == 2
    by_address = {m["To"]: m for m in smtp_server.messages}
    copy = by_address["grace@example.org"]
    assert (
        copy["Subject"]
        == f"Report a fallen tree: a copy of your answers, reference {made.reference}"
    )
    text, html = parts(copy)
    answers = {
        row.select_one("th").get_text(): row.select_one("td").get_text()
        for row in html.select(".mail-answers tr")
    }
    assert answers == {
        "Where is the tree?": "Outside 14 Mill Lane, Ely",
        "Is it blocking the road?": "Yes",
        "What is your email address?": "ada.lovelace@example.com",
    }
    assert "Where is the tree?\nOutside 14 Mill Lane, Ely\n" in text
    # the address given only for the copy is gone once it is sent
    assert all(r["recipient"] is None for r in rows(engine, made.reference))


def test_a_copy_to_the_address_the_form_asked_for_is_the_only_email(engine, form, settings):
    made = submit(engine, form, copy_to="Ada.Lovelace@example.com")
    assert [r["kind"] for r in rows(engine, made.reference)] == ["copy"]


def test_no_email_without_an_address_or_when_mail_is_off(engine, form):
    without = {key: value for key, value in ANSWERS.items() if key != "email"}
    assert rows(engine, submit(engine, form, without).reference) == []
    assert rows(engine, submit(engine, form, mail=False).reference) == []


def test_a_form_can_turn_the_confirmation_off(engine, form):
    quiet = form.model_copy(
        update={"emails": form.emails.model_copy(update={"confirmation": False})}
    )
    assert rows(engine, submit(engine, quiet).reference) == []
    made = submit(engine, quiet, copy_to="grace@example.org")
    assert [r["kind"] for r in rows(engine, made.reference)] == ["copy"]


def given_up_at_once(engine, form, settings):
    """Submit and send: the email is given up on its first attempt, its address erased; its row."""
    made = submit(engine, form)
    report = send_due(engine, settings, now=T0)
    assert (report.sent, report.failed) == (0, 1)
    [row] = rows(engine, made.reference)
    assert (row["status"], row["recipient"], row["next_attempt_at"]) == ("failed", None, None)
    return row


def test_a_recipient_refused_for_good_is_not_retried_and_its_address_is_erased(
    engine, form, settings, smtp_server
):
    smtp_server.mailbox.refuse_recipient = "550 5.1.1 <ada.lovelace@example.com>: no such mailbox"
    row = given_up_at_once(engine, form, settings)
    assert row["last_error"] == (
        "the server refused the recipient: 550 5.1.1 <(the recipient)>: no such mailbox"
    )
    [tried] = attempts_of(engine, row["id"])
    assert tried["smtp_code"] == 550 and tried["error"] == row["last_error"]
    assert smtp_server.messages == []


@pytest.mark.parametrize(
    "refusal",
    [("recipient", "451 4.3.0 Try again later"), ("message", "554 5.7.1 Message rejected")],
)
def test_other_refusals_are_retried_with_backoff(engine, form, settings, smtp_server, refusal):
    setattr(smtp_server.mailbox, f"refuse_{refusal[0]}", refusal[1])
    made = submit(engine, form)
    settings = dataclasses.replace(settings, rng=random.Random(1))
    assert send_due(engine, settings, now=T0).retrying == 1
    [row] = rows(engine, made.reference)
    assert row["status"] == "pending" and row["recipient"] == "ada.lovelace@example.com"
    assert T0 < row["next_attempt_at"] <= T0 + dt.timedelta(seconds=30)
    assert refusal[1] in row["last_error"]
    assert attempts_of(engine, row["id"])[0]["smtp_code"] == int(refusal[1][:3])

    setattr(smtp_server.mailbox, f"refuse_{refusal[0]}", None)
    assert send_due(engine, settings, now=row["next_attempt_at"]).sent == 1
    assert [m["To"] for m in smtp_server.messages] == ["ada.lovelace@example.com"]


def test_a_server_that_hangs_costs_the_timeout_and_is_retried(engine, form):
    silent = SilentServer()
    try:
        made = submit(engine, form)
        settings = worker_settings(silent.port, timeout=1)
        started = time.monotonic()
        assert send_due(engine, settings, now=T0).retrying == 1
        assert time.monotonic() - started < 5
    finally:
        silent.stop()
    [row] = rows(engine, made.reference)
    assert row["last_error"] == "no answer within 1 seconds"
    assert row["status"] == "pending" and row["recipient"] is not None


def test_a_server_down_when_the_citizen_submits_gets_the_email_when_it_is_back(engine, form):
    port = free_port()  # nothing listens there yet
    settings = dataclasses.replace(worker_settings(port, timeout=2), rng=random.Random(2))
    made = submit(engine, form)
    assert repo.get_submission(engine, made.reference).answers == ANSWERS  # stored all the same
    assert send_due(engine, settings, now=T0).retrying == 1
    [row] = rows(engine, made.reference)
    assert row["last_error"] == "the connection was refused: is the mail server running?"

    server = SmtpServer(port=port)
    try:
        assert send_due(engine, settings, now=row["next_attempt_at"]).sent == 1
        [message] = server.messages
        assert made.reference in message["Subject"]
    finally:
        server.stop()
    assert rows(engine, made.reference)[0]["attempts"] == 2


def test_given_up_a_day_after_the_submission_with_the_address_erased(engine, form):
    settings = worker_settings(free_port(), timeout=2)
    made = submit(engine, form)
    assert send_due(engine, settings, now=T0).retrying == 1
    last = T0 + outbox.GIVE_UP_AFTER
    assert send_due(engine, settings, now=last).failed == 1
    [row] = rows(engine, made.reference)
    assert (row["status"], row["attempts"], row["recipient"]) == ("failed", 2, None)
    assert row["last_error"].startswith("the connection was refused")


def test_a_claimed_email_is_nobody_elses_until_its_lease_runs_out(engine, form):
    submit(engine, form)
    claimed = outbox.QUEUE.claim_next(engine, T0)
    assert claimed is not None and claimed.recipient == "ada.lovelace@example.com"
    assert outbox.QUEUE.claim_next(engine, T0) is None
    assert outbox.QUEUE.claim_next(engine, T0 + outbox.LEASE - dt.timedelta(seconds=1)) is None
    again = outbox.QUEUE.claim_next(engine, T0 + outbox.LEASE)
    assert again is not None and again.message_id == claimed.message_id


def test_erasing_the_submission_erases_its_emails(engine, form, settings, smtp_server):
    made = submit(engine, form, copy_to="grace@example.org")
    assert repo.delete_submission(engine, made.reference)
    assert rows(engine, made.reference) == []
    assert send_due(engine, settings, now=T0).attempts == 0
    assert smtp_server.messages == []
