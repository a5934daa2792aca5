"""The migrations make the tables on a database that has nothing yet, and change nothing on one
that has them."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import sqlalchemy as sa
from alembic.script import ScriptDirectory

from app.agency.keys import create_key
from app.mail import outbox as mail_outbox
from app.mail.outbox import MailRequest
from app.outbox.queue import Outcome
from app.store import feedback, init_db, saved, uploads
from app.store import repository as repo
from app.store.engine import make_engine
from app.store.migrate import alembic_config, upgrade
from app.store.tables import deliveries, delivery_attempts, metadata, submissions
from tests.conftest import ROOT
from tests.forms.helpers import form as make_form

NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)


def test_migrations_create_the_tables_on_an_empty_database(empty_database_url):
    engine = init_db(empty_database_url)
    try:
        inspector = sa.inspect(engine)
        assert set(metadata.tables) | {"alembic_version"} == set(inspector.get_table_names())
        for table in metadata.tables.values():
            columns = {column["name"] for column in inspector.get_columns(table.name)}
            assert columns == set(table.c.keys()), table.name
        unique = inspector.get_unique_constraints("submissions")
        assert any(constraint["column_names"] == ["draft_id"] for constraint in unique)
        with engine.connect() as connection:
            assert (
                connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
                == ScriptDirectory.from_config(alembic_config()).get_current_head()
            )
    finally:
        engine.dispose()


def test_the_migrations_match_the_tables_the_code_declares(empty_database_url):
    """Alembic's own comparison: a column, index, key or constraint in tables.py that no
    migration makes (or the other way round) is a difference."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = init_db(empty_database_url)
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), metadata)
        assert differences == []
    finally:
        engine.dispose()


def _schema(engine) -> dict:
    """Everything reflection tells about every table: columns with their types, nullability
    and defaults, the primary key, foreign keys, indexes and unique constraints."""
    inspector = sa.inspect(engine)
    return {
        name: {
            "columns": [
                (c["name"], str(c["type"]), c["nullable"], c.get("default"))
                for c in inspector.get_columns(name)
            ],
            "primary key": inspector.get_pk_constraint(name),
            "foreign keys": inspector.get_foreign_keys(name),
            "indexes": sorted(inspector.get_indexes(name), key=lambda index: index["name"]),
            "unique": sorted(inspector.get_unique_constraints(name), key=lambda u: u["name"] or ""),
        }
        for name in sorted(inspector.get_table_names())
    }


def _rows(engine) -> dict[str, list[dict]]:
    """Every row of every table the database holds (alembic_version too), by primary key."""
    reflected = sa.MetaData()
    reflected.reflect(engine)
    with engine.connect() as connection:
        return {
            name: [
                dict(row)
                for row in connection.execute(
                    sa.select(table).order_by(*table.primary_key.columns)
                ).mappings()
            ]
            for name, table in reflected.tables.items()
        }


def _store_one_of_everything(engine) -> None:
    """A draft saved for later (with a resume link and its email), a web submission (with its
    deletion code and a copy of its answers to email, with an attempt), an API submission with
    its Idempotency-Key and delivery outbox row and a delivery attempt, a submission with an
    uploaded file, an agency key and an answer to "Is this page useful?"."""
    question = {"id": "name", "question": "What is your name?", "type": "text"}
    plain = make_form(question, retention_days=30)
    delivered = make_form(
        question,
        id="delivered-form",
        retention_days=30,
        delivery={"webhook": "https://agency.example/hooks/portal", "secret_env": "AGENCY_SECRET"},
    )
    kept = repo.create_draft(engine, plain, {"name": "Ada"}, now=NOW)
    # saved for later, with a resume link whose email is in the outbox
    link = saved.LinkRequest("ada@example.com", "not-secret")
    saved.save_for_later(
        engine, kept.id, plain.id, dt.timedelta(days=28), with_code=True, link=link, now=NOW
    )
    draft = repo.create_draft(engine, plain, {"name": "Bob"}, now=NOW)
    sent = repo.submit_draft(
        engine, draft.id, plain, now=NOW, mail=MailRequest(copy_to="bob@example.com")
    )
    claimed = mail_outbox.QUEUE.claim_next(engine, NOW)
    assert claimed is not None and claimed.kind == mail_outbox.RESUME
    claimed = mail_outbox.QUEUE.claim_next(engine, NOW)
    assert claimed is not None and claimed.reference == sent.submission.reference
    mail_outbox.QUEUE.record_attempt(engine, claimed, Outcome(451, "451 try again", 80), NOW)
    made = repo.submit(
        engine,
        None,
        delivered,
        {"name": "Cy"},
        now=NOW,
        idempotency=repo.Idempotency("request-1", "a" * 64),
    )
    with engine.begin() as connection:
        delivery_id = connection.execute(
            sa.select(deliveries.c.id).where(deliveries.c.reference == made.reference)
        ).scalar_one()
        connection.execute(
            delivery_attempts.insert(),
            {
                "delivery_id": delivery_id,
                "started_at": NOW,
                "attempted_at": NOW,
                "status_code": 503,
                "error": "Service Unavailable",
                "duration_ms": 120,
            },
        )
    # a submission with a file, its bytes in the uploads table
    photo = {"id": "photo", "question": "Upload a photo", "type": "file", "optional": True}
    with_file = make_form(question, photo, id="file-form", retention_days=30)
    upload = uploads.StoredFile(
        id=uploads.new_upload_id(),
        form_id="file-form",
        page_id="photo",
        filename="letter.pdf",
        content_type="application/pdf",
        size=5,
        sha256="0" * 64,
        created_at=NOW,
        expires_at=NOW + dt.timedelta(days=1),
    )
    uploads.add_upload(engine, upload, b"%PDF-")
    repo.submit(engine, None, with_file, {"name": "Di", "photo": upload.answer()}, now=NOW)
    create_key(engine, "roads-agency", "Case system", now=NOW)
    feedback.record(engine, "/road-rules", False, NOW)
    feedback.record_problem(engine, "/road-rules", "Looking for the speed limit", "Not there", NOW)
    feedback.record_site_feedback(engine, "Easy to find", None, NOW)


def test_upgrading_again_keeps_every_row_and_the_schema(database_url):
    """Every worker runs the migrations when it starts: on a database in use that must change
    nothing, whatever revisions there are."""
    engine = init_db(database_url)
    try:
        _store_one_of_everything(engine)
        rows, schema = _rows(engine), _schema(engine)
        assert all(rows[name] for name in metadata.tables), rows  # something in every table
    finally:
        engine.dispose()
    engine = init_db(database_url)
    try:
        assert _rows(engine) == rows
        assert _schema(engine) == schema
        # the id sequences carried on too: the next answer is stored beside the first
        feedback.record(engine, "/road-rules", True, NOW)
        assert [row["useful"] for row in _rows(engine)["page_feedback"]] == [False, True]
    finally:
        engine.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    engine = init_db(f"sqlite:///{tmp_path / 'new' / 'folder' / 'portal.db'}")
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert (tmp_path / "new" / "folder" / "portal.db").is_file()
    finally:
        engine.dispose()


def test_workers_opening_a_new_database_at_once_all_succeed(empty_database_url):
    """gunicorn's workers each migrate on first use, at the same moment: one makes the tables,
    the others wait for it and find nothing to do."""
    import subprocess
    import sys

    # Each worker imports first and says so, then waits for the word to go, so that all of
    # them open the database at the same moment.
    opener = (
        "import sys; from app.store import init_db; print('ready', flush=True); "
        "sys.stdin.readline(); init_db(sys.argv[1]).dispose()"
    )
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", opener, empty_database_url],
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(3)
    ]
    for worker in workers:
        assert worker.stdout.readline() == "ready\n"
    for worker in workers:
        worker.stdin.write("go\n")
        worker.stdin.flush()
    failures = [
        (worker.returncode, error)
        for worker in workers
        for _, error in [worker.communicate(timeout=60)]
        if worker.returncode != 0
    ]
    assert failures == []
    engine = init_db(empty_database_url)
    try:
        with engine.connect() as connection:
            assert (
                connection.execute(sa.text("SELECT count(*) FROM alembic_version")).scalar_one()
                == 1
            )
    finally:
        engine.dispose()


def test_attempts_recorded_before_0004_get_their_start_and_their_end(empty_database_url):
    """Until 0004 `attempted_at` held when an attempt began; the migration moves that to
    `started_at` and makes `attempted_at` the end: the start plus the attempt's duration."""
    began = dt.datetime(2026, 6, 15, 12, 0, 0, 250000, tzinfo=dt.UTC)
    later = began + dt.timedelta(minutes=1)
    engine = make_engine(empty_database_url)
    try:
        upgrade(engine, "0003")
        with engine.begin() as connection:  # only the columns 0003 has
            connection.execute(
                submissions.insert().values(
                    reference="ABCD2345",
                    form_id="f",
                    form_version=1,
                    answers={},
                    created_at=began,
                    retention_until=began,
                )
            )
            connection.execute(
                deliveries.insert().values(
                    id=1,
                    reference="ABCD2345",
                    form_id="f",
                    message_id="msg_1",
                    status="pending",
                    attempts=2,
                    created_at=began,
                    updated_at=began,
                )
            )
            connection.execute(
                delivery_attempts.insert(),
                [
                    dict(delivery_id=1, attempted_at=began, status_code=503, duration_ms=1500),
                    dict(delivery_id=1, attempted_at=later, status_code=None, duration_ms=0),
                ],
            )
        upgrade(engine)
        with engine.connect() as connection:
            rows = connection.execute(
                sa.select(
                    delivery_attempts.c.started_at, delivery_attempts.c.attempted_at
                ).order_by(delivery_attempts.c.id)
            ).all()
        assert rows == [(began, began + dt.timedelta(milliseconds=1500)), (later, later)]
    finally:
        engine.dispose()


def test_a_command_that_migrates_prints_only_its_own_output(tmp_path):
    """`flask deliver` logs at INFO (it is a worker); Alembic's lines about its context and each
    revision it runs, on the first use of the database and every later one, are not its output."""
    env = {**os.environ, "PORTAL_DATABASE_URL": f"sqlite:///{tmp_path / 'portal.db'}"}
    for _first_then_migrated in range(2):
        run = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "app", "deliver", "--once"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert run.returncode == 0, run.stderr
        assert (run.stdout, run.stderr) == ("Delivered 0, 0 to be retried, 0 given up.\n", "")
