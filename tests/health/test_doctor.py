"""`flask doctor` on a server set up well and on one set up badly: a line per check, OK or
PROBLEM in plain words, exit 1 on a problem; the same start-up rules as the service."""

from __future__ import annotations

import pytest

from app import create_app
from app.store import dispose, init_db
from tests.conftest import SAMPLE
from tests.delivery.conftest import SECRET, SECRET_ENV, write_content
from tests.test_startup import flask


def doctor(app, env=None):
    result = app.test_cli_runner().invoke(args=["doctor"], env=env or {})
    lines = result.output.splitlines()
    checks = {line.split()[1].rstrip(":"): line for line in lines[:-1]}
    return result.exit_code, checks, lines[-1]


@pytest.fixture
def good_app(sample_search, database_url):
    init_db(database_url).dispose()  # migrated, as a server that has served
    app = create_app(
        {
            "ENV": "production",
            "SECRET_KEY": "a-long-random-value",
            "DIST_DIR": str(sample_search.out),
            "SEARCH_INDEX_DIR": str(sample_search.index),
            "CONTENT_DIR": str(SAMPLE),
            "DATABASE_URL": database_url,
        }
    )
    yield app
    dispose(app)


def test_a_server_set_up_well_is_ok_on_every_line(good_app):
    code, checks, last = doctor(good_app)
    assert code == 0, checks
    assert list(checks) == [
        "settings",
        "built_site",
        "content",
        "database",
        "migrations",
        "search_index",
        "ratelimit_store",
        "file_uploads",
        "secrets",
    ]
    assert all(line.startswith("OK ") for line in checks.values()), checks
    assert "production, 1 server(s)" in checks["settings"]
    assert "in memory" in checks["ratelimit_store"]
    assert "kept in the database; not scanned" in checks["file_uploads"]
    assert last == "Everything checked is in order."


def test_a_server_set_up_badly_says_what_is_wrong_and_exits_1(tmp_path):
    """Through the real command line, as an operator runs it: the app it makes for the command
    is not refused, so the doctor can say what the server would refuse to start with."""
    result = flask(
        "doctor",
        env={
            "PORTAL_SERVERS": "2",
            "PORTAL_METRICS_ALLOW": "10.0.0.0/8, everyone",
            "PORTAL_DIST_DIR": str(tmp_path / "no-dist"),
            "PORTAL_SEARCH_INDEX_DIR": str(tmp_path / "no-index"),
            "PORTAL_CONTENT_DIR": str(SAMPLE),
            "PORTAL_DATABASE_URL": "postgresql://portal@127.0.0.1:1/portal",
            "PORTAL_RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0",
            "PORTAL_HEALTH_CHECK_TIMEOUT": "1",
            "PORTAL_FILE_STORAGE": "directory",
            "PORTAL_FILE_DIRECTORY": str(tmp_path / "no-uploads"),
            "PORTAL_CLAMD_ADDRESS": "tcp://127.0.0.1:1",
        },
    )
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    checks = {line.split()[1].rstrip(":"): line for line in lines[:-1]}
    # The content folder given is the one thing in order.
    assert checks.pop("content").startswith("OK "), result.stdout
    assert all(line.startswith("PROBLEM ") for line in checks.values()), checks
    # Two servers on PostgreSQL and Redis are well; the metrics' networks are not.
    assert "'everyone' is not a network" in checks["settings"]
    assert "PORTAL_SERVERS" not in checks["settings"]
    assert "no index.html: set PORTAL_DIST_DIR" in checks["built_site"]
    assert "unreachable" in checks["database"]
    assert "not checked: no database" in checks["migrations"]
    assert "no index in" in checks["search_index"]
    assert "does not answer" in checks["ratelimit_store"]
    assert "no-uploads cannot be written: create it" in checks["file_uploads"]
    assert "the virus scanner cannot scan: clamd at tcp://127.0.0.1:1" in checks["file_uploads"]
    assert "SECRET_KEY is the development default" in checks["secrets"]
    assert lines[-1] == "8 problem(s): this server is not ready to serve."


def test_a_webhook_secret_missing_from_the_environment_is_a_problem(tmp_path, sample_search):
    content = write_content(tmp_path / "content", "https://trees.gov.nm.example/hook")
    app = create_app(
        {
            "CONTENT_DIR": str(content),
            "SEARCH_INDEX_DIR": str(sample_search.index),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}",
            "TESTING": True,
        }
    )
    _, checks, _ = doctor(app, env={SECRET_ENV: ""})
    assert checks["secrets"].startswith("PROBLEM")
    assert f"set the environment variable {SECRET_ENV}" in checks["secrets"]
    _, checks, _ = doctor(app, env={SECRET_ENV: SECRET})
    assert checks["secrets"].startswith("OK")
    assert "development" in checks["settings"]


def test_a_database_behind_the_code_is_told_how_it_catches_up(tmp_path, sample_search):
    url = f"sqlite:///{tmp_path / 'p.db'}"
    from app.store.engine import make_engine
    from app.store.migrate import upgrade

    engine = make_engine(url)
    upgrade(engine, "0004")
    engine.dispose()
    app = create_app({"DATABASE_URL": url, "TESTING": True})
    _, checks, _ = doctor(app)
    assert "older than this release's" in checks["migrations"]
    assert "restart it" in checks["migrations"]


def test_the_rate_limit_store_is_ok_when_redis_answers(good_app, redis_url):
    good_app.config["RATELIMIT_STORAGE_URI"] = redis_url
    _, checks, _ = doctor(good_app)
    assert checks["ratelimit_store"].startswith("OK") and "answers" in checks["ratelimit_store"]


def test_the_virus_scanner_is_ok_when_clamd_answers(sample_search, database_url, tmp_path):
    from tests.uploads.fake_clamd import FakeClamd

    clamd = FakeClamd()
    init_db(database_url).dispose()
    app = create_app(
        {
            "DIST_DIR": str(sample_search.out),
            "SEARCH_INDEX_DIR": str(sample_search.index),
            "CONTENT_DIR": str(SAMPLE),
            "DATABASE_URL": database_url,
            "FILE_STORAGE": "directory",
            "FILE_DIRECTORY": str(tmp_path),
            "CLAMD_ADDRESS": clamd.address,
        }
    )
    try:
        _code, checks, _last = doctor(app)
    finally:
        dispose(app)
        clamd.close()
    assert checks["file_uploads"] == (
        f"OK       file_uploads: kept in {tmp_path}; clamd at {clamd.address} answers"
    )
    assert clamd.received == [b"portal doctor"]
