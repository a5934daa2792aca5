"""The portal's log lines: one JSON object a line, the same shape from the app, its commands and
gunicorn (app/gunicorn_logging.py), so that one parser reads them all.

    {"time": "2026-06-15T09:30:00.123+00:00", "level": "INFO", "logger": "app.request_log",
     "message": "GET /search 200", "request_id": "…", "route": "/search", "method": "GET",
     "status": 200, "duration_ms": 12.3}

`time`, `level`, `logger` and `message` are always there; `request_id` is on every line logged
while a request is handled (so an error's traceback can be found from the request's line); the
other fields come from `extra=` (FIELDS lists those the formatter passes on), and `exception`
holds a traceback. Nothing here decides what is safe to log: the callers never pass answers,
query strings, form bodies, keys or cookies.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys

# The `extra=` fields a log line may carry, in the order they are written.
FIELDS = (
    "request_id",
    "method",
    "route",
    "status",
    "duration_ms",
    "remote_addr",
    "bytes",
)
# A request id is given to each record by RequestIdFilter; outside a request there is none.
REQUEST_ID = "request_id"
# Where app/request_log.py leaves the request's id and route in the WSGI environ, for gunicorn's
# access log (app/gunicorn_logging.py), which is written after the app has answered.
ENVIRON_ID = "portal.request_id"
ENVIRON_ROUTE = "portal.route"
# The route of a request that matched none (a refused Host, a 404 outside the built files): one
# label for them all, so that made-up paths cannot add routes to the logs or to the metrics.
NO_ROUTE = "(no route)"


class JsonFormatter(logging.Formatter):
    """One JSON object a line (no newline inside: tracebacks are escaped in `exception`)."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class RequestIdFilter(logging.Filter):
    """Give every record logged during a request that request's id (app/request_log.py sets it),
    whichever logger it comes from: Flask's own traceback of an error included."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, REQUEST_ID, None) is None:
            record.request_id = _current_request_id()
        return True


def _current_request_id() -> str | None:
    # Imported here: this module is also gunicorn's (its master runs no Flask request).
    from flask import g, has_request_context

    if not has_request_context():
        return None
    return g.get(REQUEST_ID)


def json_handler(stream=None) -> logging.Handler:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    return handler


# Werkzeug's development server logs each request as '"GET /search?q=… HTTP/1.1" 200 -': the
# query string (what was searched, typed answers), and the service's own line says it already.
WERKZEUG_REQUEST_LINE = '"%s" %s %s'


class DropWerkzeugRequestLines(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.name == "werkzeug" and record.msg == WERKZEUG_REQUEST_LINE)


_drop_request_lines = DropWerkzeugRequestLines()


def configure_logging(level: int = logging.INFO) -> None:
    """JSON lines on stderr at `level`, for the app's loggers and every library's, unless the
    process has set logging up itself (a root logger with handlers is left as it is, as
    `logging.basicConfig` would leave it): gunicorn's logger class has (app/gunicorn_logging.py,
    at gunicorn's --log-level), and so has pytest. Called by every service app; the first call
    in a process does it."""
    werkzeug = logging.getLogger("werkzeug")
    if _drop_request_lines not in werkzeug.filters:
        werkzeug.addFilter(_drop_request_lines)
    root = logging.getLogger()
    if root.handlers:
        return
    root.addHandler(json_handler())
    root.setLevel(level)
