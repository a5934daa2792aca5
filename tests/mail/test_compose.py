"""The emails in a language: the resume email written in Welsh (the worker's `language`), its
subject, text, HTML and Notify's fields, the date in Welsh words; English by default."""

from __future__ import annotations

import datetime as dt

from bs4 import BeautifulSoup

from app.mail import outbox
from app.mail.compose import Sender, answer_rows, compose
from tests.forms.helpers import form

LINK = "https://www.gov.nm.example/forms/resume/abc"
SAVED = outbox.Claimed(
    id=1,
    reference=None,
    form_id="test-form",
    kind=outbox.RESUME,
    message_id="mail_x",
    recipient="ada@example.com",
    attempts=0,
    created_at=dt.datetime(2026, 9, 4, tzinfo=dt.UTC),
    submitted_at=None,
    answers=None,
    resume_link_id="x",
    resume_until=dt.datetime(2026, 10, 2, tzinfo=dt.UTC),
)
ASKED = form({"id": "name", "question": "What is your name?", "type": "text"})
SENDER = Sender("no-reply@gov.nm.example", "GOV.NM")


def test_a_resume_email_in_welsh():
    email = compose(SAVED, ASKED, SENDER, LINK, language="cy")
    assert email.subject == "Test form: parhau â’ch cais"
    assert "Parhau â’ch cais:\n" + LINK in email.text
    assert "Mae’n dod i ben ar 2 Hydref 2026" in email.text
    assert "Anfonwyd yr e-bost hwn yn awtomatig gan GOV.NM" in email.text
    html = BeautifulSoup(email.html, "html.parser")
    assert html.html["lang"] == "cy"
    assert html.select_one(".mail-resume-link").get_text() == "Parhau â’ch cais"
    assert (email.fields["form_noun"], email.fields["resume_until"]) == ("cais", "2 Hydref 2026")


def test_a_resume_email_is_in_english_by_default():
    email = compose(SAVED, ASKED, SENDER, LINK)
    assert email.subject == "Test form: continue your application"
    assert "It expires on 2 October 2026" in email.text
    assert BeautifulSoup(email.html, "html.parser").html["lang"] == "en"


def test_a_copy_of_the_answers_gives_each_entry_of_a_repeating_group_a_row():
    """The household grant's people, each a row as check your answers shows them, with their
    proof of identity by its file name; an optional question left unanswered is left out."""
    household = form(
        {"id": "name", "question": "What is your name?", "type": "text"},
        {
            "id": "household",
            "repeat": {"noun": "person", "plural": "people"},
            "pages": [
                {"id": "member-name", "question": "Their name?", "type": "text"},
                {"id": "member-proof", "question": "Proof?", "type": "file", "optional": True},
            ],
        },
    )
    proof = {
        "id": "file_" + "a" * 22,
        "filename": "passport.pdf",
        "content_type": "application/pdf",
        "size": 3,
    }
    answers = {
        "name": "Ada",
        "household": [{"member-name": "Ada", "member-proof": proof}, {"member-name": "Byron"}],
    }
    assert answer_rows(household, answers) == [
        ("What is your name?", ["Ada"]),
        ("Person 1", ["Ada", "passport.pdf"]),
        ("Person 2", ["Byron"]),
    ]
