"""One JSON log line for every request the service answers, and the request id that ties it to
the proxy's log and to any other line logged meanwhile.

The id is the `X-Request-Id` header when the proxy sent one that looks like an id (nginx's
`$request_id` is 32 hex digits; up to 128 letters, digits, `-`, `_`, `.` and `:` are taken), or
else a new random one; either way it goes back in the response's `X-Request-Id` header and is put
in the WSGI environ (`portal.request_id`, with `portal.route`) for gunicorn's access log.

The line names the route (the URL rule, `/forms/<form_id>/<page_id>`), never the path, which
may hold a reference or a draft's id, nor the query string (a search is what someone typed),
the body, cookies or keys:

    {"message": "POST /api/v1/forms/<form_id>/submissions 201", "request_id": "…",
     "method": "POST", "route": "/api/v1/forms/<form_id>/submissions", "status": 201,
     "duration_ms": 8.4, …}

The same numbers feed the request metrics (app/metrics).
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, Response, g, request

from app import metrics
from app.logs import ENVIRON_ID, ENVIRON_ROUTE, NO_ROUTE, REQUEST_ID

HEADER = "X-Request-Id"
SANE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")

log = logging.getLogger(__name__)


def request_id_from(header: str | None) -> str:
    """The proxy's id when it looks like one, else a new one (32 hex digits, as nginx's)."""
    if header and SANE_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def route_of_request() -> str:
    rule = request.url_rule
    return rule.rule if rule is not None else NO_ROUTE


def start_request() -> None:
    g.request_started = time.perf_counter()
    g.request_id = request_id_from(request.headers.get(HEADER))
    request.environ[ENVIRON_ID] = g.request_id


def finish_request(response: Response) -> Response:
    started = g.get("request_started")
    if started is None:  # a response made before the first hook ran: nothing to time
        return response
    seconds = time.perf_counter() - started
    route = route_of_request()
    request.environ[ENVIRON_ROUTE] = route
    response.headers[HEADER] = g.get(REQUEST_ID)
    status = response.status_code
    metrics.observe_request(route, request.method, status, seconds)
    log.info(
        "%s %s %d",
        request.method,
        route,
        status,
        extra={
            "method": request.method,
            "route": route,
            "status": status,
            "duration_ms": round(seconds * 1000, 1),
        },
    )
    return response


def init_request_log(app: Flask) -> None:
    """First of the app's request hooks: its before-request runs before any other (the id is
    set even for a request the next hook refuses), and its after-request last (Flask runs them
    in reverse), so it logs the status and headers the client gets."""
    app.before_request_funcs.setdefault(None, []).insert(0, start_request)
    app.after_request(finish_request)
