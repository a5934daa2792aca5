"""docs/operations.md stays true to the mail code: every option of `flask mail`, every field a
Notify template gets, and the retry schedule's give-up period."""

from __future__ import annotations

import dataclasses
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
    """The table lists the fields every email has, then a copy of the answers' (all a
    confirmation has), then a saved form's link's."""
    day = dt.datetime(2026, 6, 15, tzinfo=dt.UTC)
    copy = outbox.Claimed(
        id=1,
        reference="HX4K7PQM",
        form_id="report-a-fallen-tree",
        kind=outbox.COPY,
        message_id="mail_x",
        recipient="ada@example.com",
        attempts=0,
        created_at=day,
        submitted_at=day,
        answers={"name": "Ada"},
    )
    link = dataclasses.replace(
        copy,
        kind=outbox.RESUME,
        reference=None,
        submitted_at=None,
        answers=None,
        resume_link_id="x",
        resume_until=day,
    )
    asked = form({"id": "name", "question": "What is your name?", "type": "text"})
    sender = Sender("no-reply@gov.nm.example", "GOV.NM")
    sent = [compose(claimed, asked, sender, "https://x").fields for claimed in (copy, link)]
    table = re.findall(r"^\| `(\w+)` \|", SECTION, re.M)
    every, of_submissions, of_links = set(table[:3]), set(table[3:7]), set(table[7:])
    assert (every | of_submissions, every | of_links) == (set(sent[0]), set(sent[1]))


def test_the_give_up_period_is_the_codes():
    period = {1: "a day"}[outbox.GIVE_UP_AFTER.days]  # a new period needs its words here
    assert f"given up {period} after the submission" in " ".join(SECTION.split())
