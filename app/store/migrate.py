"""Run the Alembic migrations from code: `upgrade(engine)` brings a database to the newest
revision.

Every gunicorn worker opens the database on first use and so runs `upgrade` itself, often at the
same moment as the others. Each would read the revision, find it old, and make the same tables:
all but one would fail. So the whole upgrade holds a lock across processes (a PostgreSQL advisory
lock, or an exclusive lock on a file beside an SQLite database) and, within a process, a thread
lock, because Alembic keeps its running context in module globals.
"""

from __future__ import annotations

import fcntl
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Alembic logs its context and every revision it runs at INFO, and the plugins it sets up when it
# is imported. Every process runs `upgrade` on first opening the database, so wherever logging is
# at INFO (`flask deliver`, the workers) those lines would come with each command's output; its
# warnings still show. Set before the import, which logs.
logging.getLogger("alembic").setLevel(logging.WARNING)

from alembic import command  # noqa: E402
from alembic.config import Config  # noqa: E402
from sqlalchemy.engine import Connection, Engine  # noqa: E402

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any fixed number: the key of the PostgreSQL advisory lock that migrations hold.
ADVISORY_LOCK_KEY = 0x706F7274616C  # "portal"
_in_process = threading.Lock()


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config()
    with (
        _in_process,
        _sqlite_file_lock(engine),
        engine.connect() as connection,
        _sqlite_foreign_keys_off(connection),
        connection.begin(),
    ):
        _hold_advisory_lock(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        _check_foreign_keys(connection)


@contextmanager
def _sqlite_foreign_keys_off(connection: Connection) -> Iterator[None]:
    """SQLite alters a table by copying it and dropping the old one ("batch" migrations); with
    foreign keys enforced, that drop cascades to every row that refers to the table, so adding a
    column to `submissions` would delete their deliveries. SQLite's own procedure for altering a
    table: keys off (possible only outside a transaction), alter, check, keys on again."""
    if connection.dialect.name != "sqlite":
        yield
        return
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    connection.commit()
    try:
        yield
    finally:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()


def _check_foreign_keys(connection: Connection) -> None:
    """With keys off during the migration, make sure it left none broken (rolled back if so)."""
    if connection.dialect.name == "sqlite" and (
        broken := connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    ):
        raise RuntimeError(
            f"a migration left {len(broken)} rows whose foreign keys point at "
            f"nothing, the first in the table {broken[0][0]}"
        )


def _hold_advisory_lock(connection: Connection) -> None:
    """On PostgreSQL, wait for any other process's upgrade; released when the transaction ends."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({ADVISORY_LOCK_KEY})")


@contextmanager
def _sqlite_file_lock(engine: Engine) -> Iterator[None]:
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        yield
        return
    with open(f"{database}.migrate-lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
