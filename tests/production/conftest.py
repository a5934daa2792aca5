"""The production test's portal (`make production-test`; `make test` runs it too): the sample
content, its pothole form delivering to an agency receiver, built and published as a release;
nginx with the build's configuration on loopback in front of two app servers (gunicorn, 2
workers each) with a delivery worker beside each; a PostgreSQL server of its own (postgres.py:
or, where none can be run, a database on the machine's server behind a proxy) and a private
Redis. Started once for the module, taken down and its database dropped at the end.

Where a component is missing (nginx, redis-server, gunicorn, a PostgreSQL server to make the
database on) the whole module skips with one line saying which; under CI=true it fails instead.
"""

from __future__ import annotations

import base64
import contextlib
import shutil
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.pipeline import build
from app.pipeline.publish import make_target, publish
from app.store import init_db
from app.store.tables import deliveries, submissions
from tests.conftest import SAMPLE, _first_line, server_missing
from tests.nginx_server import nginx_binary, running_nginx

from .agency import AgencyReceiver
from .citizen import Citizen
from .postgres import PrivatePostgres, ProxiedPostgres, database_server
from .stack import AppServer, PrivateRedis, copy_content, end_all, server_env, wait_until

SECRET_ENV = "POTHOLE_WEBHOOK_SECRET"
WEBHOOK_SECRET = "whsec_" + base64.b64encode(bytes(range(32))).decode()
POTHOLE_FORM = "report-a-pothole"
MISSING = "production test skipped: {what}"


def required_binaries() -> str:
    """redis-server's path; skips the module (fails under CI=true) when a program is missing."""
    nginx_binary()  # skips or fails with its own line
    if not (Path(sys.executable).parent / "gunicorn").exists():
        server_missing(MISSING.format(what="gunicorn is not installed beside this Python"))
    redis = shutil.which("redis-server")
    if redis is None:
        server_missing(
            MISSING.format(what="redis-server is not installed (apt-get install redis-server)")
        )
    return redis


@dataclass
class Portal:
    """What the tests drive and look at."""

    base: str
    servers: list[AppServer]
    redis: PrivateRedis
    database: PrivatePostgres | ProxiedPostgres  # restart() restarts it (or cuts the proxy)
    name: str  # the database's name on it
    receiver: AgencyReceiver
    engine: sa.Engine  # the test's own connection to the database, never through a proxy
    root: Path
    content: Path
    nginx_pid: int
    builds: list[Path] = field(default_factory=list)

    def citizen(self, address: str | None = None) -> Citizen:
        return Citizen(self.base, address)

    def served_by(self, request_id: str, timeout: float = 10) -> str:
        """The name of the app server whose log has this request."""
        return wait_until(
            lambda: next((s.name for s in self.servers if s.served(request_id)), None),
            timeout,
            f"the request {request_id} in an app server's log",
        )

    def references(self) -> set[str]:
        with self.engine.connect() as conn:
            query = sa.select(submissions.c.reference).where(submissions.c.form_id == POTHOLE_FORM)
            return set(conn.execute(query).scalars())

    def undelivered(self) -> int:
        with self.engine.connect() as conn:
            query = (
                sa.select(sa.func.count())
                .select_from(deliveries)
                .where(deliveries.c.status != "delivered")
            )
            return conn.execute(query).scalar_one()

    def delivery_status(self, reference: str) -> tuple[str, int]:
        """The delivery's status and how many attempts were recorded."""
        with self.engine.connect() as conn:
            query = sa.select(deliveries.c.status, deliveries.c.attempts).where(
                deliveries.c.reference == reference
            )
            return tuple(conn.execute(query).one())

    def publish(self) -> None:
        """Build the content folder as it is now and publish it to the servers' folder, as
        `build.py build` then `build.py publish --nginx-reload 'kill -HUP <nginx>'`."""
        out = self.root / f"build-{len(self.builds)}"
        build(self.content, out / "dist", index_dir=out / "search-index")
        publish(
            out / "dist",
            out / "search-index",
            [make_target(str(self.root / "srv"), reload_command=f"kill -HUP {self.nginx_pid}")],
        )
        self.builds.append(out)


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    redis_binary = required_binaries()
    try:
        database = database_server()
    except Exception as error:  # any failure to connect means: no server here
        server_missing(MISSING.format(what=f"no PostgreSQL server ({_first_line(error)})"))
    try:
        with running_portal(tmp_path_factory.mktemp("production"), redis_binary, database) as made:
            yield made
    finally:
        database.remove()


@contextlib.contextmanager
def running_portal(root: Path, redis_binary: str, database, **settings):
    """The whole portal in `root`, on a new database on the `database` server (dropped at the
    end); `settings` (PORTAL_* names without the prefix) are given to both app servers."""
    name = f"portal_production_{uuid.uuid4().hex[:12]}"
    with database.admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    receiver = AgencyReceiver(WEBHOOK_SECRET)
    receiver.start()
    redis = PrivateRedis(redis_binary, root)
    servers: list[AppServer] = []
    engine = None
    try:
        content = copy_content(SAMPLE, root / "content", receiver.url, SECRET_ENV)
        out = root / "build-first"
        build(content, out / "dist", index_dir=out / "search-index")
        publish(out / "dist", out / "search-index", [make_target(str(root / "srv"))])
        url = database.url(name)
        # Migrated once before the servers start, as a deploy does, rather than by two servers
        # racing to do it; the test reads it directly, never through a proxy it cuts.
        engine = init_db(database.direct_url(name))
        redis.start()
        secrets = {"SECRET_KEY": uuid.uuid4().hex * 2, SECRET_ENV: WEBHOOK_SECRET}
        for n in (1, 2):
            env = server_env(root / "srv" / "current", url, redis.url, secrets, root / f"m{n}")
            env.update({f"PORTAL_{key}": str(value) for key, value in settings.items()})
            servers.append(AppServer(f"app{n}", env, root))
        for server in servers:
            server.launch()
        for server in servers:
            server.wait_ready()
            server.start_worker()
        with running_nginx(
            root / "srv" / "current", [s.address for s in servers], root / "nginx"
        ) as (base, process):
            yield Portal(
                base, servers, redis, database, name, receiver, engine, root, content, process.pid
            )
    finally:
        end_all([p for s in servers for p in (s.worker, s.gunicorn)] + [redis.process])
        receiver.stop()
        if engine is not None:
            engine.dispose()
        with database.admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
