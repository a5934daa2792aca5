"""The production test's PostgreSQL: a server of its own, so that it can be restarted for real
and its databases dumped and restored with the server's own tools, without touching the
machine's server on 5432.

`PrivatePostgres` runs Debian's (or any) `initdb` and `pg_ctl` in a temporary folder on a free
loopback port. PostgreSQL refuses to run as root, so as root (CI) it runs them as the `postgres`
user with `runuser`, as `pg_ctlcluster` does. Where that cannot be done (no PostgreSQL server
programs, no `postgres` user) `ProxiedPostgres` is the fallback: a database on the machine's
server, reached through a TCP proxy that a "restart" cuts (every connection dropped, the port
refused), which is what clients see of a restart but not a restart; `notice` says so.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from tests.conftest import ADMIN_URL, _admin_connection, _first_line
from tests.nginx_server import free_port
from tests.tcp_proxy import TcpProxy

SUPERUSER = "postgres"
START_SECONDS = 60  # pg_ctl's wait: generous, the machine may be busy
PROXIED_OUTAGE = 3.0  # seconds the proxy stays cut for a "restart"


class NoPrivateServer(RuntimeError):
    """A PostgreSQL server of the test's own cannot be run here; the message says why."""


def server_programs() -> Path:
    """The folder of the newest PostgreSQL server's programs (initdb, pg_ctl, pg_dump …)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    initdb = found[-1] if found else shutil.which("initdb")
    if initdb is None:
        raise NoPrivateServer("no initdb (apt-get install postgresql)")
    folder = Path(initdb).resolve().parent
    if not (folder / "pg_ctl").exists():
        raise NoPrivateServer(f"no pg_ctl beside {initdb}")
    return folder


def _as_server_user() -> list[str]:
    """The prefix that runs a command as a user PostgreSQL accepts: none unless root."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        raise NoPrivateServer("running as root with no `postgres` user to run it as") from None
    runuser = shutil.which("runuser")
    if runuser is None:
        raise NoPrivateServer("running as root without runuser to run it as `postgres`")
    return [runuser, "-u", "postgres", "--"]


class PrivatePostgres:
    """initdb in a new temporary folder, then pg_ctl to start, stop and restart it."""

    real = True
    notice = ""

    def __init__(self, durable: bool = False):
        self.durable = durable  # fsync on, as a real server: for the load run's figures
        self.bin = server_programs()
        self.prefix = _as_server_user()
        # Not under pytest's temporary folder, which only its user may enter.
        self.folder = Path(tempfile.mkdtemp(prefix="portal-postgres-"))
        if self.prefix:
            shutil.chown(self.folder, "postgres", "postgres")
        self.data = self.folder / "data"
        self.port = free_port()

    def _run(self, program: str, *args: str) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [*self.prefix, str(self.bin / program), *args],
            cwd=self.folder,
            capture_output=True,
            text=True,
            timeout=START_SECONDS + 30,
        )
        if done.returncode != 0:
            raise NoPrivateServer(f"{program} failed: {(done.stderr or done.stdout).strip()}")
        return done

    def create(self) -> PrivatePostgres:
        settings = ["--auth=trust", "--no-sync", "--encoding=UTF8", "--locale=C.UTF-8"]
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, *settings)
        self.start()
        return self

    def start(self) -> None:
        # fsync off for the tests: a restart (even `-m immediate`) loses nothing committed
        # without it, since the files stay in the machine's page cache.
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} "
            f"-c fsync={'on' if self.durable else 'off'} -c max_connections=200"
        )
        log = str(self.folder / "server.log")
        wait = ["-w", "-t", str(START_SECONDS)]
        self._run("pg_ctl", "start", "-D", str(self.data), *wait, "-l", log, "-o", options)

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "stop", "-D", str(self.data), "-m", mode, "-w")

    def restart(self, down: float = 2.0) -> None:
        """Stopped as a crash stops it (every backend gone, no checkpoint), down for `down`
        seconds (a bigger server's recovery), then started: it recovers from its write-ahead
        log."""
        self.stop("immediate")
        time.sleep(down)  # the length of the outage, not a wait for something
        self.start()

    def started_at(self) -> str:
        with psycopg.connect(self.url("postgres", driver=False), autocommit=True) as c:
            return str(c.execute("SELECT pg_postmaster_start_time()").fetchone()[0])

    def url(self, database: str, driver: bool = True) -> str:
        """The app servers' URL (SQLAlchemy's), or libpq's without the driver."""
        scheme = "postgresql+psycopg" if driver else "postgresql"
        return f"{scheme}://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def direct_url(self, database: str, driver: bool = True) -> str:
        return self.url(database, driver)  # the test's own way in is the servers' way in

    def admin(self):
        return psycopg.connect(self.url("postgres", driver=False), autocommit=True)

    def program(self, name: str) -> str:
        """pg_dump or pg_restore of the server's own version."""
        return str(self.bin / name)

    def remove(self) -> None:
        with contextlib.suppress(NoPrivateServer):
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


class ProxiedPostgres:
    """The fallback: databases on the machine's server (PORTAL_TEST_POSTGRES_URL), the app
    servers' connections through a proxy whose cut stands in for a restart."""

    real = False

    def __init__(self, why: str):
        self.notice = (
            f"PostgreSQL is not really restarted: no server of the test's own ({why}); "
            "the connections to the machine's server are cut for "
            f"{PROXIED_OUTAGE:g} s instead"
        )
        target = make_url(ADMIN_URL)
        self.proxy = TcpProxy((target.host or "127.0.0.1", target.port or 5432))

    def create(self) -> ProxiedPostgres:
        self.proxy.start()
        return self

    def restart(self, down: float = PROXIED_OUTAGE) -> None:
        self.proxy.stop()
        time.sleep(down)  # the length of the outage, not a wait for something
        self.proxy.start()

    def started_at(self) -> str:
        return ""  # not restarted: the machine's server is left alone

    def _url(self, database: str, port: int | None, driver: bool) -> str:
        url = make_url(ADMIN_URL).set(
            drivername="postgresql+psycopg" if driver else "postgresql", database=database
        )
        if port is not None:
            url = url.set(host="127.0.0.1", port=port)
        return url.render_as_string(hide_password=False)

    def url(self, database: str) -> str:
        return self._url(database, self.proxy.port, True)

    def direct_url(self, database: str, driver: bool = True) -> str:
        return self._url(database, None, driver)

    def admin(self):
        return _admin_connection()

    def program(self, name: str) -> str:
        return shutil.which(name) or name

    def remove(self) -> None:
        self.proxy.stop()


def database_server(durable: bool = False):
    """A private server where one can be run, else the proxied machine's server; psycopg's
    OperationalError when there is neither."""
    try:
        server = PrivatePostgres(durable)
    except NoPrivateServer as error:
        why = str(error)
    else:
        try:
            return server.create()
        except (NoPrivateServer, subprocess.TimeoutExpired) as error:
            server.remove()
            why = _first_line(error)
    _admin_connection().close()  # raises when the machine has no server either
    return ProxiedPostgres(why).create()


def back_up(server, database: str, file: Path) -> None:
    """`pg_dump --format=custom`, as docs/operations.md says to back up."""
    url = server.direct_url(database, driver=False)
    _tool([server.program("pg_dump"), "--format=custom", "--file", str(file), url])


def restore(server, file: Path, database: str) -> None:
    """A new, empty database, then `pg_restore` of the backup into it."""
    with server.admin() as admin:
        admin.execute(f'CREATE DATABASE "{database}"')
    url = server.direct_url(database, driver=False)
    _tool([server.program("pg_restore"), "--exit-on-error", "--no-owner", "-d", url, str(file)])


def _tool(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{Path(command[0]).name} failed: {done.stderr}"
