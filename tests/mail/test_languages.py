"""Emails in the citizen's language: a form filled in in Welsh queues its emails with the language,
and the worker (outside any request, in the site's default language) writes them in Welsh, the
form's text and the interface's alike; the SMTP server on loopback reads what arrived."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from app.forms.registry import load_form
from app.i18n import in_language
from app.mail.cli import settings_for
from app.mail.worker import send_due
from app.store import get_engine, saved
from app.store import repository as repo
from app.store.tables import emails

from .conftest import FORM_ID, write_content
from .test_web import post_page

WELSH = {
    "cy": {
        "title": "Rhoi gwybod am goeden sydd wedi cwympo",
        "confirmation": "Byddwn yn clirio'r ffordd o fewn **4 awr**.",
        "pages": {
            "where": {"question": "Ble mae'r goeden?"},
            "blocking": {"question": "Ydy hi'n rhwystro'r ffordd?"},
            "email": {"question": "Beth yw eich cyfeiriad e-bost?"},
        },
    }
}
BASE = f"/cy/forms/{FORM_ID}"


@pytest.fixture
def content(tmp_path):
    return write_content(tmp_path / "content", translations=WELSH)


def test_the_confirmation_email_is_written_in_the_language_the_form_was_filled_in(app, smtp_server):
    client = app.test_client()
    url = client.get(BASE).headers["Location"]
    assert url == f"{BASE}/where"
    for data in ({"where": "Stryd Fawr"}, {"blocking": "yes"}, {"email": "ada@example.com"}):
        response = post_page(client, url, data)
        assert response.status_code == 303
        url = response.headers["Location"]
    assert url == f"{BASE}/check-answers"
    assert post_page(client, url, {}).headers["Location"] == f"{BASE}/confirmation"
    with get_engine(app).connect() as c:
        assert c.execute(sa.select(emails.c.language)).scalars().all() == ["cy"]

    assert send_due(get_engine(app), settings_for(app)).sent == 1
    [message] = smtp_server.messages
    assert message["Subject"].startswith(
        "Rhoi gwybod am goeden sydd wedi cwympo: rydym wedi cael eich ffurflen, cyfeirnod "
    )
    text = message.get_body(("plain",)).get_content()
    assert "Beth sy’n digwydd nesaf\r\n\r\nByddwn yn clirio'r ffordd o fewn **4 awr**." in text
    html = message.get_body(("html",)).get_content()
    assert 'lang="cy"' in html and "Rhoi gwybod am goeden sydd wedi cwympo" in html


def test_a_welsh_resume_email_links_to_the_welsh_pages_on_every_try(app, smtp_server):
    engine = get_engine(app)
    with in_language("cy"):
        form = load_form(FORM_ID)
    kept = repo.create_draft(engine, form, {"where": "Stryd Fawr"})
    link = saved.LinkRequest("ada@example.com", app.config["SECRET_KEY"], language="cy")
    saved.save_for_later(
        engine, kept.id, form.id, dt.timedelta(days=28), with_code=False, link=link
    )
    smtp_server.mailbox.refuse_message = "451 4.3.0 Try again later"
    assert send_due(engine, settings_for(app)).sent == 0  # refused: retried later
    smtp_server.mailbox.refuse_message = None
    later = repo.utcnow() + dt.timedelta(hours=2)
    assert send_due(engine, settings_for(app), now=later).sent == 1
    [message] = smtp_server.messages
    assert message["Subject"] == "Rhoi gwybod am goeden sydd wedi cwympo: parhau â’ch cais"
    text = message.get_body(("plain",)).get_content()
    assert "https://www.gov.nm.example/cy/forms/resume/" in text
