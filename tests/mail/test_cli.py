"""`flask mail` as the operator runs it: `--once` sends what is due to the SMTP server the
settings name and says what it did; without a mail server set it refuses with what to set."""

from __future__ import annotations

import datetime as dt

from app.forms.registry import load_form
from app.mail.outbox import MailRequest
from app.store import dispose, get_engine, saved
from app.store import repository as repo

from .conftest import ANSWERS, FORM_ID, make_app


def test_once_sends_what_is_due_and_says_so(app, smtp_server):
    engine = get_engine(app)
    form = load_form(FORM_ID)
    draft = repo.create_draft(engine, form, ANSWERS)
    made = repo.submit_draft(engine, draft.id, form, mail=MailRequest()).submission

    result = app.test_cli_runner().invoke(args=["mail", "--once"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Sent 1, 0 to be retried, 0 given up."
    [message] = smtp_server.messages
    assert made.reference in message["Subject"]

    again = app.test_cli_runner().invoke(args=["mail", "--once"])
    assert again.output.strip() == "Sent 0, 0 to be retried, 0 given up."


def test_without_a_mail_server_it_says_what_to_set(database_url, content, tmp_path):
    app = make_app(database_url, content, tmp_path, SMTP_HOST="")
    try:
        result = app.test_cli_runner().invoke(args=["mail", "--once"])
    finally:
        dispose(app)
    assert result.exit_code == 1
    assert "set PORTAL_SMTP_HOST and PORTAL_MAIL_FROM" in result.output


def test_retry_sends_a_waiting_email_now_and_never_one_already_sent(app, smtp_server):
    engine = get_engine(app)
    form = load_form(FORM_ID)
    draft = repo.create_draft(engine, form, ANSWERS)
    made = repo.submit_draft(engine, draft.id, form, mail=MailRequest()).submission
    smtp_server.mailbox.refuse_message = "451 4.3.0 Try again later"
    run = app.test_cli_runner().invoke
    assert run(args=["mail", "--once"]).output.strip() == "Sent 0, 1 to be retried, 0 given up."

    smtp_server.mailbox.refuse_message = None
    result = run(args=["mail", "--retry", made.reference.lower()])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"Sent {made.reference} (SMTP 250)."
    assert len(smtp_server.messages) == 1

    again = run(args=["mail", "--retry", made.reference])
    assert again.exit_code == 1
    assert f"no email to send for {made.reference}" in again.output
    assert len(smtp_server.messages) == 1


def test_list_shows_the_emails_not_sent_with_their_last_error_and_never_the_address(
    app, smtp_server
):
    engine = get_engine(app)
    form = load_form(FORM_ID)
    run = app.test_cli_runner().invoke
    assert run(args=["mail", "--list"]).output == "Every email has been sent.\n"
    draft = repo.create_draft(engine, form, ANSWERS)
    made = repo.submit_draft(engine, draft.id, form, mail=MailRequest()).submission
    kept = repo.create_draft(engine, form, ANSWERS)  # saved for later, its link by email
    link = saved.LinkRequest("grace@example.org", app.config["SECRET_KEY"])
    saved.save_for_later(
        engine, kept.id, form.id, dt.timedelta(days=28), with_code=False, link=link
    )
    smtp_server.mailbox.refuse_message = "451 4.3.0 Try again later"
    run(args=["mail", "--once"])

    listed = run(args=["mail", "--list"])
    assert listed.exit_code == 0, listed.output
    first, error, second, _ = listed.output.splitlines()
    assert first.startswith(f"{made.reference}  mail_") and "  pending  1 attempt  next 20" in first
    assert error == "    the server answered 451 4.3.0 Try again later"
    assert second.startswith("-  mail_")  # a saved form's link has no submission's reference
    assert ANSWERS["email"] not in listed.output and "grace@" not in listed.output
    assert run(args=["mail", "--list", "--once"]).exit_code == 2
