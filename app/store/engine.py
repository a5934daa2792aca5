"""Make the database engine from a URL: SQLite (WAL, foreign keys on, its folder created) or
PostgreSQL through psycopg 3."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url


def normalise_url(url: str) -> URL:
    """`postgres://` and `postgresql://` (as hosts hand them out) mean psycopg 3 here."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1)
                      if url.startswith("postgres://") else url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str) -> Engine:
    parsed = normalise_url(url)
    # hide_parameters: an operator who turns on SQL logging must not find answers in the logs.
    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(parsed, pool_pre_ping=True, hide_parameters=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(parsed, hide_parameters=True)
    sa.event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
