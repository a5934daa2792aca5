"""One file from its bytes to a stored upload (app/uploads/receive.py), on SQLite and PostgreSQL:
the refusals in GOV.UK's words with nothing stored, metadata stripped from photos, the scanner,
both storages, and the upload's life: attached by its submission, gone with it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import sqlalchemy as sa
from PIL import Image

from app.store import repository as store
from app.store import uploads as rows
from app.store.tables import uploads
from app.uploads.kinds import KINDS
from app.uploads.receive import Refused, UploadSettings, receive, safe_filename
from app.uploads.scanner import Clamd
from app.uploads.storage import DatabaseStorage, DirectoryStorage
from tests.forms.helpers import form as make_form

from .fake_clamd import FakeClamd
from .files import EICAR, EXE, GPS_IFD, PDF, photo, png

NOW = dt.datetime(2026, 6, 15, 9, 30, tzinfo=dt.UTC)
FORM = make_form(
    {"id": "name", "question": "Name?", "type": "text"},
    {
        "id": "evidence",
        "question": "Upload your evidence",
        "type": "file",
        "max_size_mb": 0.5,
        "accept": ["pdf", "jpg", "png"],
    },
    {
        "id": "photo",
        "question": "Upload a photo",
        "type": "file",
        "optional": True,
        "accept": ["jpg", "png"],
        "strip_metadata": True,
    },
)
EVIDENCE, PHOTO = FORM.page("evidence"), FORM.page("photo")


def stored_count(engine) -> int:
    with engine.connect() as c:
        return c.execute(sa.select(sa.func.count()).select_from(uploads)).scalar()


def take(engine, page, data, name="file.pdf", settings=None):
    return receive(
        engine, settings or UploadSettings(DatabaseStorage()), FORM, page, name, data, NOW
    )


@pytest.mark.parametrize(
    ("page", "data", "message"),
    [
        (EVIDENCE, b"", "The selected file is empty"),
        (EVIDENCE, PDF + b"\0" * (512 * 1024), "The selected file must be smaller than 0.5MB"),
        (EVIDENCE, EXE, "The selected file must be a PDF, JPG or PNG"),  # renamed .exe
        (EVIDENCE, b"name,address\nAda,1 High St\n", "The selected file must be a PDF, JPG or PNG"),
        (PHOTO, PDF, "The selected file must be a JPG or PNG"),
        (PHOTO, b"\xff\xd8\xff\xe0" + b"\0" * 100, "The selected file must be a JPG or PNG"),
    ],
    ids=["empty", "too-large", "renamed-exe", "csv", "pdf-not-accepted", "broken-jpg"],
)
def test_refused_files_say_why_and_store_nothing(engine, page, data, message):
    with pytest.raises(Refused) as refused:
        take(engine, page, data, name="evidence.pdf")
    assert refused.value.message == message
    assert stored_count(engine) == 0


def test_a_file_is_its_content_not_its_name(engine):
    stored = take(engine, EVIDENCE, PDF, name="scan.png")  # a PDF, named as a PNG
    assert (stored.content_type, stored.filename) == ("application/pdf", "scan.pdf")
    assert rows.read_data(engine, stored.id) == PDF
    assert stored.expires_at == NOW + dt.timedelta(hours=24)
    assert stored.answer() == {
        "id": stored.id,
        "filename": "scan.pdf",
        "content_type": "application/pdf",
        "size": len(PDF),
    }


def test_photos_lose_their_metadata_where_the_question_says_so(engine):
    original = photo()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # it had a position
    stored = take(engine, PHOTO, original, name="IMG_0001.JPG")
    kept = rows.read_data(engine, stored.id)
    image = Image.open(io.BytesIO(kept))
    assert image.format == "JPEG" and not image.getexif()  # no GPS, camera or orientation
    assert image.size == (48, 64)  # turned upright first, as its orientation said
    assert (stored.filename, stored.size) == ("IMG_0001.JPG", len(kept))
    # where the question does not ask, the file is kept as sent
    assert rows.read_data(engine, take(engine, EVIDENCE, original).id) == original


def test_a_png_is_re_encoded_too(engine):
    stored = take(engine, PHOTO, png(), name="map.png")
    assert Image.open(io.BytesIO(rows.read_data(engine, stored.id))).format == "PNG"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("C:\\Users\\ada\\pothole.jpeg", "pothole.jpeg"),
        ("../../etc/passwd", "passwd.pdf"),
        ("report.exe.pdf", "report.exe.pdf"),
        ("\x00\x1b[31mplan\x07.pdf", "[31mplan.pdf"),
    ],
)
def test_file_names_keep_no_path_or_control_characters(given, expected):
    kind = KINDS["jpg"] if given.endswith("jpeg") else KINDS["pdf"]
    assert safe_filename(given, kind) == expected


def test_the_scanner_refuses_a_virus_and_a_failed_scan(engine):
    clamd = FakeClamd()
    try:
        scanned = UploadSettings(DatabaseStorage(), Clamd(clamd.address))
        infected = PDF + EICAR
        with pytest.raises(Refused, match="^The selected file contains a virus$"):
            take(engine, EVIDENCE, infected, settings=scanned)
        assert take(engine, EVIDENCE, PDF, settings=scanned).size == len(PDF)
        assert clamd.received == [infected, PDF]
    finally:
        clamd.close()
    hanging = FakeClamd("hang")
    try:
        slow = UploadSettings(DatabaseStorage(), Clamd(hanging.address, timeout=0.3))
        with pytest.raises(Refused, match="could not be uploaded – try again"):
            take(engine, EVIDENCE, PDF, settings=slow)
    finally:
        hanging.close()
    assert stored_count(engine) == 1  # the clean one only


def submit_with(engine, stored) -> store.Submission:
    answers = {"name": "Ada", "evidence": stored.answer()}
    return store.submit(engine, None, FORM, answers, now=NOW)


def test_a_submission_takes_its_files_and_they_go_with_it(engine):
    stored = take(engine, EVIDENCE, PDF)
    unused = take(engine, EVIDENCE, PDF)
    made = submit_with(engine, stored)
    attached = rows.files_of(engine, made.reference)
    assert [f.id for f in attached] == [stored.id]
    assert attached[0].expires_at is None
    # past the lifetime, the unused upload goes; the submitted one stays
    later = NOW + dt.timedelta(hours=25)
    assert rows.purge_unattached(engine, later) == [unused.id]
    assert rows.get_upload(engine, stored.id) is not None
    # erased, the submission takes its file with it
    assert store.delete_submission(engine, made.reference)
    assert rows.get_upload(engine, stored.id) is None and stored_count(engine) == 0


def test_files_go_when_their_submission_passes_retention(engine):
    made = submit_with(engine, take(engine, EVIDENCE, PDF))
    assert store.purge_submissions(engine, made.retention_until) == 1
    assert stored_count(engine) == 0


def test_a_directory_keeps_the_bytes_and_the_sweep_deletes_orphans(engine, tmp_path):
    directory = DirectoryStorage(tmp_path / "uploads")
    settings = UploadSettings(directory)
    kept = take(engine, EVIDENCE, PDF, settings=settings)
    gone = take(engine, EVIDENCE, PDF + b"%", settings=settings)
    assert rows.read_data(engine, kept.id) is None  # not in the row
    assert directory.read(engine, kept.id) == PDF
    assert (tmp_path / "uploads" / kept.id).stat().st_mode & 0o777 == 0o600
    made = submit_with(engine, kept)
    rows.purge_unattached(engine, NOW + dt.timedelta(days=2))
    assert directory.sweep(engine) == 1
    assert directory.read(engine, gone.id) is None and directory.read(engine, kept.id) == PDF
    store.delete_submission(engine, made.reference)
    assert directory.sweep(engine) == 1
    assert list((tmp_path / "uploads").iterdir()) == []
