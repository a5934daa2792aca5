"""Every storage test runs twice: on a fresh SQLite file and on a throwaway PostgreSQL database.

The PostgreSQL server is the local one (`postgresql://localhost/postgres`, or the URL in
PORTAL_TEST_POSTGRES_URL); when none can be reached the PostgreSQL runs are skipped with one
reason, and the SQLite runs still go.
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy.engine import make_url

from app.store import init_db

ADMIN_URL = os.environ.get("PORTAL_TEST_POSTGRES_URL", "postgresql://localhost/postgres")
NO_SERVER = "PostgreSQL storage tests skipped: no server reachable at {url} ({error})"


def _admin_connection():
    import psycopg

    url = make_url(ADMIN_URL)
    return psycopg.connect(dbname=url.database or "postgres", user=url.username,
                           password=url.password, host=url.host, port=url.port,
                           autocommit=True, connect_timeout=3)


@pytest.fixture(scope="session")
def postgres_admin():
    try:
        connection = _admin_connection()
    except Exception as error:  # any failure to connect means: no server here
        pytest.skip(NO_SERVER.format(url=ADMIN_URL, error=str(error).strip().splitlines()[0]))
    yield connection
    connection.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """The URL of an empty database, dropped after the test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'instance' / 'portal.db'}"
        return
    admin = request.getfixturevalue("postgres_admin")
    name = f"portal_test_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(ADMIN_URL).set(drivername="postgresql+psycopg",
                                      database=name).render_as_string(hide_password=False)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def engine(database_url):
    engine = init_db(database_url)
    yield engine
    engine.dispose()
