"""CI runs every real component: under CI=true a test whose PostgreSQL or Redis server is missing
fails instead of skipping, and `.ci/run`'s helpers (.ci/servers.sh) leave servers that already
answer alone."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, server_missing

TINY_TEST = """
def test_needs_the_server({fixture}):
    pass
"""
# Each server: the fixture its tests take and the variable that points the tests at it.
SERVERS = {
    "PostgreSQL": (
        "postgres_admin",
        "PORTAL_TEST_POSTGRES_URL",
        "postgresql://127.0.0.1:{port}/postgres",
    ),
    "Redis": ("redis_url", "PORTAL_TEST_REDIS_URL", "redis://127.0.0.1:{port}/0"),
}
OUR_VARIABLES = ("CI", *(variable for _fixture, variable, _url in SERVERS.values()))


@pytest.fixture
def closed_port():
    """A port bound but not listening, so a connection to it is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def run_tiny_test(tmp_path: Path, fixture: str, **env: str) -> subprocess.CompletedProcess:
    """pytest, in a new process, on one test that takes `fixture` from tests/conftest.py."""
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (tmp_path / "test_tiny.py").write_text(TINY_TEST.format(fixture=fixture), encoding="utf-8")
    environ = {
        k: v
        for k, v in os.environ.items()
        if k not in OUR_VARIABLES and not k.startswith("PYTEST_")
    }
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.conftest",
            "-p",
            "no:cacheprovider",
            "-c",
            str(tmp_path / "pytest.ini"),
            "--rootdir",
            str(tmp_path),
            "-rA",
            str(tmp_path / "test_tiny.py"),
        ],
        cwd=ROOT,
        env={**environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("server", SERVERS)
def test_a_missing_server_fails_its_tests_in_ci(server, tmp_path, closed_port):
    fixture, variable, url = SERVERS[server]
    url = url.format(port=closed_port)
    run = run_tiny_test(tmp_path, fixture, CI="true", **{variable: url})
    assert run.returncode == 1, run.stdout + run.stderr
    assert run.stdout.strip().splitlines()[-1].strip("= ").startswith("1 error in"), run.stdout
    assert (
        f"{server} " in run.stdout
        and f"cannot run: no server reachable at {url}" in run.stdout
        and "(CI must have it: .ci/run starts it)" in run.stdout
    ), run.stdout


@pytest.mark.parametrize("server", SERVERS)
def test_a_missing_server_skips_its_tests_outside_ci(server, tmp_path, closed_port):
    fixture, variable, url = SERVERS[server]
    url = url.format(port=closed_port)
    run = run_tiny_test(tmp_path, fixture, **{variable: url})
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.strip().splitlines()[-1].strip("= ").startswith("1 skipped in"), run.stdout
    assert f"skipped: no server reachable at {url}" in run.stdout, run.stdout


def test_ci_helpers_leave_servers_that_answer_alone(tmp_path, postgres_admin, redis_url):
    """With PostgreSQL and Redis already answering on this machine, start_postgres and
    start_redis install nothing, start nothing and change no role or setting: every command
    that would is replaced by one that records its call."""
    missing = [tool for tool in ("pg_isready", "psql", "redis-cli") if shutil.which(tool) is None]
    if missing:  # a server reached in a container, say, with no client tools here
        server_missing(f".ci/servers.sh test skipped: no {', '.join(missing)} on this machine")
    calls = tmp_path / "calls.log"
    stubs = tmp_path / "bin"
    stubs.mkdir()
    for name in ("apt-get", "pg_ctlcluster", "redis-server", "createuser", "runuser", "sed"):
        stub = stubs / name
        stub.write_text(f'#!/bin/sh\necho "{name} $*" >> "{calls}"\nexit 1\n', encoding="utf-8")
        stub.chmod(0o755)
    run = subprocess.run(
        ["bash", "-c", "set -euo pipefail; source .ci/servers.sh; start_postgres; start_redis"],
        cwd=ROOT,
        env={**os.environ, "PATH": f"{stubs}:{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert not calls.exists(), calls.read_text(encoding="utf-8")
    assert "PostgreSQL answers" in run.stdout and "Redis answers" in run.stdout, run.stdout


@pytest.mark.parametrize("script", [".ci/run", ".ci/servers.sh"])
def test_the_ci_scripts_are_valid_bash_that_ends_in_make_test(script):
    # a broken .ci/run fails CI before any test runs, so nothing else here would notice it
    checked = subprocess.run(
        ["bash", "-n", script], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stderr
    if script == ".ci/run":
        lines = [line for line in (ROOT / script).read_text().splitlines() if line.strip()]
        assert lines[-1] == "make test"
