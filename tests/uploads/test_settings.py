"""The upload settings through the running app: a wrong one stops the service from starting; a
scanner and a directory, when set, are what the pages use (a fake clamd on loopback)."""

from __future__ import annotations

import pytest

from app import create_app
from app.store import dispose, get_engine
from app.store import uploads as rows
from tests.conftest import SAMPLE, service_app

from .fake_clamd import FakeClamd
from .files import EICAR, photo
from .test_pages import stored, to_the_photo, upload


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"FILE_STORAGE": "s3"}, "FILE_STORAGE must be database or directory, not 's3'"),
        (
            {"FILE_STORAGE": "directory", "FILE_DIRECTORY": ""},
            "FILE_STORAGE=directory needs FILE_DIRECTORY",
        ),
        ({"CLAMD_ADDRESS": "clamd:3310"}, "CLAMD_ADDRESS 'clamd:3310' is not tcp://host:port"),
    ],
)
def test_a_wrong_setting_stops_the_service_from_starting(settings, message):
    with pytest.raises(ValueError, match=message):
        create_app({"CONTENT_DIR": str(SAMPLE), "TESTING": True, **settings})


@pytest.fixture
def clamd(request):
    fake = FakeClamd(request.param)
    yield fake
    fake.close()


@pytest.fixture
def scanned_app(sample_site, tmp_path, clamd):
    app = service_app(
        sample_site,
        f"sqlite:///{tmp_path / 'portal.db'}",
        CLAMD_ADDRESS=clamd.address,
        CLAMD_TIMEOUT=0.5,
    )
    yield app
    dispose(app)


@pytest.mark.parametrize(
    ("clamd", "data", "message"),
    [
        ("scan", photo() + EICAR, "The selected file contains a virus"),
        ("hang", photo(), "The selected file could not be uploaded – try again"),
        ("error", photo(), "The selected file could not be uploaded – try again"),
    ],
    indirect=["clamd"],
    ids=["virus", "clamd-hangs", "clamd-error"],
)
def test_the_page_says_what_the_scanner_found_and_stores_nothing(scanned_app, clamd, data, message):
    client = scanned_app.test_client()
    to_the_photo(client)
    response = upload(client, data, "pothole.jpg")
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert clamd.received == [data]  # the file as sent, before any re-encoding
    assert stored(scanned_app) == []


@pytest.mark.parametrize("clamd", ["scan"], indirect=True)
def test_a_clean_photo_passes_the_scanner(scanned_app, clamd):
    client = scanned_app.test_client()
    to_the_photo(client)
    assert upload(client, photo(), "pothole.jpg").status_code == 303
    assert len(stored(scanned_app)) == 1 and len(clamd.received) == 1


def test_a_directory_keeps_the_pages_files(sample_site, tmp_path):
    folder = tmp_path / "files"
    app = service_app(
        sample_site,
        f"sqlite:///{tmp_path / 'portal.db'}",
        FILE_STORAGE="directory",
        FILE_DIRECTORY=str(folder),
    )
    try:
        client = app.test_client()
        to_the_photo(client)
        assert upload(client, photo(), "pothole.jpg").status_code == 303
        [(upload_id, _reference)] = stored(app)
        assert rows.read_data(get_engine(app), upload_id) is None  # not in the database
        assert [path.name for path in folder.iterdir()] == [upload_id]
    finally:
        dispose(app)
