"""gunicorn.conf.py for real: gunicorn started on a free loopback port with the shipped settings,
asked for its probes, a page, a search and its metrics; its logs read back as JSON lines; a
SIGHUP reload under requests; and the start-up refusal as a server sees it."""

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
from prometheus_client.parser import text_string_to_metric_families

from benchmarks.serving import free_port
from tests.conftest import ROOT, SAMPLE
from tests.metrics.helpers import AUTH, TOKEN

GUNICORN = Path(sys.executable).parent / "gunicorn"
pytestmark = pytest.mark.skipif(
    not GUNICORN.exists(), reason="gunicorn is not installed beside this Python"
)


class Server:
    """gunicorn in its own process group, its stdout and stderr in files the test reads."""

    def __init__(self, tmp_path: Path, env: dict, *args: str):
        self.port = free_port()
        self.out, self.err = tmp_path / "stdout.log", tmp_path / "stderr.log"
        clean = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
        clean.pop("PROMETHEUS_MULTIPROC_DIR", None)
        with self.out.open("wb") as out, self.err.open("wb") as err:
            self.process = subprocess.Popen(
                [str(GUNICORN), "-c", str(ROOT / "gunicorn.conf.py"), *args]
                + ["-b", f"127.0.0.1:{self.port}", "app:create_app()"],
                cwd=ROOT,
                env={**clean, "WEB_CONCURRENCY": "2", **env},
                stdout=out,
                stderr=err,
                start_new_session=True,
            )

    def wait_ready(self, seconds: float = 30) -> None:
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited: {self.err.read_text()[-2000:]}")
            try:
                if self.get("/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("gunicorn did not answer /healthz in time")

    def get(self, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def lines(self, which: str = "err", only_json: bool = False) -> list[dict]:
        """The log's lines, parsed; every line must be JSON, unless `only_json` skips the others
        (gunicorn prints a worker's failure to boot to stderr itself, besides logging it)."""
        text = (self.err if which == "err" else self.out).read_text(encoding="utf-8")
        return [
            json.loads(line)
            for line in text.splitlines()
            if line.strip() and (line.startswith("{") or not only_json)
        ]

    def stop(self) -> int:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            return self.process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            return self.process.wait()


def settings(built, tmp_path: Path, **more) -> dict:
    return {
        "PORTAL_ENV": "production",
        "PORTAL_SECRET_KEY": uuid.uuid4().hex,
        "PORTAL_CONTENT_DIR": str(SAMPLE),
        "PORTAL_DIST_DIR": str(built.out),
        "PORTAL_SEARCH_INDEX_DIR": str(built.index),
        "PORTAL_DATABASE_URL": f"sqlite:///{tmp_path / 'portal.db'}",
        "PORTAL_METRICS_TOKEN": TOKEN,
        **more,
    }


def dead_pid() -> int:
    finished = subprocess.Popen(["true"])
    finished.wait()
    return finished.pid


@pytest.fixture
def metrics_dir(tmp_path) -> Path:
    folder = tmp_path / "metrics"
    folder.mkdir()
    return folder


def test_probes_pages_logs_and_metrics_across_two_workers(sample_search, tmp_path, metrics_dir):
    stale = metrics_dir / f"counter_{dead_pid()}.db"
    stale.write_bytes(b"left by a run before")
    env = settings(sample_search, tmp_path, PROMETHEUS_MULTIPROC_DIR=str(metrics_dir))
    server = Server(tmp_path, env, "--access-logfile", "-")
    try:
        server.wait_ready()
        assert not stale.exists()  # on_starting removed the files of processes long gone
        status, headers, body = server.get("/readyz")
        assert status == 200 and json.loads(body)["status"] == "ready"
        status, headers, _ = server.get("/", {"X-Request-Id": "page-req-1"})
        assert status == 200 and headers["X-Request-Id"] == "page-req-1"
        status, headers, _ = server.get("/search?q=private+words", {"X-Request-Id": "search-1"})
        assert status == 200
        for _ in range(20):
            assert server.get("/healthz")[0] == 200
        status, _, scraped = server.get("/metrics", AUTH)
        assert status == 200
        assert sorted(p.name.split("_")[0] for p in metrics_dir.iterdir())  # files per process
    finally:
        assert server.stop() == 0

    # Every worker's counts added up: 20 /healthz of ours (and the ones before it was ready).
    families = {f.name: f for f in text_string_to_metric_families(scraped.decode())}
    healthz = [
        s.value
        for s in families["portal_http_requests"].samples
        if s.name == "portal_http_requests_total" and s.labels["route"] == "/healthz"
    ]
    assert healthz and healthz[0] >= 21
    pids = {
        line["message"].rsplit(" ", 1)[-1]
        for line in server.lines()
        if "Booting worker" in line["message"]
    }
    assert len(pids) == 2

    # stderr: gunicorn's lines and the app's, each one JSON object of the one shape.
    lines = server.lines()
    assert all({"time", "level", "logger", "message"} <= set(line) for line in lines)
    assert any(
        line["logger"] == "gunicorn.error" and "Listening at" in line["message"] for line in lines
    )
    [search] = [line for line in lines if line.get("request_id") == "search-1"]
    assert search["logger"] == "app.request_log"
    assert (search["method"], search["route"], search["status"]) == ("GET", "/search", 200)
    assert "private" not in json.dumps(lines)
    # stdout: gunicorn's access log, turned on, in the same shape with the app's id and route.
    access = server.lines("out")
    [page] = [line for line in access if line.get("request_id") == "page-req-1"]
    assert page["logger"] == "gunicorn.access"
    assert (page["route"], page["status"], page["remote_addr"]) == ("/", 200, "127.0.0.1")
    assert page["duration_ms"] >= 0
    [search_access] = [line for line in access if line.get("request_id") == "search-1"]
    assert search_access["route"] == "/search" and search_access["bytes"] > 1000
    assert "private" not in json.dumps(access)


def test_sighup_reloads_the_workers_without_failing_a_request(sample_search, tmp_path):
    server = Server(tmp_path, settings(sample_search, tmp_path))
    statuses: list[int] = []
    stop = threading.Event()

    def keep_asking():
        while not stop.is_set():
            try:
                statuses.append(server.get("/")[0])
            except OSError as error:  # a refused or dropped connection is a failed request
                statuses.append(repr(error))

    try:
        server.wait_ready()
        asking = threading.Thread(target=keep_asking)
        asking.start()
        time.sleep(0.5)
        os.kill(server.process.pid, signal.SIGHUP)
        deadline = time.time() + 30
        while time.time() < deadline:
            booted = [line for line in server.lines() if "Booting worker" in line["message"]]
            exited = [line for line in server.lines() if "Worker exiting" in line["message"]]
            if len(booted) >= 4 and len(exited) >= 2:
                break
            time.sleep(0.2)
        time.sleep(0.5)  # requests to the new workers too
        stop.set()
        asking.join()
    finally:
        stop.set()
        server.stop()
    messages = [line["message"] for line in server.lines()]
    assert any("Handling signal: hup" in m for m in messages)
    assert len([m for m in messages if "Booting worker" in m]) >= 4, messages
    assert len(statuses) > 10 and set(statuses) == {200}, statuses


def test_a_server_with_unsafe_settings_does_not_start_and_says_why(sample_search, tmp_path):
    env = settings(sample_search, tmp_path)
    del env["PORTAL_SECRET_KEY"]
    server = Server(tmp_path, env)
    try:
        code = server.process.wait(60)
    finally:
        server.stop()
    assert code != 0
    critical = [line for line in server.lines(only_json=True) if line["level"] == "CRITICAL"]
    assert critical and "set PORTAL_SECRET_KEY" in critical[0]["message"]
