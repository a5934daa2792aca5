"""A database that hangs costs a request a few seconds and a 503, not the service: real databases
held up for real (a lock another connection holds; a PostgreSQL behind a proxy that accepts and
never answers), real requests through the app."""

from __future__ import annotations

import time
import uuid

import sqlalchemy as sa
from bs4 import BeautifulSoup

from app.error_pages import ANSWERS_KEPT, PAGES
from app.store import dispose, get_engine
from tests.conftest import service_app
from tests.forms.test_web import BIRTH, start
from tests.tcp_proxy import TcpProxy

POTHOLE_API = "/api/v1/forms/report-a-pothole/submissions"
ROAD = {
    "location-type": "road",
    "town": "Northby",
    "road-name": "High Street",
    "where-on-road": "Outside number 14",
    "pothole-size": "medium",
    "harm": "no",
}


def heading(response) -> str:
    return (
        BeautifulSoup(response.get_data(as_text=True), "html.parser")
        .select_one("main h1")
        .get_text(strip=True)
    )


def hold_write_lock(engine: sa.Engine, *tables: str):
    """Another connection that has taken `tables` (PostgreSQL) or the database (SQLite) for
    writing and keeps it until closed."""
    connection = engine.raw_connection()
    cursor = connection.cursor()
    if engine.dialect.name == "sqlite":
        connection.driver_connection.isolation_level = None  # so BEGIN is ours
        cursor.execute("BEGIN IMMEDIATE")
    else:
        cursor.execute(f"LOCK TABLE {', '.join(tables)} IN ACCESS EXCLUSIVE MODE")
    return connection


def test_a_locked_database_answers_503_in_seconds_and_keeps_the_saved_answers(
    sample_search, database_url
):
    app = service_app(
        sample_search, database_url, DATABASE_STATEMENT_TIMEOUT=1, WTF_CSRF_ENABLED=False
    )
    client = app.test_client()
    try:
        question = start(client, BIRTH)
        saved = client.post(question, data={"name-at-birth": "Ada Lovelace"})
        assert saved.status_code == 303
        lock = hold_write_lock(get_engine(app), "drafts", "submissions")
        try:
            started = time.monotonic()
            stuck = client.post(
                saved.headers["Location"],
                data={
                    "date-of-birth-day": "10",
                    "date-of-birth-month": "12",
                    "date-of-birth-year": "1985",
                },
            )
            assert time.monotonic() - started < 5
            assert stuck.status_code == 503
            assert heading(stuck) == ANSWERS_KEPT.title
            assert stuck.headers["Retry-After"] == "30"
            assert "answers you have already saved are kept" in stuck.get_data(as_text=True)

            api = client.post(POTHOLE_API, json={"answers": ROAD})
            assert api.status_code == 503 and api.mimetype == "application/problem+json"
            assert api.get_json()["type"].endswith("/api/v1/problems/storage-unavailable")

            # The rest of the service does not need the database.
            for url in ("/", "/search?q=tax"):
                with client.get(url) as response:
                    assert response.status_code == 200, url
        finally:
            lock.close()
        # Back again: the answer saved before is still there.
        page = BeautifulSoup(client.get(question).get_data(as_text=True), "html.parser")
        assert page.select_one("input[name=name-at-birth]")["value"] == "Ada Lovelace"
    finally:
        dispose(app)


def test_a_postgresql_that_accepts_and_never_answers_is_given_up_on(
    sample_search, postgres_admin, tmp_path
):
    proxy = TcpProxy(("127.0.0.1", 5432)).start()
    proxy.stall()
    url = f"postgresql://127.0.0.1:{proxy.port}/portal_{uuid.uuid4().hex[:8]}"
    app = service_app(sample_search, url, DATABASE_CONNECT_TIMEOUT=2)
    client = app.test_client()
    try:
        started = time.monotonic()
        feedback = client.post("/feedback", data={"path": "/", "useful": "yes"})
        assert time.monotonic() - started < 6
        assert feedback.status_code == 503 and heading(feedback) == PAGES[503].title
        api = client.post(POTHOLE_API, json={"answers": ROAD})
        assert api.status_code == 503
        assert api.get_json()["type"].endswith("/storage-unavailable")
        with client.get("/") as home:
            assert home.status_code == 200
    finally:
        proxy.stop()
        dispose(app)
