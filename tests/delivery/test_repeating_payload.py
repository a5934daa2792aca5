"""A submission with repeating answers reaches the agency's webhook as it was stored: the group's
entries as a list of objects, in the signed payload (on SQLite and PostgreSQL); a file in an entry
with the URL the agency fetches it from, never its bytes."""

from __future__ import annotations

import shutil

import pytest
import yaml

from app import create_app
from app.delivery.worker import Settings, deliver_due
from app.forms.registry import load_form
from app.store import dispose, get_engine
from app.store import repository as repo
from app.uploads.receive import UploadSettings, receive
from app.uploads.storage import DatabaseStorage
from tests.conftest import SAMPLE
from tests.uploads.files import png

from .conftest import SECRET, SECRET_ENV, utc

FORM_ID = "report-fallen-trees"
TREES = [
    {"where": "Outside 14 Mill Lane", "blocking": "yes"},
    {"where": "By the church, Ely", "blocking": "no"},
]


@pytest.fixture
def app(database_url, tmp_path, receiver):
    folder = tmp_path / "content"
    (folder / "forms").mkdir(parents=True)
    shutil.copy(SAMPLE / "site.yaml", folder / "site.yaml")
    form = {
        "id": FORM_ID,
        "title": "Report fallen trees",
        "organisation": "highways-agency",
        "version": 1,
        "retention_days": 30,
        "pages": [
            {
                "id": "trees",
                "repeat": {"noun": "tree", "max": 5},
                "pages": [
                    {"id": "where", "question": "Where is the tree?", "type": "text"},
                    {"id": "blocking", "question": "Is it blocking the road?", "type": "yes-no"},
                    {
                        "id": "photo",
                        "question": "Upload a photo of the tree",
                        "type": "file",
                        "optional": True,
                    },
                ],
            }
        ],
        "delivery": {"webhook": receiver.url, "secret_env": SECRET_ENV},
    }
    (folder / "forms" / f"{FORM_ID}.yaml").write_text(yaml.safe_dump(form), encoding="utf-8")
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "CONTENT_DIR": str(folder),
            "DIST_DIR": str(tmp_path / "dist"),
            "TESTING": True,
            "DELIVERY_ALLOW_LOOPBACK": True,
        }
    )
    with app.app_context():
        yield app
    dispose(app)


def test_the_payload_carries_the_entries_as_a_list(app, receiver):
    engine, now = get_engine(app), utc(2026, 6, 15, 12, 0)
    form = load_form(FORM_ID)
    made = repo.submit(engine, None, form, {"trees": TREES}, now=now)
    settings = Settings(load_form=load_form, environ={SECRET_ENV: SECRET}, allow_loopback=True)
    assert deliver_due(engine, settings, now=now).sent == 1
    (received,) = receiver.delivered
    assert received.payload["data"]["reference"] == made.reference
    assert received.payload["data"]["answers"] == {"trees": TREES}


def test_a_file_in_an_entry_is_given_with_its_url(app, receiver):
    engine, now = get_engine(app), utc(2026, 6, 15, 12, 0)
    form = load_form(FORM_ID)
    picture = png((30, 30))
    photo_page = form.question("photo")
    stored = receive(
        engine, UploadSettings(DatabaseStorage()), form, photo_page, "oak.png", picture, now
    )
    trees = [TREES[0], {**TREES[1], "photo": stored.answer()}]
    made = repo.submit(engine, None, form, {"trees": trees}, now=now)
    settings = Settings(
        load_form=load_form,
        environ={SECRET_ENV: SECRET},
        allow_loopback=True,
        base_url="https://www.gov.nm.example",
    )
    assert deliver_due(engine, settings, now=now).sent == 1
    (received,) = receiver.delivered
    first, second = received.payload["data"]["answers"]["trees"]
    assert first == TREES[0]
    assert second["photo"] == {
        **stored.answer(),
        "url": f"https://www.gov.nm.example/api/v1/submissions/{made.reference}/files/{stored.id}",
    }
    assert "url" not in repo.get_submission(engine, made.reference).answers["trees"][1]["photo"]
