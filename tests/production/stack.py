"""The production shape on loopback, for the production test: a release published the way
`build.py publish` does, nginx with the build's configuration in front of two app servers
(gunicorn with gunicorn.conf.py, 2 workers each) and a delivery worker beside each, all on one
PostgreSQL database (reached through a TCP proxy the test can cut, as a restart does) and a
private Redis. Each piece can be stopped and started again by the faults.

Every process writes its log to a file in the stack's folder (never a pipe nobody reads, which
would fill and stall it), so a test can find which server answered a request by its id.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.nginx_server import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
WORKERS = 2  # gunicorn workers on each app server
START_TIMEOUT = 60  # seconds: generous, the machine may be busy with other work


def wait_until(condition, timeout: float, what: str, interval: float = 0.05):
    """Poll `condition` until it gives something true; fail with `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s for {what}")
        time.sleep(interval)


def port_open(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
        return True
    return False


def end(process: subprocess.Popen | None, sig: int = signal.SIGTERM, wait: float = 30) -> None:
    """Signal a process started in its own session (and everything it started), and reap it."""
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    try:
        process.wait(wait)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def end_all(processes: list[subprocess.Popen | None], wait: float = 30) -> None:
    """end() for several processes at once: each told first, then each waited for."""
    for process in processes:
        if process is not None and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        end(process, wait=wait)


def spawn(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group: end() reaches gunicorn's workers too
        )


class PrivateRedis:
    """A redis-server of the test's own on a spare port, saving nothing to disk."""

    def __init__(self, binary: str, folder: Path):
        self.binary, self.folder = binary, folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = spawn(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            dict(os.environ),
            self.folder / "redis.log",
        )
        wait_until(lambda: port_open(self.port), START_TIMEOUT, "redis-server to listen")

    def stop(self) -> None:
        end(self.process)


@dataclass
class AppServer:
    """One app server: gunicorn with the shipped settings and a `flask deliver` beside it."""

    name: str
    env: dict[str, str]
    folder: Path
    workers: int = WORKERS
    port: int = field(default_factory=free_port)
    gunicorn: subprocess.Popen | None = None
    worker: subprocess.Popen | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.folder / f"{self.name}.log"

    def start(self) -> None:
        self.launch()
        self.wait_ready()

    def launch(self) -> None:
        """gunicorn started, not waited for: servers started together load their apps at once."""
        self.gunicorn = spawn(
            [
                str(BIN / "gunicorn"),
                "-c",
                str(ROOT / "gunicorn.conf.py"),
                "-w",
                str(self.workers),
                "-b",
                self.address,
                "app:create_app()",
            ],
            self.env,
            self.log,
        )

    def wait_ready(self) -> None:
        wait_until(self.ready, START_TIMEOUT, f"{self.name} to answer /readyz", 0.2)

    def ready(self) -> bool:
        if self.gunicorn is not None and self.gunicorn.poll() is not None:
            raise AssertionError(f"{self.name} exited: {self.log.read_text()[-3000:]}")
        # Every worker must have loaded the app, not just the master opened the port.
        answered = 0
        for _ in range(2 * self.workers):
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            try:
                connection.request("GET", "/readyz")
                answered += connection.getresponse().status == 200
            except OSError:
                return False
            finally:
                connection.close()
        return answered == 2 * self.workers

    def start_worker(self) -> None:
        self.worker = self.another_worker(log=f"{self.name}-deliver.log")

    def another_worker(self, *options: str, log: str | None = None) -> subprocess.Popen:
        """One more `flask deliver` beside the server; `options` are more of its options."""
        return spawn(
            [str(BIN / "flask"), "--app", "app", "deliver", "--poll-interval", "0.3", *options],
            self.env,
            self.folder / (log or f"{self.name}-deliver-{len(options)}.log"),
        )

    def pause_worker(self, paused: bool = True) -> None:
        """SIGSTOP (or SIGCONT): the worker stands still, as a machine that is not scheduled."""
        os.killpg(self.worker.pid, signal.SIGSTOP if paused else signal.SIGCONT)

    def kill(self) -> None:
        """As a machine that dies: SIGKILL to gunicorn's master and workers, no goodbyes."""
        end(self.gunicorn, signal.SIGKILL)

    def stop(self) -> None:
        end(self.worker)
        end(self.gunicorn)

    def served(self, request_id: str) -> bool:
        """Whether this server's log has the request line of this request id."""
        needle = f'"request_id": "{request_id}"'
        with contextlib.suppress(FileNotFoundError):
            for line in self.log.read_text(errors="replace").splitlines():
                if needle in line and '"logger": "app.request_log"' in line:
                    return True
        return False


def server_env(
    release: Path, database_url: str, redis_url: str, secrets: dict[str, str], metrics: Path
) -> dict[str, str]:
    """An app server's settings, as docs/operations.md gives them: production, two servers,
    PostgreSQL and Redis shared, nginx trusted for the clients' addresses; no content folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    metrics.mkdir(parents=True, exist_ok=True)
    return {
        **env,
        "PORTAL_ENV": "production",
        "PORTAL_SERVERS": "2",
        "PORTAL_SECRET_KEY": secrets["SECRET_KEY"],
        "PORTAL_DIST_DIR": str(release / "dist"),
        "PORTAL_SEARCH_INDEX_DIR": str(release / "search-index"),
        "PORTAL_SERVICE_DATA": str(release / "service.json"),
        "PORTAL_CONTENT_DIR": str(release.parent / "no-content-here"),
        "PORTAL_DATABASE_URL": database_url,
        "PORTAL_RATELIMIT_STORAGE_URI": redis_url,
        "PORTAL_TRUSTED_PROXIES": "127.0.0.1/32",  # nginx connects from there
        "PORTAL_DELIVERY_ALLOW_LOOPBACK": "true",  # the agency's receiver is on loopback too
        "PORTAL_HEALTH_CHECK_TIMEOUT": "5",
        "PYTHONUNBUFFERED": "1",  # the worker's lines reach its log as they are written
        "PROMETHEUS_MULTIPROC_DIR": str(metrics),
        **{k: v for k, v in secrets.items() if k != "SECRET_KEY"},
    }


def copy_content(source: Path, folder: Path, webhook: str, secret_env: str) -> Path:
    """The sample content, its pothole form delivering to the agency's receiver."""
    shutil.copytree(source, folder)
    form = folder / "forms" / "report-a-pothole.yaml"
    form.write_text(
        form.read_text(encoding="utf-8")
        + f"delivery:\n  webhook: {json.dumps(webhook)}\n  secret_env: {secret_env}\n",
        encoding="utf-8",
    )
    return folder
