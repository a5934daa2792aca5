"""Shared fixtures: content trees built once per test session into temporary folders, and empty
databases.

A test that takes `database_url` or `engine` runs twice: on a fresh SQLite file and on a
throwaway PostgreSQL database, each a copy of one migrated once for the session
(`empty_database_url` for the migrations' own tests).

The PostgreSQL server is the local one (`postgresql://localhost/postgres`, or the URL in
PORTAL_TEST_POSTGRES_URL); when none can be reached the PostgreSQL runs are skipped with one
reason, and the SQLite runs still go. The rate-limit tests that share counts through Redis use
`redis://127.0.0.1:6379/0` (or PORTAL_TEST_REDIS_URL) and skip in the same way. In CI (CI=true)
a missing server fails those tests instead: `.ci/run` starts both, so a skip there would only
hide that part of the suite never ran.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sqlalchemy.engine import make_url

from app import create_app
from app.pipeline import build
from app.store import dispose, init_db

# A content error in the trees below is one failure at the top of the run, not an error in every
# test that builds them (tests/content_errors.py): its hooks, taken in as this file's own.
from tests.content_errors import (  # noqa: F401
    pytest_collection_modifyitems,
    pytest_runtest_makereport,
)

# The tests run the service as development (app/startup.py): its start-up refusals would stop
# every app and gunicorn made with the default SECRET_KEY. tests/test_startup.py sets
# its own.
os.environ.setdefault("PORTAL_ENV", "development")

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "fixtures" / "small"
# PORTAL_TEST_SAMPLE_CONTENT: another tree in its place, for the test of how a content error in
# it is reported (tests/test_content_errors.py); nothing else sets it.
SAMPLE = Path(os.environ.get("PORTAL_TEST_SAMPLE_CONTENT") or ROOT / "content")
# The small fixture's consultation ran in June 2026; build it as of a fixed day so its status is
# known (the sample content is built as of today, as a real build is).
SMALL_TODAY = dt.date(2026, 6, 15)


class BuiltSite:
    """A built site folder, with helpers that parse its pages."""

    def __init__(self, out: Path, result):
        self.out, self.result = out, result

    def file(self, url: str) -> Path:
        path = url.lstrip("/")
        if url.endswith("/"):  # a home page: / or a language's, /cy/
            return self.out / path / "index.html"
        candidate = self.out / path
        return candidate if candidate.suffix else self.out / f"{path}.html"

    def soup(self, url: str) -> BeautifulSoup:
        return BeautifulSoup(self.file(url).read_text(encoding="utf-8"), "html.parser")

    def xml(self, url: str) -> BeautifulSoup:
        return BeautifulSoup(self.file(url).read_text(encoding="utf-8"), "html.parser")

    def html_files(self) -> list[Path]:
        return sorted(self.out.rglob("*.html"))


def service_app(built: BuiltSite, database_url: str, **settings):
    """The running service (`create_app` without a site) on a built copy of the sample content:
    its dist/, its search index when it was built with one, the sample's forms and settings, and
    the given database."""
    return create_app(
        {
            "DIST_DIR": str(built.out),
            "CONTENT_DIR": str(SAMPLE),
            "SEARCH_INDEX_DIR": str(getattr(built, "index", built.out / "no-index")),
            "TESTING": True,
            "DATABASE_URL": database_url,
            **settings,
        }
    )


@pytest.fixture
def app(sample_site, database_url):
    """The running service on the built sample content, on each database. Where tests need other
    settings (SQLite only, the search index, a setting of their own), their module or folder
    defines its own `app`, which pytest uses there instead."""
    app = service_app(sample_site, database_url)
    yield app
    dispose(app)


@pytest.fixture(scope="session")
def small_site(tmp_path_factory) -> BuiltSite:
    out = tmp_path_factory.mktemp("small") / "dist"
    return BuiltSite(out, build(SMALL, out, today=SMALL_TODAY))


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> BuiltSite:
    out = tmp_path_factory.mktemp("sample") / "dist"
    return BuiltSite(out, build(SAMPLE, out))


@pytest.fixture(scope="session")
def sample_search(tmp_path_factory) -> BuiltSite:
    """The sample content built with its search index (`.index`), for the search pages and API."""
    root = tmp_path_factory.mktemp("sample-search")
    built = BuiltSite(root / "dist", build(SAMPLE, root / "dist", index_dir=root / "index"))
    built.index = root / "index"
    return built


# -- servers the tests need: PostgreSQL and Redis ------------------------------------------------

ADMIN_URL = os.environ.get("PORTAL_TEST_POSTGRES_URL", "postgresql://localhost/postgres")
NO_SERVER = "PostgreSQL storage tests skipped: no server reachable at {url} ({error})"
REDIS_URL = os.environ.get("PORTAL_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
NO_REDIS = "Redis rate-limit tests skipped: no server reachable at {url} ({error})"


def server_missing(reason: str) -> None:
    """Skip the test that needs a server this machine lacks; in CI (CI=true) fail it."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(
            reason.replace("skipped", "cannot run") + " (CI must have it: .ci/run starts it)",
            pytrace=False,
        )
    pytest.skip(reason)


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _admin_connection():
    import psycopg

    url = make_url(ADMIN_URL)
    return psycopg.connect(
        dbname=url.database or "postgres",
        user=url.username,
        password=url.password,
        host=url.host,
        port=url.port,
        autocommit=True,
        connect_timeout=3,
    )


@pytest.fixture(scope="session")
def postgres_admin():
    try:
        connection = _admin_connection()
    except Exception as error:  # any failure to connect means: no server here
        server_missing(NO_SERVER.format(url=ADMIN_URL, error=_first_line(error)))
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def redis_url() -> str:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        server_missing(NO_REDIS.format(url=REDIS_URL, error=_first_line(error)))
    return REDIS_URL


def _postgres_url(name: str) -> str:
    return (
        make_url(ADMIN_URL)
        .set(drivername="postgresql+psycopg", database=name)
        .render_as_string(hide_password=False)
    )


@contextmanager
def _postgres_database(admin, template: str | None = None):
    """A throwaway PostgreSQL database (a copy of `template`), dropped afterwards."""
    name = f"portal_test_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    try:
        yield name
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A SQLite file with every migration applied, made once: each test gets a copy, rather
    than running the migrations again (a second a test, and hundreds of tests take a
    database)."""
    path = tmp_path_factory.mktemp("migrated") / "portal.db"
    engine = init_db(f"sqlite:///{path}")
    with engine.connect() as connection:  # all of it in the file, none left in the WAL
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def migrated_postgres(postgres_admin):
    """A PostgreSQL database with every migration applied, made once: each test's database is
    created from it as a template (a file copy in the server)."""
    with _postgres_database(postgres_admin) as name:
        init_db(_postgres_url(name)).dispose()  # no connection left: a template must have none
        yield name


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """The URL of a database with every migration applied and nothing in it, dropped after the
    test: what the app finds on a deployment's first start once it has migrated."""
    if request.param == "sqlite":
        path = tmp_path / "instance" / "portal.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(request.getfixturevalue("migrated_sqlite"), path)
        yield f"sqlite:///{path}"
        return
    admin = request.getfixturevalue("postgres_admin")
    template = request.getfixturevalue("migrated_postgres")
    with _postgres_database(admin, template) as name:
        yield _postgres_url(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request, tmp_path):
    """The URL of an empty database, not yet migrated (the migrations' own tests), dropped after
    the test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'instance' / 'portal.db'}"
        return
    with _postgres_database(request.getfixturevalue("postgres_admin")) as name:
        yield _postgres_url(name)


@pytest.fixture
def engine(database_url):
    engine = init_db(database_url)
    yield engine
    engine.dispose()
