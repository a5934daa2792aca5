"""No accepted submission is lost when the server is killed.

gunicorn with 2 workers takes a stream of API submissions from several clients and is killed with
SIGKILL mid-stream (master and workers at once, as the kernel's OOM killer or a pulled plug of
the container would). Every submission that was answered 201 must be in the database afterwards,
exactly once, with the answers that were sent; and the database must still take submissions
when the server is started again. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.store import init_db
from app.store.tables import submissions
from benchmarks.serving import free_port, start_gunicorn

ROOT = Path(__file__).resolve().parents[2]
FORM = "report-a-pothole"
PATH = f"/api/v1/forms/{FORM}/submissions"
ANSWERS = {
    "location-type": "road",
    "town": "Northby",
    "where-on-road": "Outside number 14",
    "pothole-size": "medium",
    "harm": "no",
}
CLIENTS = 4
ACCEPTED_BEFORE_KILL = 60

pytestmark = pytest.mark.skipif(
    not (Path(sys.executable).parent / "gunicorn").exists(),
    reason="gunicorn is not installed beside this Python",
)


def start_server(database_url: str, tmp_path: Path) -> tuple[subprocess.Popen, int]:
    """gunicorn with 2 workers, in its own process group so one SIGKILL reaches every worker,
    once both workers answer."""
    port = free_port()
    env = {
        "PORTAL_CONTENT_DIR": str(ROOT / "content"),
        "PORTAL_DIST_DIR": str(tmp_path),
        "PORTAL_DATABASE_URL": database_url,
        "PORTAL_SECRET_KEY": uuid.uuid4().hex,
        "PORTAL_RATELIMIT_ENABLED": "false",
    }
    return start_gunicorn("app:create_app()", env, port), port


def kill(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGKILL)
    server.wait(10)
    server.stderr.close()


def post(port: int, road: str) -> tuple[int, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(
            "POST",
            PATH,
            json.dumps({"answers": {**ANSWERS, "road-name": road}}),
            {"Content-Type": "application/json"},
        )
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"{}")
    finally:
        connection.close()


def test_every_201_survives_a_sigkill_of_the_server(database_url, tmp_path):
    server, port = start_server(database_url, tmp_path)
    accepted: dict[str, str] = {}  # road name sent -> reference answered
    refused: list[int] = []
    lock = threading.Lock()
    killed = threading.Event()

    def client(number: int) -> None:
        sent = 0
        while not killed.is_set():
            road = f"Road {number}-{sent}"
            sent += 1
            try:
                status, body = post(port, road)
            except (OSError, http.client.HTTPException, ValueError):
                # Killed mid-request or mid-answer (a 201 whose body was cut off never told the
                # client its reference): not accepted.
                continue
            with lock:
                if status == 201:
                    accepted[road] = body["reference"]
                else:
                    refused.append(status)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    try:
        deadline = time.monotonic() + 60
        while len(accepted) < ACCEPTED_BEFORE_KILL and time.monotonic() < deadline:
            time.sleep(0.01)
        kill(server)  # mid-stream: the clients are still sending
    finally:
        killed.set()
        for thread in threads:
            thread.join(15)
        if server.poll() is None:
            kill(server)

    assert refused == []
    assert len(accepted) >= ACCEPTED_BEFORE_KILL
    engine = init_db(database_url)
    try:
        with engine.connect() as connection:
            stored = connection.execute(
                sa.select(submissions.c.reference, submissions.c.answers)
            ).all()
    finally:
        engine.dispose()
    roads = [row.answers["road-name"] for row in stored]
    assert len(roads) == len(set(roads)), "a submission was stored twice"
    by_road = {row.answers["road-name"]: row.reference for row in stored}
    missing = {road: ref for road, ref in accepted.items() if by_road.get(road) != ref}
    assert missing == {}, f"{len(missing)} accepted submissions were lost"

    # The database is whole: a new server takes submissions again.
    server, port = start_server(database_url, tmp_path)
    try:
        assert post(port, "After the restart")[0] == 201
    finally:
        kill(server)
