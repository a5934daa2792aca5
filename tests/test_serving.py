"""The shipped gunicorn settings (gunicorn.conf.py) under hostile clients: a real gunicorn, started
the way the benchmarks and the durability test start it (benchmarks/serving.start_gunicorn), with
raw sockets that stall, and a normal request that must still be answered quickly."""

from __future__ import annotations

import http.client
import socket
import sys
import time
import uuid
from pathlib import Path

import pytest

from benchmarks.serving import free_port, start_gunicorn, stop
from tests.conftest import SAMPLE

pytestmark = pytest.mark.skipif(not (Path(sys.executable).parent / "gunicorn").exists(),
                                reason="gunicorn is not installed beside this Python")


@pytest.fixture
def server(sample_search, tmp_path):
    port = free_port()
    env = {"PORTAL_CONTENT_DIR": str(SAMPLE), "PORTAL_DIST_DIR": str(sample_search.out),
           "PORTAL_SEARCH_INDEX_DIR": str(sample_search.index),
           "PORTAL_DATABASE_URL": f"sqlite:///{tmp_path / 'portal.db'}",
           "PORTAL_SECRET_KEY": uuid.uuid4().hex}
    process = start_gunicorn("app:create_app()", env, port, workers=2)
    yield port
    stop(process)


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
    sock.sendall(b"POST /feedback HTTP/1.1\r\nHost: localhost\r\n"
                 b"Content-Type: application/x-www-form-urlencoded\r\n"
                 b"Content-Length: 4000\r\n\r\npath=%2F&useful=")
    return sock


def test_two_clients_stalled_mid_body_do_not_hold_up_a_normal_request(server):
    stalled = [stalled_post(server) for _ in range(2)]
    try:
        time.sleep(0.5)  # both are in the hands of the server, waiting for the rest of the body
        for path in ("/", "/search?q=tax"):
            status, seconds = timed_get(server, path)
            assert status == 200 and seconds < 1, (path, status, seconds)
    finally:
        for sock in stalled:
            sock.close()
