"""Rate limits per client (Flask-Limiter): one `limiter` for the whole app, which any blueprint
decorates its views with:

    from app.ratelimit import limiter, public_writes

    @limiter.limit(public_writes)
    def view(): ...

Its settings are Flask-Limiter's own, set as PORTAL_* variables like every other setting
(app/config.py): RATELIMIT_ENABLED, RATELIMIT_STORAGE_URI (`memory://`, each process counting
for itself, or `redis://host:6379/0`, shared by every worker and replica), and the limits the
portal applies: RATELIMIT_PUBLIC_WRITES for the public API's writes (submit, validate).

A client is its address (`request.remote_addr`): behind a proxy, have the WSGI server or
werkzeug's ProxyFix set it from X-Forwarded-For, or every client counts as the proxy.
A breach answers 429 with Retry-After: on /api/ paths in the API's problem shape.
"""

from __future__ import annotations

import math
import time

from flask import Flask, Response, current_app, request
from flask_limiter import Limiter, RequestLimit
from flask_limiter.util import get_remote_address

from app.api.errors import API_PREFIX, ApiError, problem_response


def public_writes() -> str:
    """The limit on the public API's writes, read per request so each app's setting applies."""
    return current_app.config["RATELIMIT_PUBLIC_WRITES"]


def retry_after(breach: RequestLimit) -> int:
    return max(1, math.ceil(breach.reset_at - time.time()))


def too_many_requests(breach: RequestLimit) -> Response:
    wait = retry_after(breach)
    detail = (f"Too many requests from this client: the limit is {breach.limit}. "
              f"Try again in {wait} second{'s' if wait != 1 else ''}.")
    if request.path.startswith(API_PREFIX):
        error = ApiError(429, detail)
        error.headers["Retry-After"] = str(wait)
        return problem_response(error)
    return Response(detail, 429, {"Retry-After": str(wait)}, mimetype="text/plain")


# The storage is chosen by each app's RATELIMIT_STORAGE_URI when `init_app` runs, so none is
# given here (given here, it would win over the setting).
limiter = Limiter(get_remote_address, on_breach=too_many_requests, headers_enabled=False)


def init_ratelimit(app: Flask) -> None:
    limiter.init_app(app)
