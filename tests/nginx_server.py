"""A real nginx on loopback, configured as docs/operations.md says: the build's
redirects.nginx.conf and an upstream of app servers in http { }, the build's portal.conf in the
site's server { }. For the tests of the generated configuration and the production test."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest


def nginx_binary() -> str:
    """nginx's path; skips (fails under CI=true) where it is not installed."""
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )
    if found is None:
        message = "nginx is not installed (apt-get install nginx): skipped"
        if os.environ.get("CI") == "true":
            pytest.fail(message.replace("skipped", "CI must install it"))
        pytest.skip(message)
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def nginx_conf(release: Path, port: int, upstreams: list[str], prefix: Path) -> str:
    """A whole nginx.conf for the release folder (dist/ and the files the build wrote beside
    it), listening on loopback."""
    servers = "\n".join(
        f"        server {address} max_fails=1 fail_timeout=2s;" for address in upstreams
    )
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers read the tests' private folders
    return f"""{user}worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    upstream portal_app {{
{servers}
        keepalive 16;
    }}
    include {release}/redirects.nginx.conf;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        root {release}/dist;
        include {release}/portal.conf;
    }}
}}
"""


def check_conf(conf: Path) -> subprocess.CompletedProcess:
    """`nginx -t` on a configuration file."""
    prefix = conf.parent
    return subprocess.run(
        [nginx_binary(), "-t", "-p", str(prefix), "-c", str(conf)],
        capture_output=True,
        text=True,
    )


@contextlib.contextmanager
def running_nginx(release: Path, upstreams: list[str], work: Path):
    """nginx serving `release` on a free loopback port; yields its base URL."""
    binary = nginx_binary()
    work.mkdir(parents=True, exist_ok=True)
    port = free_port()
    conf = work / "nginx.conf"
    conf.write_text(nginx_conf(release, port, upstreams, work), encoding="utf-8")
    process = subprocess.Popen(
        [binary, "-p", str(work), "-c", str(conf), "-g", "daemon off;"],
        stderr=subprocess.DEVNULL,  # nginx writes its errors to error.log in `work`
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            if process.poll() is not None or time.monotonic() > deadline:
                log = (work / "error.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"nginx did not start: {log}")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}", process
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def reload(process: subprocess.Popen) -> None:
    """What `systemctl reload nginx` does: new workers with the new files, no request lost."""
    process.send_signal(1)  # SIGHUP
