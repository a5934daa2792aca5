"""gunicorn's logs in the portal's JSON shape (app/logs.py): `logger_class` in gunicorn.conf.py.

Its error log (the master's and workers' own lines: booting, signals, a worker timing out) and,
when turned on (`--access-logfile -`), its access log are written as JSON lines, and the app's
own loggers write through the same handlers, so that everything a server says is one stream of
one shape. The access line has the app's fields: the request id and route the app left in the
WSGI environ, the method, status, duration and bytes sent, and the client's address; never the
path or the query string.
"""

from __future__ import annotations

import logging

from gunicorn.glogging import Logger

from app.logs import ENVIRON_ID, ENVIRON_ROUTE, NO_ROUTE, JsonFormatter, RequestIdFilter

SHARED = "_portal_shared"  # marks the handlers this class lends the root logger


class JsonLogger(Logger):
    def setup(self, cfg) -> None:
        super().setup(cfg)
        formatter, request_ids = JsonFormatter(), RequestIdFilter()
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(formatter)
                if request_ids not in handler.filters:
                    handler.addFilter(request_ids)
        # The app's loggers (and the libraries') propagate to the root: give it the error log's
        # handlers, at its level, replacing those of a previous setup (a reload runs it again).
        root = logging.getLogger()
        for handler in [h for h in root.handlers if getattr(h, SHARED, False)]:
            root.removeHandler(handler)
        for handler in self.error_log.handlers:
            setattr(handler, SHARED, True)
            root.addHandler(handler)
        root.setLevel(self.loglevel)

    def access(self, resp, req, environ, request_time) -> None:
        if not self.access_log_enabled:
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        method = environ.get("REQUEST_METHOD", "-")
        route = environ.get(ENVIRON_ROUTE, NO_ROUTE)
        try:
            self.access_log.info(
                "%s %s %s",
                method,
                route,
                status,
                extra={
                    "request_id": environ.get(ENVIRON_ID),
                    "method": method,
                    "route": route,
                    "status": int(status),
                    "duration_ms": round(request_time.total_seconds() * 1000, 1),
                    "remote_addr": environ.get("REMOTE_ADDR"),
                    "bytes": getattr(resp, "sent", None),
                },
            )
        except Exception:
            self.exception("could not write the access log line")
