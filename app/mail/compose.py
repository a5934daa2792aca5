"""The email itself, for a claimed row of the outbox: its plain text and HTML (a simple layout like
GOV.UK Notify's, in the site's name) from templates/mail/, and the same content as the fields a
Notify template fills in. Written when it is sent, from the stored submission and the form as the
service has it then, every link absolute (app/mail/links.py). No Flask: the worker writes too.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from app.dates import format_date
from app.forms.definition import FormDefinition, RepeatingGroup
from app.forms.questions import descriptor_of
from app.forms.repeating import entry_lines, entry_name
from app.i18n import current_language, gettext, in_language
from app.i18n.templates import install_gettext
from app.store.saved import link_token

from .links import absolute_html, absolute_text
from .outbox import COPY, RESUME, Claimed

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
    them (a repeating group's entries each a row: "Person 2", a file by its name); answers to
    questions the form no longer asks are left out."""
    rows = []
    for page in form.pages:
        if page.id not in answers:
            continue
        if isinstance(page, RepeatingGroup):
            entries = answers[page.id] if isinstance(answers[page.id], list) else []
            rows += [
                (entry_name(page, number), _lines(Markup("<br>").join(entry_lines(page, entry))))
                for number, entry in enumerate(entries, 1)
                if isinstance(entry, dict)
            ]
            continue
        html = descriptor_of(page).check_answers_html(page, answers[page.id])
        rows.append((page.question, _lines(html)))
    return rows


def _lines(html: str) -> list[str]:
    return [Markup(part).striptags() for part in _LINE_BREAK.split(html)]


@dataclass(frozen=True)
class Email:
    """One email, written and ready for a transport: SMTP sends `as_message()`; Notify sends
    `fields` to the template for its `kind`."""

    kind: str  # confirmation, copy or resume
    recipient: str
    mail_from: str
    message_id: str  # the same on every attempt: the Message-ID's left part, Notify's reference
    domain: str  # the Message-ID's right part
    date: dt.datetime
    subject: str
    text: str
    html: str
    fields: dict[str, str]  # a Notify template's personalisation: docs/operations.md

    def as_message(self) -> EmailMessage:
        message = EmailMessage()
        message["Subject"] = self.subject
        message["From"] = self.mail_from
        message["To"] = Address(addr_spec=self.recipient)
        message["Date"] = format_datetime(self.date)
        # The same on every attempt: a mail server that has it already can drop the repeat.
        message["Message-ID"] = f"<{self.message_id}@{self.domain}>"
        message["Auto-Submitted"] = "auto-generated"  # no out-of-office replies to it
        message.set_content(self.text)
        message.add_alternative(self.html, subtype="html")
        return message


def resume_url(base_url: str, secret_key: str, link_id: str, prefix: str = "") -> str:
    """The address of a resume link: the site's /forms/resume/<token> (app/forms/save_return.py),
    under the prefix of the citizen's language (`/cy`), its token made again from the link's id
    (app/store/saved.py keeps only its hash)."""
    return f"{base_url.rstrip('/')}{prefix}/forms/resume/{link_token(secret_key, link_id)}"


def compose(
    claimed: Claimed,
    form: FormDefinition,
    sender: Sender,
    link: str | None = None,
    language: str | None = None,
) -> Email:
    """The email for one row of the outbox, with its stable Message-ID, in `language` (the
    current one when None); `link` is a resume email's link (resume_url)."""
    with in_language(language or current_language()):
        if claimed.kind == RESUME:
            return _resume(claimed, form, sender, link or "")
        return _receipt(claimed, form, sender)


def _receipt(claimed: Claimed, form: FormDefinition, sender: Sender) -> Email:
    """A submission's email: the receipt, or the copy of the answers."""
    copy = claimed.kind == COPY
    answers = answer_rows(form, claimed.answers) if copy else []
    next_steps = form.confirmation or ""
    submitted_on = format_date(claimed.submitted_at.date())
    next_steps_text = absolute_text(next_steps, sender.base_url)
    return _email(
        claimed,
        sender,
        form,
        date=claimed.submitted_at,
        subject=(
            gettext(
                "%(form)s: a copy of your answers, reference %(reference)s",
                form=form.title,
                reference=claimed.reference,
            )
            if copy
            else gettext(
                "%(form)s: we have received your form, reference %(reference)s",
                form=form.title,
                reference=claimed.reference,
            )
        ),
        template="message",
        context={
            "reference": claimed.reference,
            "submitted_on": submitted_on,
            "copy": copy,
            "answers": answers,
            "next_steps_text": next_steps_text,
            "next_steps_html": absolute_html(next_steps, sender.base_url) if next_steps else "",
        },
        fields={
            "reference": claimed.reference,
            "submitted_on": submitted_on,
            "answers": "\n\n".join("\n".join([question, *lines]) for question, lines in answers),
            "next_steps": next_steps_text.strip(),
        },
    )


def _resume(claimed: Claimed, form: FormDefinition, sender: Sender, link: str) -> Email:
    """A saved form's email: its one-time link, and the day it (and the saved answers) expire."""
    noun = form.noun_text()
    fields = {
        "form_noun": noun,
        "resume_url": link,
        "resume_until": format_date(claimed.resume_until.date()),
    }
    return _email(
        claimed,
        sender,
        form,
        date=claimed.created_at,
        subject=gettext("%(form)s: continue your %(noun)s", form=form.title, noun=noun),
        template="resume",
        context=fields,
        fields=fields,
    )


def _email(
    claimed: Claimed,
    sender: Sender,
    form: FormDefinition,
    *,
    date: dt.datetime,
    subject: str,
    template: str,
    context: dict,
    fields: dict[str, str],
) -> Email:
    """The Email of `template` (.txt and .html) with `context`, and Notify's `fields`; both
    have the site's name and address and the form as well."""
    context = {"site_name": sender.site_name, "base_url": sender.base_url, "form": form, **context}
    site = {"site_name": sender.site_name, "site_url": sender.base_url, "form_title": form.title}
    return Email(
        kind=claimed.kind,
        recipient=claimed.recipient,
        mail_from=sender.mail_from,
        message_id=claimed.message_id,
        domain=sender.domain,
        date=date,
        subject=subject,
        text=_environment.get_template(f"{template}.txt").render(context),
        html=_environment.get_template(f"{template}.html").render(context),
        fields={**site, **fields},
    )
