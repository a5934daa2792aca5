"""Rate limits per client (Flask-Limiter): one `limiter` for the whole app, which any blueprint
decorates its views with:

    from app.ratelimit import limiter, public_writes

    @limiter.limit(public_writes, methods=["POST"], error_message=breach_message)
    def view(): ...

Its settings are Flask-Limiter's own, set as PORTAL_* variables like every other setting
(app/config.py): RATELIMIT_ENABLED, RATELIMIT_STORAGE_URI (`memory://`, each process counting
for itself, or `redis://host:6379/0`, shared by every worker and replica), and the limits the
portal applies: RATELIMIT_PUBLIC_WRITES for the public API's writes (submit, validate),
RATELIMIT_DELETION_ATTEMPTS for citizens deleting a submission with its code, the RATELIMIT_RESUME_*
limits on coming back to a saved form (emails sent, codes tried) and RATELIMIT_SEARCH for each
search route (/search, /api/v1/search, /api/v1/search/suggest).

A client is its address (`request.remote_addr`): behind a proxy, the one X-Forwarded-For gives
when the connection comes from one of TRUSTED_PROXIES (app/client_address.py); without that
setting every client behind the proxy would count as the proxy.
A breach answers 429 with Retry-After (seconds): on /api/ paths in the API's problem shape.

When the shared store (Redis) cannot be reached, the limits fail open rather than failing the
request: each process counts in its own memory meanwhile (Flask-Limiter's in-memory fallback),
tries the store again after 1, 2, 4 … 32 seconds and goes back to it when it answers, with no
restart. Every loss of the store is logged as a warning with the running count of failures,
which `store_failures(app)` (app.extensions["portal.ratelimit"]) gives too. A store that
accepts connections but does not answer is given up on after STORE_TIMEOUT seconds.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from dataclasses import dataclass, field

from flask import Flask, Response, current_app, g, request
from flask_limiter import Limiter, RequestLimit
from flask_limiter.util import get_remote_address

from app import metrics
from app.logs import NO_ROUTE


def public_writes() -> str:
    """The limit on the public API's writes, read per request so each app's setting applies."""
    return current_app.config["RATELIMIT_PUBLIC_WRITES"]


def deletion_attempts() -> str:
    """The limit on citizens' tries at deleting a submission with its code (/forms/delete)."""
    return current_app.config["RATELIMIT_DELETION_ATTEMPTS"]


def resume_emails_per_address() -> str:
    """The limit on emails with a link to a saved form, per address (app/forms/save_return.py)."""
    return current_app.config["RATELIMIT_RESUME_EMAILS_PER_ADDRESS"]


def resume_emails_per_client() -> str:
    return current_app.config["RATELIMIT_RESUME_EMAILS_PER_CLIENT"]


def resume_tries_per_client() -> str:
    """The limit on a client's tries at a saved form's reference and resume code."""
    return current_app.config["RATELIMIT_RESUME_TRIES_PER_CLIENT"]


def resume_wrong_codes() -> str:
    """Wrong codes for one reference, from anyone, before it is locked for the period."""
    return current_app.config["RATELIMIT_RESUME_WRONG_CODES"]


def searches() -> str:
    """The limit per client on each search route: a search costs CPU that others wait for."""
    return current_app.config["RATELIMIT_SEARCH"]


def searches_breach_message() -> str:
    return (
        f"Too many searches from this client: at most {searches()}. Try again after the "
        "number of seconds in Retry-After."
    )


def too_many_requests(breach: RequestLimit) -> None:
    """Note when the client may try again; the 429 itself is the app's error handlers' (the
    API's problem shape on /api/ paths)."""
    g.retry_after = max(1, math.ceil(breach.reset_at - time.time()))
    rule = request.url_rule
    metrics.RATE_LIMIT_REFUSALS.labels(rule.rule if rule is not None else NO_ROUTE).inc()


def add_retry_after(response: Response) -> Response:
    wait = g.get("retry_after")
    if response.status_code == 429 and wait is not None:
        response.headers["Retry-After"] = str(wait)
    return response


def breach_message() -> str:
    return (
        f"Too many requests from this client: at most {public_writes()}. Try again after "
        "the number of seconds in Retry-After."
    )


# The storage is chosen by each app's RATELIMIT_STORAGE_URI when `init_app` runs, so none is
# given here (given here, it would win over the setting). A store that fails never fails the
# request: the in-memory fallback counts meanwhile, and any other error is logged and swallowed.
limiter = Limiter(
    get_remote_address,
    on_breach=too_many_requests,
    headers_enabled=False,
    in_memory_fallback_enabled=True,
    swallow_errors=True,
)

EXTENSION = "portal.ratelimit"
STORE_TIMEOUT = 0.5  # seconds to connect to Redis, and for it to answer a command
log = logging.getLogger(__name__)


@dataclass
class StoreFailures:
    """How often this process found the rate-limit store unreachable (or failing)."""

    count: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self) -> int:
        with self._lock:
            self.count += 1
            return self.count


FAILURES = StoreFailures()  # one limiter per process, so one count per process


class _CountStoreFailures(logging.Handler):
    """Flask-Limiter says when the store fails only in its log (a warning when it falls back to
    memory, an error when it swallows one): count those, and say it in the portal's words."""

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno < logging.WARNING:
            return
        failures = FAILURES.add()
        metrics.RATE_LIMIT_STORE_FAILURES.inc()
        log.warning(
            "rate-limit store unreachable (%d failures in this process so far): serving "
            "requests, counted in this process's memory until the store answers again",
            failures,
        )


_counter = _CountStoreFailures()


def store_failures(app: Flask) -> int:
    return app.extensions[EXTENSION].count


def init_ratelimit(app: Flask) -> None:
    if app.config["RATELIMIT_STORAGE_URI"].startswith(("redis://", "rediss://")):
        app.config.setdefault(
            "RATELIMIT_STORAGE_OPTIONS",
            {"socket_connect_timeout": STORE_TIMEOUT, "socket_timeout": STORE_TIMEOUT},
        )
    # One limiter serves every app of a process (tests make many), and Flask-Limiter keeps some
    # of an app's state past the next init_app (private attributes of the pinned 4.1.1): each
    # app starts from its own key prefix and storage options (the first app's prefix stuck, and
    # the options added up), on its own store (a store that was lost was the app before's), and
    # with the back-off before it looks at a lost store again started afresh (1 s, then 2, 4 …
    # 32), not where the app before left it.
    limiter._key_prefix = None
    limiter._storage_options = {}
    limiter.init_app(app)
    limiter._storage_dead = False
    limiter._Limiter__check_backend_count = 0
    limiter._Limiter__last_check_backend = time.time()
    if _counter not in limiter.logger.handlers:
        limiter.logger.addHandler(_counter)
        limiter.logger.setLevel(logging.WARNING)  # counted whatever the root logger's level
    app.extensions[EXTENSION] = FAILURES
    app.after_request(add_retry_after)
