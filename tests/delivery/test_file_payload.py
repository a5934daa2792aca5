"""A submission with a file, delivered to a real receiver on SQLite and PostgreSQL: the signed
payload carries the file's answer and the URL the agency fetches it from, never its bytes."""

from __future__ import annotations

import base64
import json

import pytest
import yaml

from app.delivery.worker import Settings, deliver_due
from app.forms.registry import load_form
from app.store import repository as repo
from app.uploads.receive import UploadSettings, receive
from app.uploads.storage import DatabaseStorage
from tests.uploads.files import png

from .conftest import ANSWERS, FORM_ID, SECRET, SECRET_ENV, utc, write_content

T0 = utc(2026, 6, 15, 12, 0)
BASE_URL = "https://www.gov.nm.example"


@pytest.fixture
def content(tmp_path, receiver):
    """The fallen-tree form, with a photo question."""
    folder = write_content(tmp_path / "content", receiver.url)
    path = folder / "forms" / f"{FORM_ID}.yaml"
    form = yaml.safe_load(path.read_text(encoding="utf-8"))
    form["pages"].append(
        {"id": "photo", "question": "Upload a photo", "type": "file", "optional": True}
    )
    path.write_text(yaml.safe_dump(form), encoding="utf-8")
    return folder


def test_the_payload_gives_the_files_url_not_its_bytes(engine, form, receiver):
    picture = png((40, 40))
    stored = receive(
        engine, UploadSettings(DatabaseStorage()), form, form.page("photo"), "tree.png", picture, T0
    )
    made = repo.submit(engine, None, form, {**ANSWERS, "photo": stored.answer()}, now=T0)
    settings = Settings(
        load_form=load_form, environ={SECRET_ENV: SECRET}, allow_loopback=True, base_url=BASE_URL
    )
    assert deliver_due(engine, settings, now=T0).sent == 1
    [delivered] = receiver.delivered
    assert delivered.payload["data"]["answers"]["photo"] == {
        "id": stored.id,
        "filename": "tree.png",
        "content_type": "image/png",
        "size": len(picture),
        "url": f"{BASE_URL}/api/v1/submissions/{made.reference}/files/{stored.id}",
    }
    body = json.dumps(delivered.payload)
    assert base64.b64encode(picture).decode()[:40] not in body and len(body) < 1000
    # the stored answer is unchanged: the URL is made when the payload is
    assert "url" not in repo.get_submission(engine, made.reference).answers["photo"]
