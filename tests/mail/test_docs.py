"""docs/operations.md stays true to the mail code: every option of `flask mail`, every field a
Notify template gets, and the retry schedule's give-up period."""

from __future__ import annotations

import datetime as dt
import re

from app.mail import outbox
from app.mail.cli import mail_command
from app.mail.compose import Sender, compose
from tests.conftest import ROOT
from tests.forms.helpers import form
from tests.outbox.helpers import documented_options

DOC = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
SECTION = DOC.split("## Email to citizens", 1)[1].split("\n## ", 1)[0]


def test_every_option_of_flask_mail_is_documented():
    options = documented_options(mail_command, SECTION)
    assert options == {"--once", "--retry", "--list", "--poll-interval", "--lease"}


def test_the_notify_template_fields_are_the_ones_sent():
    claimed = outbox.Claimed(
        id=1,
        reference="HX4K7PQM",
        form_id="report-a-fallen-tree",
        kind=outbox.COPY,
        message_id="mail_x",
        recipient="ada@example.com",
        attempts=0,
        created_at=dt.datetime(2026, 6, 15, tzinfo=dt.UTC),
        submitted_at=dt.datetime(2026, 6, 15, tzinfo=dt.UTC),
        answers={"name": "Ada"},
    )
    asked = form({"id": "name", "question": "What is your name?", "type": "text"})
    sent = compose(claimed, asked, Sender("no-reply@gov.nm.example", "GOV.NM")).fields
    table = set(re.findall(r"^\| `(\w+)` \|", SECTION, re.M))
    assert table == set(sent)


def test_the_give_up_period_is_the_codes():
    period = {1: "a day"}[outbox.GIVE_UP_AFTER.days]  # a new period needs its words here
    assert f"given up {period} after the submission" in " ".join(SECTION.split())
