"""GET /healthz and GET /readyz, for load balancers and orchestrators.

/healthz: the process answers (200, `{"status": "ok"}`), nothing else looked at, so a database
outage never gets every server restarted. /readyz: the server can serve, so send it traffic:
the database answers within HEALTH_CHECK_TIMEOUT seconds, its migrations are current and the
search index opens. 200 `{"status": "ready", "checks": {...}}`, or 503 in the API's problem shape
with the same `checks`, naming which failed:

    {"type": "about:blank", "title": "Service Unavailable", "status": 503,
     "detail": "Not ready: database.", "checks": {"database": "failed",
     "migrations": "not checked", "search_index": "ok"}}

No personal data and no details (the log has them, as a warning with the request's id). Both
are exempt from the rate limits and CSRF and answer on any host name TRUSTED_HOSTS lists
(a probe that addresses the server by IP sends that IP as Host: list it, the port aside).
nginx does not pass them on (app/reserved_urls.py): probe each app server directly.
"""

from __future__ import annotations

import json
import logging

from flask import Blueprint, Flask, Response, current_app

from app.csrf import csrf
from app.ratelimit import limiter
from app.search.web import search_service
from app.store import EXTENSION as ENGINE_EXTENSION
from app.store import get_engine
from app.store.engine import Timeouts, make_engine

from .checks import Check, DatabaseProbe, migrations_check, probe_database, search_index_check

bp = Blueprint("health", __name__)
PROBE_ENGINE = "portal.health.engine"
log = logging.getLogger(__name__)


def _json(body: dict, status: int = 200, mimetype: str = "application/json") -> Response:
    response = Response(json.dumps(body), status, mimetype=mimetype)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
@limiter.exempt
def healthz():
    return _json({"status": "ok"})


def probe_engine(app: Flask):
    """An engine of its own with the short timeouts, so a probe neither waits behind the
    requests for a pooled connection nor waits the requests' longer timeouts. Its connection is
    closed after each probe (`probe`): each probe connects afresh, as a new request might have
    to, and none is left open to hold up the database (dropping it, say)."""
    engine = app.extensions.get(PROBE_ENGINE)
    if engine is None:
        seconds = app.config["HEALTH_CHECK_TIMEOUT"]
        engine = app.extensions[PROBE_ENGINE] = make_engine(
            app.config["DATABASE_URL"], Timeouts(connect=seconds, statement=seconds)
        )
    return engine


def probe(app: Flask) -> DatabaseProbe:
    engine = probe_engine(app)
    try:
        return probe_database(engine)
    finally:
        engine.dispose()


def database_and_migrations(app: Flask) -> list[Check]:
    probe_now = probe(app)
    if not probe_now.check.ok:
        return [probe_now.check]
    if ENGINE_EXTENSION not in app.extensions:
        # The service migrates the database when it first opens it, which no request may have
        # done yet: do it now, as the first request would, then look again.
        try:
            get_engine(app)
        except Exception:
            log.exception("opening and migrating the database for /readyz failed")
        probe_now = DatabaseProbe(probe_now.check, probe(app).revisions)
    return [probe_now.check, migrations_check(probe_now.revisions)]


@bp.get("/readyz")
@limiter.exempt
def readyz():
    app = current_app._get_current_object()
    checks = [*database_and_migrations(app), search_index_check(search_service(app))]
    results = {check.name: "ok" if check.ok else "failed" for check in checks}
    results = {"database": "not checked", "migrations": "not checked", **results}
    failed = [check for check in checks if not check.ok]
    if not failed:
        return _json({"status": "ready", "checks": results})
    for check in failed:
        log.warning("not ready: %s: %s", check.name, check.detail)
    names = ", ".join(check.name for check in failed)
    return _json(
        {
            "type": "about:blank",
            "title": "Service Unavailable",
            "status": 503,
            "detail": f"Not ready: {names}.",
            "checks": results,
        },
        503,
        mimetype="application/problem+json",
    )


def init_health_web(app: Flask) -> None:
    csrf.exempt(bp)
    app.register_blueprint(bp)
