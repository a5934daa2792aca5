"""`flask forms purge` and `flask forms export`, through Flask's CLI runner, on both databases."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import yaml

from app import create_app
from app.forms.definition import FormDefinition
from app.store import EXTENSION, dispose, get_engine, uploads
from app.store import repository as repo
from tests.conftest import SAMPLE

POTHOLE = FormDefinition.model_validate(
    yaml.safe_load((SAMPLE / "forms" / "report-a-pothole.yaml").read_text(encoding="utf-8"))
)
NOW = repo.utcnow()


@pytest.fixture
def app(database_url):
    app = create_app({"DATABASE_URL": database_url, "CONTENT_DIR": str(SAMPLE)})
    yield app
    dispose(app)


def test_making_the_app_opens_no_database(tmp_path):
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'instance' / 'portal.db'}"})
    assert EXTENSION not in app.extensions
    assert not (tmp_path / "instance").exists()


def test_purge_deletes_expired_submissions_and_drafts_and_says_how_many(app):
    engine = get_engine(app)
    expired = repo.submit(engine, None, POTHOLE, {}, now=NOW - dt.timedelta(days=400))
    kept = repo.submit(engine, None, POTHOLE, {}, now=NOW)
    repo.create_draft(engine, POTHOLE, now=NOW - dt.timedelta(days=3))
    live = repo.create_draft(engine, POTHOLE, now=NOW)
    result = app.test_cli_runner().invoke(args=["forms", "purge"])
    assert result.exit_code == 0, result.output
    assert (
        result.output
        == "Deleted 1 submission past retention, 1 expired draft and 0 unused uploaded files.\n"
    )
    assert repo.get_submission(engine, expired.reference) is None
    assert repo.get_submission(engine, kept.reference) == kept
    assert repo.get_draft(engine, live.id) == live
    again = app.test_cli_runner().invoke(args=["forms", "purge"])
    assert (
        again.output
        == "Deleted 0 submissions past retention, 0 expired drafts and 0 unused uploaded files.\n"
    )


ROAD = {
    "location-type": "road",
    "road-name": '=HYPERLINK("http://x")',
    "town": "Ely",
    "postcode": None,
    "where-on-road": "Outside number 14",
    "pothole-size": "large",
    "email": "ada@example.com",
}


def _export(app, *args) -> str:
    result = app.test_cli_runner().invoke(args=["forms", "export", "report-a-pothole", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_export_writes_one_row_per_submission_and_one_column_per_page(app):
    engine = get_engine(app)
    first = repo.submit(engine, None, POTHOLE, ROAD, now=NOW - dt.timedelta(hours=2))
    second = repo.submit(
        engine,
        None,
        POTHOLE,
        {"location-type": "pavement", "extra": ["a", "b"]},
        now=NOW,
        language="cy",
    )
    rows = list(csv.reader(io.StringIO(_export(app))))
    assert rows[0] == [
        "reference",
        "submitted_at",
        "language",
        *(page.id for page in POTHOLE.pages),
        "extra",
    ]
    table = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert [row["reference"] for row in table] == [first.reference, second.reference]
    assert dt.datetime.fromisoformat(table[0]["submitted_at"]) == first.created_at.replace(
        microsecond=0
    )
    assert table[0]["town"] == "Ely" and table[0]["postcode"] == ""
    assert table[0]["road-name"] == '\'=HYPERLINK("http://x")'  # never run as a formula
    assert table[1]["location-type"] == "pavement" and table[1]["extra"] == "a; b"
    assert [row["language"] for row in table] == ["", "cy"]  # none recorded: left empty


def test_export_names_a_file_and_purge_deletes_unused_uploads(app):
    engine = get_engine(app)
    kept, unused = (
        uploads.StoredFile(
            id=uploads.new_upload_id(),
            form_id=POTHOLE.id,
            page_id="photo",
            filename="=pothole.jpg",
            content_type="image/jpeg",
            size=3,
            sha256="0" * 64,
            created_at=NOW - dt.timedelta(days=2),
            expires_at=NOW - dt.timedelta(days=1),
        )
        for _ in range(2)
    )
    for upload in (kept, unused):
        uploads.add_upload(engine, upload, b"\xff\xd8\xff")
    repo.submit(engine, None, POTHOLE, {**ROAD, "photo": kept.answer()}, now=NOW)
    rows = list(csv.reader(io.StringIO(_export(app))))
    photo = rows[1][rows[0].index("photo")]
    assert photo == f"'=pothole.jpg ({kept.id})"  # its name and id, never run as a formula
    result = app.test_cli_runner().invoke(args=["forms", "purge"])
    assert result.output.endswith("and 1 unused uploaded file.\n"), result.output
    assert uploads.get_upload(engine, unused.id) is None
    assert uploads.get_upload(engine, kept.id).reference is not None


def test_export_writes_to_a_file_with_output(app, tmp_path):
    repo.submit(get_engine(app), None, POTHOLE, ROAD, now=NOW)
    out = tmp_path / "pothole.csv"
    assert _export(app, "--output", str(out)) == ""
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1 and rows[0]["town"] == "Ely"


def test_export_of_an_unknown_form_fails_clearly(app):
    result = app.test_cli_runner().invoke(args=["forms", "export", "no-such-form"])
    assert result.exit_code == 1
    assert "no form `no-such-form`" in result.output


# OWASP's list: a cell starting with any of these is read as a formula by some spreadsheet program.
LIVE = {
    "location-type": "+1-555-0100",
    "road-name": "-2+3+cmd|' /C calc'!A0",
    "town": "@SUM(1+1)*cmd|' /C calc'!A0",
    "postcode": "=1+1",
    "where-on-road": "\tOutside 14",
    "pothole-size": "\rlarge",
    "-extra": "-1",
}


def test_export_neutralises_every_cell_that_a_spreadsheet_would_run_as_a_formula(app):
    made = repo.submit(get_engine(app), None, POTHOLE, LIVE, now=NOW)
    header, row = list(csv.reader(io.StringIO(_export(app), newline="")))
    assert header[-1] == "'-extra"  # headers too: page ids of answers the form no longer has
    cells = dict(zip(header, row, strict=True))
    assert cells["reference"] == made.reference
    for page_id, answer in LIVE.items():
        assert cells.get(page_id, cells.get("'" + page_id)) == "'" + answer
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in header + row)


GRANT = FormDefinition.model_validate(
    yaml.safe_load(
        (SAMPLE / "forms" / "apply-for-a-household-support-grant.yaml").read_text(encoding="utf-8")
    )
)


def test_export_gives_each_entry_of_a_repeating_group_its_own_columns(app):
    person = {"member-name": "Ada", "member-date-of-birth": "1985-12-10", "member-works": "no"}
    engine = get_engine(app)
    two = repo.submit(
        engine, None, GRANT, {"household": [person, {**person, "member-name": "=Byron"}]}, now=NOW
    )
    one = repo.submit(engine, None, GRANT, {"household": [person]}, now=NOW)
    result = app.test_cli_runner().invoke(
        args=["forms", "export", "apply-for-a-household-support-grant"]
    )
    assert result.exit_code == 0, result.output
    header, *rows = list(csv.reader(io.StringIO(result.output)))
    entry = ["member-name", "member-date-of-birth", "member-works", "member-proof"]
    at = header.index("household.1.member-name")
    assert header[at : at + 8] == [f"household.{n}.{q}" for n in (1, 2) for q in entry]
    assert header[at - 1] == "address" and header[at + 8] == "monthly-earnings"
    table = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert table[two.reference]["household.2.member-name"] == "'=Byron"  # never a formula
    assert table[two.reference]["household.1.member-date-of-birth"] == "1985-12-10"
    assert table[one.reference]["household.2.member-name"] == ""


def test_an_entrys_file_is_exported_in_its_column_and_purged_with_its_submission(app):
    """A file in a repeating group's entry: `household.2.member-proof` names it as any file
    column does; the submission past its retention takes it with it, as it takes any file."""
    engine = get_engine(app)
    proof = uploads.StoredFile(
        id=uploads.new_upload_id(),
        form_id=GRANT.id,
        page_id="member-proof",
        filename="passport.pdf",
        content_type="application/pdf",
        size=4,
        sha256="0" * 64,
        created_at=NOW - dt.timedelta(days=800),
        expires_at=NOW - dt.timedelta(days=799),
    )
    uploads.add_upload(engine, proof, b"%PDF")
    person = {"member-name": "Ada", "member-date-of-birth": "1985-12-10", "member-works": "no"}
    household = [person, {**person, "member-proof": proof.answer()}]
    made = repo.submit(
        engine, None, GRANT, {"household": household}, now=NOW - dt.timedelta(days=800)
    )
    assert uploads.get_upload(engine, proof.id).reference == made.reference  # attached
    exported = app.test_cli_runner().invoke(
        args=["forms", "export", "apply-for-a-household-support-grant"]
    )
    rows = list(csv.reader(io.StringIO(exported.output)))
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert cells["household.2.member-proof"] == f"passport.pdf ({proof.id})"
    assert cells["household.1.member-proof"] == ""
    result = app.test_cli_runner().invoke(args=["forms", "purge"])
    assert result.output.startswith("Deleted 1 submission past retention"), result.output
    assert repo.get_submission(engine, made.reference) is None
    assert uploads.get_upload(engine, proof.id) is None
