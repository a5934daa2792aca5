"""Start and stop a WSGI app under gunicorn on loopback, for the benchmarks that measure one (and
the durability test), and the line that says where and when a benchmark ran."""

from __future__ import annotations

import datetime as dt
import http.client
import os
import platform
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(target: str, env: dict, port: int, workers: int = 2) -> subprocess.Popen:
    """gunicorn serving `target` ("module:app" or "module:factory()") once it accepts
    connections, with the shipped settings (gunicorn.conf.py: threaded workers, timeouts) so that
    what is measured is what runs. Its own process group, so that stop() and a SIGKILL reach
    every worker."""
    gunicorn = Path(sys.executable).parent / "gunicorn"  # the one installed beside this Python
    process = subprocess.Popen(
        [
            str(gunicorn),
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            target,
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        if process.poll() is not None:
            break
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        raise RuntimeError("gunicorn did not open its port in 30 s")
    if process.poll() is None and _answering(port, workers, deadline):
        return process
    process.kill()
    raise RuntimeError(f"gunicorn did not start: {process.stderr.read().decode()[-2000:]}")


def _answering(port: int, workers: int, deadline: float) -> bool:
    """The master opens the port before its workers have loaded the app (a second or more each):
    a load generator starting then times out on every connection. Wait until enough requests in
    a row are answered (any status) for every worker to have booted."""
    answered = 0
    while answered < 4 * workers and time.time() < deadline:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.request("GET", "/")
            connection.getresponse().read()
            answered += 1
        except OSError:
            time.sleep(0.1)
        finally:
            connection.close()
    return answered >= 4 * workers


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if process.stderr:
        process.stderr.close()


def run_description() -> str:
    """The machine, Python, commit and time of a run, for the first line of a result."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return (
        f"Machine: {os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}; commit {commit}; "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    )
