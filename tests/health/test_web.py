"""/healthz and /readyz through the real app: what a load balancer sees when all is well, when
the database does not answer, when the index is missing, when the migrations are behind; never
rate limited, and the host check still applies."""

from __future__ import annotations

import socket

import pytest
import sqlalchemy as sa

from app.store import dispose, init_db
from tests.conftest import service_app


@pytest.fixture
def ready_app(sample_search, empty_database_url):
    app = service_app(sample_search, empty_database_url)  # a fresh one: /readyz migrates it
    yield app
    dispose(app)


def test_healthz_answers_without_looking_at_anything(sample_site, tmp_path):
    # No index, a database that cannot exist: the process answers all the same.
    app = service_app(sample_site, "postgresql://nobody@127.0.0.1:1/none")
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_ready_on_a_fresh_database_which_it_migrates_as_a_first_request_would(
    ready_app,
):
    response = ready_app.test_client().get("/readyz")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json() == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok", "search_index": "ok"},
    }


def unreachable_url() -> str:
    """A PostgreSQL URL at a loopback port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"postgresql://portal@127.0.0.1:{port}/portal"


def test_readyz_names_the_database_when_it_does_not_answer(sample_search, caplog):
    app = service_app(sample_search, unreachable_url(), HEALTH_CHECK_TIMEOUT=1)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body == {
        "type": "about:blank",
        "title": "Service Unavailable",
        "status": 503,
        "detail": "Not ready: database.",
        "checks": {"database": "failed", "migrations": "not checked", "search_index": "ok"},
    }
    # The details go to the log; the answer has none of them.
    assert "127.0.0.1" not in response.get_data(as_text=True)
    [warning] = [r for r in caplog.records if r.name == "app.health.web"]
    assert "database" in warning.getMessage() and "unreachable" in warning.getMessage()


def test_readyz_names_a_missing_search_index(sample_site, tmp_path):
    app = service_app(sample_site, f"sqlite:///{tmp_path / 'p.db'}")
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"] == {
        "database": "ok",
        "migrations": "ok",
        "search_index": "failed",
    }
    assert response.get_json()["detail"] == "Not ready: search_index."


def test_readyz_names_migrations_the_code_does_not_know(sample_search, tmp_path):
    """A database migrated by a newer release (a rollback of the code): not ready."""
    url = f"sqlite:///{tmp_path / 'p.db'}"
    engine = init_db(url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = 'from_the_future'"))
    engine.dispose()
    app = service_app(sample_search, url)
    try:
        body = app.test_client().get("/readyz").get_json()
        assert body["checks"]["migrations"] == "failed"
        assert body["detail"] == "Not ready: migrations."
    finally:
        dispose(app)


def test_probes_are_never_rate_limited(sample_search, tmp_path):
    app = service_app(
        sample_search, f"sqlite:///{tmp_path / 'p.db'}", RATELIMIT_SEARCH="1 per minute"
    )
    client = app.test_client()
    try:
        assert [client.get("/healthz").status_code for _ in range(5)] == [200] * 5
        assert [client.get("/readyz").status_code for _ in range(3)] == [200] * 3
    finally:
        dispose(app)


def test_probes_answer_on_trusted_host_names_only(sample_search, tmp_path):
    app = service_app(
        sample_search,
        f"sqlite:///{tmp_path / 'p.db'}",
        TRUSTED_HOSTS=["www.gov.nm.example", "10.0.0.5"],
    )
    client = app.test_client()
    try:
        for host in ("www.gov.nm.example", "10.0.0.5:8000"):
            assert client.get("/healthz", headers={"Host": host}).status_code == 200, host
        assert client.get("/healthz", headers={"Host": "evil.example"}).status_code == 400
    finally:
        dispose(app)


def test_probes_take_no_post_and_need_no_csrf_token(ready_app):
    client = ready_app.test_client()
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200
