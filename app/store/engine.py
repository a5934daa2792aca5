"""Make the database engine from a URL: SQLite (WAL, foreign keys on, its folder created) or
PostgreSQL through psycopg 3, with timeouts, so that a database that hangs makes a request fail
(503, app/error_pages.py) in seconds instead of holding it, and its thread, for ever."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

# SQLite's messages when another connection holds the lock past the busy timeout.
SQLITE_BUSY = ("database is locked", "database table is locked", "database is busy")


def normalise_url(url: str) -> URL:
    """`postgres://` and `postgresql://` (as hosts hand them out) mean psycopg 3 here."""
    parsed = make_url(
        url.replace("postgres://", "postgresql://", 1) if url.startswith("postgres://") else url
    )
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


@dataclass(frozen=True)
class Timeouts:
    """Seconds (the DATABASE_*_TIMEOUT settings). `connect`: to open a connection (PostgreSQL)
    or wait for a free one in the pool. `statement`: for one statement, waiting for locks
    included (PostgreSQL's statement_timeout; SQLite's busy timeout, how long a write waits
    for another to finish)."""

    connect: int = 5
    statement: int = 10


DEFAULT_TIMEOUTS = Timeouts()


def make_engine(url: str, timeouts: Timeouts = DEFAULT_TIMEOUTS) -> Engine:
    parsed = normalise_url(url)
    # hide_parameters: an operator who turns on SQL logging must not find answers in the logs.
    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(
            parsed,
            pool_pre_ping=True,
            hide_parameters=True,
            pool_timeout=timeouts.connect,
            connect_args={
                "connect_timeout": timeouts.connect,
                "options": f"-c statement_timeout={timeouts.statement * 1000}",
            },
        )
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(parsed, hide_parameters=True, pool_timeout=timeouts.connect)
    sa.event.listen(engine, "connect", _sqlite_pragmas(timeouts.statement))
    return engine


def _sqlite_pragmas(busy_seconds: int):
    def set_pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_seconds * 1000)}")
        cursor.close()

    return set_pragmas


def is_unavailable(error: BaseException) -> bool:
    """Whether a database error means it is unreachable, busy or too slow (a 503: try again)
    rather than a fault (a 500). PostgreSQL's OperationalErrors are all of the first kind
    (connection lost or refused, timeouts, cancelled statements, shutdown); SQLite gives the
    same class for a missing table, so only its lock messages count."""
    if isinstance(error, PoolTimeout):
        return True
    if not isinstance(error, OperationalError):
        return False
    if isinstance(error.orig, sqlite3.OperationalError):
        return str(error.orig).startswith(SQLITE_BUSY)
    return True
