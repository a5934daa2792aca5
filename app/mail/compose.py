"""The email itself: plain text and HTML (a simple layout like GOV.UK Notify's, in the site's
name), from templates/mail/, for a claimed row of the outbox. Rendered when it is sent, from the
stored submission and the form as the service has it then. No Flask: the worker renders too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from app.dates import format_date
from app.forms.definition import FormDefinition
from app.forms.questions import descriptor_of
from app.i18n import current_language, in_language
from app.i18n.templates import install_gettext
from app.markdown import render_markdown

from .outbox import COPY, Claimed

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "mail"
_environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)
install_gettext(_environment)
_LINE_BREAK = re.compile(r"<br\s*/?>", re.I)


@dataclass(frozen=True)
class Sender:
    """Who the emails are from: MAIL_FROM (`GOV.NM <no-reply@gov.nm.example>`), the site's name
    for the header, and its address for links."""

    mail_from: str
    site_name: str
    base_url: str = ""

    @property
    def domain(self) -> str:
        return parseaddr(self.mail_from)[1].rpartition("@")[2] or "localhost"


def answer_rows(form: FormDefinition, answers: dict) -> list[tuple[str, list[str]]]:
    """(question, lines of the answer) for each answered question, as check your answers shows
    them; answers to questions the form no longer asks are left out."""
    rows = []
    for page in form.pages:
        if page.id not in answers:
            continue
        html = descriptor_of(page).check_answers_html(page, answers[page.id])
        rows.append((page.question, [Markup(part).striptags() for part in _LINE_BREAK.split(html)]))
    return rows


def compose(
    claimed: Claimed, form: FormDefinition, sender: Sender, language: str | None = None
) -> EmailMessage:
    """The email for one row of the outbox, with its stable Message-ID, in `language` (the
    current one when None)."""
    with in_language(language or current_language()):
        return _compose(claimed, form, sender)


def _compose(claimed: Claimed, form: FormDefinition, sender: Sender) -> EmailMessage:
    context = {
        "site_name": sender.site_name,
        "base_url": sender.base_url,
        "form": form,
        "reference": claimed.reference,
        "submitted_on": format_date(claimed.submitted_at.date()),
        "copy": claimed.kind == COPY,
        "answers": answer_rows(form, claimed.answers) if claimed.kind == COPY else [],
        "next_steps_text": form.confirmation or "",
        "next_steps_html": Markup(render_markdown(form.confirmation).html)
        if form.confirmation
        else "",
    }
    message = EmailMessage()
    message["Subject"] = (
        f"{form.title}: a copy of your answers, reference {claimed.reference}"
        if claimed.kind == COPY
        else f"{form.title}: we have received your form, reference {claimed.reference}"
    )
    message["From"] = sender.mail_from
    message["To"] = Address(addr_spec=claimed.recipient)
    message["Date"] = format_datetime(claimed.submitted_at)
    # The same on every attempt: a mail server that has it already can drop the repeat.
    message["Message-ID"] = f"<{claimed.message_id}@{sender.domain}>"
    message["Auto-Submitted"] = "auto-generated"  # no out-of-office replies to it
    message.set_content(_environment.get_template("message.txt").render(context))
    message.add_alternative(
        _environment.get_template("message.html").render(context), subtype="html"
    )
    return message
