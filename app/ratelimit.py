"""Rate limits per client (Flask-Limiter): one `limiter` for the whole app, which any blueprint
decorates its views with:

    from app.ratelimit import limiter, public_writes

    @limiter.limit(public_writes, methods=["POST"], error_message=breach_message)
    def view(): ...

Its settings are Flask-Limiter's own, set as PORTAL_* variables like every other setting
(app/config.py): RATELIMIT_ENABLED, RATELIMIT_STORAGE_URI (`memory://`, each process counting
for itself, or `redis://host:6379/0`, shared by every worker and replica), and the limits the
portal applies: RATELIMIT_PUBLIC_WRITES for the public API's writes (submit, validate),
RATELIMIT_DELETION_ATTEMPTS for citizens deleting a submission with its code and RATELIMIT_SEARCH
for each search route (/search, /api/v1/search, /api/v1/search/suggest).

A client is its address (`request.remote_addr`): behind a proxy, have the WSGI server or
werkzeug's ProxyFix set it from X-Forwarded-For, or every client counts as the proxy.
A breach answers 429 with Retry-After (seconds): on /api/ paths in the API's problem shape.
"""

from __future__ import annotations

import math
import time

from flask import Flask, Response, current_app, g
from flask_limiter import Limiter, RequestLimit
from flask_limiter.util import get_remote_address


def public_writes() -> str:
    """The limit on the public API's writes, read per request so each app's setting applies."""
    return current_app.config["RATELIMIT_PUBLIC_WRITES"]


def deletion_attempts() -> str:
    """The limit on citizens' tries at deleting a submission with its code (/forms/delete)."""
    return current_app.config["RATELIMIT_DELETION_ATTEMPTS"]


def searches() -> str:
    """The limit per client on each search route: a search costs CPU that others wait for."""
    return current_app.config["RATELIMIT_SEARCH"]


def searches_breach_message() -> str:
    return (f"Too many searches from this client: at most {searches()}. Try again after the "
            "number of seconds in Retry-After.")


def too_many_requests(breach: RequestLimit) -> None:
    """Note when the client may try again; the 429 itself is the app's error handlers' (the
    API's problem shape on /api/ paths)."""
    g.retry_after = max(1, math.ceil(breach.reset_at - time.time()))


def add_retry_after(response: Response) -> Response:
    wait = g.get("retry_after")
    if response.status_code == 429 and wait is not None:
        response.headers["Retry-After"] = str(wait)
    return response


def breach_message() -> str:
    return (f"Too many requests from this client: at most {public_writes()}. Try again after "
            "the number of seconds in Retry-After.")


# The storage is chosen by each app's RATELIMIT_STORAGE_URI when `init_app` runs, so none is
# given here (given here, it would win over the setting).
limiter = Limiter(get_remote_address, on_breach=too_many_requests, headers_enabled=False)


def init_ratelimit(app: Flask) -> None:
    limiter.init_app(app)
    app.after_request(add_retry_after)
