"""The app on each test database (SQLite and PostgreSQL, through the top-level `database_url`
fixture) with a content folder whose form asks for an email address, and a real SMTP server on
loopback (aiosmtpd) that the mail worker sends to."""

from __future__ import annotations

import datetime as dt
import functools
import shutil

import pytest
import yaml

from app import create_app
from app.forms.registry import load_form
from app.mail import smtp
from app.mail.compose import Sender
from app.mail.worker import Settings
from app.store import dispose, get_engine
from tests.conftest import SAMPLE

from .smtp_servers import HOST, SmtpServer

FORM_ID = "report-a-fallen-tree"
MAIL_FROM = "GOV.NM <no-reply@gov.nm.example>"
ANSWERS = {
    "where": "Outside 14 Mill Lane, Ely",
    "blocking": "yes",
    "email": "ada.lovelace@example.com",
}
T0 = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)


def write_content(folder, **form_fields):
    """A content folder with the sample site's settings and one form asking for an email."""
    (folder / "forms").mkdir(parents=True)
    shutil.copy(SAMPLE / "site.yaml", folder / "site.yaml")
    form = {
        "id": FORM_ID,
        "title": "Report a fallen tree",
        "organisation": "highways-agency",
        "version": 3,
        "retention_days": 30,
        "pages": [
            {"id": "where", "question": "Where is the tree?", "type": "text"},
            {"id": "blocking", "question": "Is it blocking the road?", "type": "yes-no"},
            {
                "id": "email",
                "question": "What is your email address?",
                "type": "email",
                "optional": True,
            },
        ],
        "confirmation": "We will clear the road within **4 hours**.",
        **form_fields,
    }
    (folder / "forms" / f"{FORM_ID}.yaml").write_text(yaml.safe_dump(form), encoding="utf-8")
    return folder


@pytest.fixture
def smtp_server():
    server = SmtpServer()
    yield server
    server.stop()


@pytest.fixture
def content(tmp_path):
    return write_content(tmp_path / "content")


def make_app(database_url, content, tmp_path, **settings):
    return create_app(
        {
            "DATABASE_URL": database_url,
            "CONTENT_DIR": str(content),
            "DIST_DIR": str(tmp_path / "dist"),
            "SEARCH_INDEX_DIR": str(tmp_path / "index"),
            "TESTING": True,
            "MAIL_FROM": MAIL_FROM,
            "SMTP_HOST": HOST,
            "SMTP_SECURITY": "none",
            **settings,
        }
    )


@pytest.fixture
def app(database_url, content, tmp_path, smtp_server):
    app = make_app(database_url, content, tmp_path, SMTP_PORT=smtp_server.port)
    with app.app_context():
        yield app
    dispose(app)


@pytest.fixture
def engine(app):
    return get_engine(app)


@pytest.fixture
def form(app):
    return load_form(FORM_ID)


def worker_settings(port: int, **smtp_settings) -> Settings:
    transport = smtp.SmtpSettings(
        host=HOST, port=port, security=smtp_settings.pop("security", "none"), **smtp_settings
    )
    return Settings(
        load_form=load_form,
        sender=Sender(MAIL_FROM, "GOV.NM", "https://www.gov.nm.example"),
        transport=functools.partial(smtp.send_email, transport),
    )


@pytest.fixture
def settings(app, smtp_server) -> Settings:
    return worker_settings(smtp_server.port, timeout=5)
