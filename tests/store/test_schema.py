"""The migrations make the tables, on a database that has nothing yet."""

from __future__ import annotations

import sqlalchemy as sa

from app.store import init_db
from app.store.tables import metadata


def test_migrations_create_the_tables_on_an_empty_database(database_url):
    engine = init_db(database_url)
    try:
        inspector = sa.inspect(engine)
        assert set(metadata.tables) | {"alembic_version"} == set(inspector.get_table_names())
        for table in metadata.tables.values():
            columns = {column["name"] for column in inspector.get_columns(table.name)}
            assert columns == set(table.c.keys()), table.name
        unique = inspector.get_unique_constraints("submissions")
        assert any(constraint["column_names"] == ["draft_id"] for constraint in unique)
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT version_num FROM alembic_version")) \
                .scalar_one() == "0004"
    finally:
        engine.dispose()


def test_the_migrations_match_the_tables_the_code_declares(database_url):
    """Alembic's own comparison: a column, index, key or constraint in tables.py that no
    migration makes (or the other way round) is a difference."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = init_db(database_url)
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), metadata)
        assert differences == []
    finally:
        engine.dispose()


def test_upgrading_twice_changes_nothing(database_url):
    init_db(database_url).dispose()
    init_db(database_url).dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    engine = init_db(f"sqlite:///{tmp_path / 'new' / 'folder' / 'portal.db'}")
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert (tmp_path / "new" / "folder" / "portal.db").is_file()
    finally:
        engine.dispose()


def test_workers_opening_a_new_database_at_once_all_succeed(database_url):
    """gunicorn's workers each migrate on first use, at the same moment: one makes the tables,
    the others wait for it and find nothing to do."""
    import subprocess
    import sys

    # Each worker imports first and says so, then waits for the word to go, so that all of
    # them open the database at the same moment.
    opener = ("import sys; from app.store import init_db; print('ready', flush=True); "
              "sys.stdin.readline(); init_db(sys.argv[1]).dispose()")
    workers = [subprocess.Popen([sys.executable, "-c", opener, database_url], text=True,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE) for _ in range(3)]
    for worker in workers:
        assert worker.stdout.readline() == "ready\n"
    for worker in workers:
        worker.stdin.write("go\n")
        worker.stdin.flush()
    failures = [(worker.returncode, error) for worker in workers
                for _, error in [worker.communicate(timeout=60)] if worker.returncode != 0]
    assert failures == []
    engine = init_db(database_url)
    try:
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT count(*) FROM alembic_version")) \
                .scalar_one() == 1
    finally:
        engine.dispose()
