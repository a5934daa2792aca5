"""The shipped gunicorn settings (gunicorn.conf.py) under hostile clients: a real gunicorn, started
the way the benchmarks and the durability test start it (benchmarks/serving.start_gunicorn), with
raw sockets that stall, and a normal request that must still be answered quickly."""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from app.store import init_db
from benchmarks.serving import free_port, start_gunicorn, stop
from tests.conftest import SAMPLE
from tests.store.test_timeouts import hold_write_lock

pytestmark = pytest.mark.skipif(
    not (Path(sys.executable).parent / "gunicorn").exists(),
    reason="gunicorn is not installed beside this Python",
)


def serve(built, database_url: str, **settings) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {
        "PORTAL_CONTENT_DIR": str(SAMPLE),
        "PORTAL_DIST_DIR": str(built.out),
        "PORTAL_SEARCH_INDEX_DIR": str(built.index),
        "PORTAL_DATABASE_URL": database_url,
        "PORTAL_SECRET_KEY": uuid.uuid4().hex,
        **{f"PORTAL_{name}": str(value) for name, value in settings.items()},
    }
    return start_gunicorn("app:create_app()", env, port, workers=2), port


@pytest.fixture
def server(sample_search, tmp_path):
    process, port = serve(sample_search, f"sqlite:///{tmp_path / 'portal.db'}")
    yield port
    stop(process)


# A request held up behind the stalled ones would wait for their timeouts (gunicorn's, or the
# database's lock timeout): many seconds, past the client's own 5 s. Answered at once is well
# under a second on an idle machine; the bound leaves room for a loaded one (a cold search index
# is opened by the first search of each worker).
QUICKLY = 3


def timed_get(port: int, path: str) -> tuple[int, float]:
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status, time.monotonic() - started
    finally:
        connection.close()


def stalled_post(port: int) -> socket.socket:
    """A client that announces a body, sends a little of it and then stops sending."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(
        b"POST /feedback HTTP/1.1\r\nHost: localhost\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: 4000\r\n\r\npath=%2F&useful="
    )
    return sock


def test_two_clients_stalled_mid_body_do_not_hold_up_a_normal_request(server):
    stalled = [stalled_post(server) for _ in range(2)]
    try:
        time.sleep(0.5)  # both are in the hands of the server, waiting for the rest of the body
        for path in ("/", "/search?q=tax"):
            status, seconds = timed_get(server, path)
            assert status == 200 and seconds < QUICKLY, (path, status, seconds)
    finally:
        for sock in stalled:
            sock.close()


def test_static_pages_and_search_answer_while_posts_are_stuck_on_a_locked_database(
    sample_search, database_url
):
    engine = init_db(database_url)  # migrated before the server starts, as a deployment is
    process, port = serve(sample_search, database_url, DATABASE_STATEMENT_TIMEOUT=4)
    lock = hold_write_lock(engine, "page_feedback")
    statuses: list[int] = []

    def stuck_post() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request(
            "POST",
            "/feedback",
            "path=%2F&useful=yes",
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        statuses.append(connection.getresponse().status)
        connection.close()

    posts = [threading.Thread(target=stuck_post) for _ in range(2)]  # as many as workers
    try:
        for thread in posts:
            thread.start()
        time.sleep(1)  # both posts are waiting on the lock
        for path in ("/", "/search?q=tax"):
            status, seconds = timed_get(port, path)
            assert status == 200 and seconds < QUICKLY, (path, status, seconds)
        for thread in posts:
            thread.join(15)
        assert statuses == [503, 503]  # given up on after the statement timeout
    finally:
        lock.close()
        for thread in posts:
            thread.join(30)
        stop(process)
        engine.dispose()
