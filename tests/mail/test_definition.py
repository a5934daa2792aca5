"""A form's `emails:` section: which address is the citizen's, and a wrong `address_page`
reported at its place with the fix."""

from __future__ import annotations

from app.mail.outbox import MailRequest, citizen_address, planned
from tests.forms.helpers import form

NAME = {"id": "name", "question": "What is your name?", "type": "text"}
WORK = {"id": "work-email", "question": "Work email?", "type": "email", "optional": True}
HOME = {"id": "home-email", "question": "Home email?", "type": "email"}


def test_the_address_is_the_first_email_answered_or_the_page_named():
    answers = {"name": "Ada", "home-email": "ada@home.example"}
    assert citizen_address(form(NAME, WORK, HOME), answers) == "ada@home.example"
    answers["work-email"] = "ada@work.example"
    assert citizen_address(form(NAME, WORK, HOME), answers) == "ada@work.example"
    chosen = form(NAME, WORK, HOME, emails={"address_page": "home-email"})
    assert citizen_address(chosen, answers) == "ada@home.example"


def test_a_copy_is_only_sent_when_the_form_offers_it():
    answers = {"name": "Ada", "home-email": "ada@home.example"}
    no_copy = form(NAME, HOME, emails={"copy_of_answers": False})
    assert planned(no_copy, answers, MailRequest(copy_to="x@example.org")) == [
        ("confirmation", "ada@home.example")
    ]


def test_an_address_page_that_is_not_an_email_question_is_reported_with_the_fix():
    wrong = form(NAME, WORK, emails={"address_page": "name"})
    assert wrong.rule_problems() == [
        (
            ("emails", "address_page"),
            "`name` is not an `email` question of this form: use one of work-email, or "
            "remove `address_page`",
        )
    ]
    none = form(NAME, emails={"address_page": "email"})
    assert none.rule_problems()[0][1].startswith(
        "`email` is not an `email` question of this form: add an `email` question"
    )
