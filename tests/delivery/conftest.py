"""A real receiver on loopback that verifies every delivery the way an agency would (with
standardwebhooks' Webhook.verify), a content folder whose form delivers to it, and the app on each
test database (SQLite and PostgreSQL, through the top-level `database_url` fixture)."""

from __future__ import annotations

import base64
import datetime as dt
import shutil
import threading
from dataclasses import dataclass
from typing import Any

import pytest
import yaml
from pytest_httpserver import HTTPServer
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError
from werkzeug import Request, Response

from app import create_app
from app.delivery.worker import Settings
from app.forms.registry import load_form
from app.store import dispose, get_engine
from tests.conftest import SAMPLE

FORM_ID = "report-a-fallen-tree"
SECRET_ENV = "FALLEN_TREE_WEBHOOK_SECRET"
SECRET = "whsec_" + base64.b64encode(bytes(range(32))).decode()
HOOK_PATH = "/hooks/portal"
ANSWERS = {
    "where": "Outside 14 Mill Lane, Ely",
    "blocking": "yes",
    "email": "ada.lovelace@example.com",
}


@dataclass(frozen=True)
class Received:
    message_id: str
    timestamp: str
    payload: dict[str, Any] | None  # None: the signature did not verify
    status: int


class Receiver:
    """An agency's webhook endpoint: verifies the signature, answers with the statuses it is told
    to (`answer(500, 500)`), then 200, and keeps what it received."""

    def __init__(self, server: HTTPServer, secret: str = SECRET):
        self.server, self.verifier = server, Webhook(secret)
        self.script: list[int] = []
        self.received: list[Received] = []
        self.lock = threading.Lock()
        server.expect_request(HOOK_PATH, method="POST").respond_with_handler(self.handle)

    @property
    def url(self) -> str:
        return self.server.url_for(HOOK_PATH)

    def answer(self, *statuses: int) -> None:
        self.script.extend(statuses)

    def handle(self, request: Request) -> Response:
        headers = dict(request.headers)
        try:
            payload = self.verifier.verify(request.get_data(), headers)
        except WebhookVerificationError:
            payload = None
        with self.lock:
            status = 401 if payload is None else (self.script.pop(0) if self.script else 200)
            self.received.append(
                Received(
                    request.headers.get("webhook-id", ""),
                    request.headers.get("webhook-timestamp", ""),
                    payload,
                    status,
                )
            )
        return Response("", status=status)

    @property
    def delivered(self) -> list[Received]:
        return [r for r in self.received if 200 <= r.status < 300]

    @property
    def unverified(self) -> list[Received]:
        return [r for r in self.received if r.payload is None]


def write_content(folder, webhook: str, secret_env: str = SECRET_ENV):
    """A content folder with the sample site's settings and one form delivering to `webhook`."""
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
            {"id": "email", "question": "What is your email address?", "type": "email"},
        ],
        "delivery": {"webhook": webhook, "secret_env": secret_env},
    }
    (folder / "forms" / f"{FORM_ID}.yaml").write_text(yaml.safe_dump(form), encoding="utf-8")
    return folder


@pytest.fixture
def receiver(httpserver) -> Receiver:
    made = Receiver(httpserver)
    yield made
    httpserver.check_assertions()  # an exception in the handler fails the test


@pytest.fixture
def threaded_receiver() -> Receiver:
    """A receiver that answers requests in parallel, for several workers at once."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield Receiver(server)
    server.clear()
    server.stop()


@pytest.fixture
def content(tmp_path, receiver):
    return write_content(tmp_path / "content", receiver.url)


@pytest.fixture
def app(database_url, content, tmp_path):
    # The receivers are on loopback: the development setting lets the worker post to them.
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "CONTENT_DIR": str(content),
            "DIST_DIR": str(tmp_path / "dist"),
            "TESTING": True,
            "DELIVERY_ALLOW_LOOPBACK": True,
        }
    )
    with app.app_context():
        yield app
    dispose(app)


@pytest.fixture
def engine(app):
    return get_engine(app)


@pytest.fixture
def form(app):
    return load_form(FORM_ID)


@pytest.fixture
def settings(app) -> Settings:
    return Settings(load_form=load_form, environ={SECRET_ENV: SECRET}, allow_loopback=True)


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)
