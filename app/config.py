"""Settings: defaults in code, then PORTAL_* environment variables, then the dict given to
create_app. The environment is read when the app is created, never at import."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent

DEFAULTS: dict[str, Any] = {
    # Where the static site is read from when the app serves it (`flask --app app run`).
    "DIST_DIR": str(PROJECT_ROOT / "dist"),
    # Where content is read from by the build.
    "CONTENT_DIR": str(PROJECT_ROOT / "content"),
    # The content the service needs (site settings, forms, organisations' names), as the build
    # compiled it into `service.json` beside its output folder (app/service_content.py). Set on
    # an app server, which then never reads CONTENT_DIR; empty (development, tests): the
    # service reads CONTENT_DIR itself.
    "SERVICE_DATA": "",
    # The search index the build writes and the search service reads.
    "SEARCH_INDEX_DIR": str(PROJECT_ROOT / "search-index"),
    # Reload open pages when the site is rebuilt (set by `build.py serve`).
    "LIVE_RELOAD": False,
    # Where drafts and submissions are stored: SQLite by default, PostgreSQL when the URL names one
    # (`postgresql://user@host/db`). A plain DATABASE_URL variable is honoured too.
    "DATABASE_URL": f"sqlite:///{PROJECT_ROOT / 'instance' / 'portal.db'}",
    # Seconds before the database is given up on, so that one that hangs costs a request a few
    # seconds and a 503 ("your answers are saved") rather than the whole service: to connect
    # (or wait for a pooled connection), and for one statement, lock waits included
    # (PostgreSQL's statement_timeout; SQLite's busy timeout). Raise the statement timeout for
    # a long one-off command (`PORTAL_DATABASE_STATEMENT_TIMEOUT=600 flask forms purge`).
    "DATABASE_CONNECT_TIMEOUT": 5,
    "DATABASE_STATEMENT_TIMEOUT": 10,
    # Signs the session cookie that holds the forms' CSRF token. This value is for development
    # only: set PORTAL_SECRET_KEY to a long random string wherever the portal really runs.
    "SECRET_KEY": "development-only-not-secret",
    # Rate limits per client (Flask-Limiter's settings, app/ratelimit.py): on or off; where the
    # counts live (`memory://`: each process counts for itself; `redis://host:6379/0`: shared by
    # every worker); and the limit on the public API's writes (submit, validate), in
    # Flask-Limiter's notation ("120 per minute", "10/second;1000/hour").
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_PUBLIC_WRITES": "120 per minute",
    "RATELIMIT_DELETION_ATTEMPTS": "10 per minute;100 per day",
    # "Save and come back later" (docs/forms.md): emails with a resume link, per address asked
    # for and per client; tries at a reference and resume code, per client and, wrong ones only,
    # per reference: past that, the reference is locked for the rest of the period, whoever
    # tries (with Redis, across every server).
    "RATELIMIT_RESUME_EMAILS_PER_ADDRESS": "3 per hour;10 per day",
    "RATELIMIT_RESUME_EMAILS_PER_CLIENT": "10 per hour;50 per day",
    "RATELIMIT_RESUME_TRIES_PER_CLIENT": "10 per minute;100 per day",
    "RATELIMIT_RESUME_WRONG_CODES": "5 per 15 minutes",
    # The site's public address (https://www.gov.nm.example), which absolute URLs in answers
    # are made from (never the request's Host header, which any client sets). Empty: site.yaml's
    # `base_url`; set it where the site was built with `build.py --base-url`, to the same value.
    "BASE_URL": "",
    # Flask's own setting: the host names the service answers to ("www.gov.nm.example", or
    # ".gov.nm.example" for every subdomain); a request for any other gets a 400. Empty: not
    # checked, as the proxy in front is expected to pass only its own names.
    "TRUSTED_HOSTS": [],
    # Let `flask deliver` post to webhooks on this machine (localhost, 127.0.0.1, ::1), to try
    # a receiver out in development. Off by default: a webhook at 127.0.0.1:5432 would otherwise
    # reach the portal's own services. Private and link-local addresses stay refused even when on.
    "DELIVERY_ALLOW_LOOPBACK": False,
    # Email to citizens (app/mail, docs/operations.md): the confirmation with their reference and
    # the copy of their answers they can ask for, sent by `flask mail` from an outbox. Off while
    # SMTP_HOST or MAIL_FROM is empty (and NOTIFY_API_KEY too): no email is offered or written.
    # MAIL_FROM is the From header (`GOV.NM <no-reply@gov.nm.example>`). The SMTP server: its
    # host and port;
    # SMTP_SECURITY `starttls` (port 587: the connection is upgraded to TLS, or the send fails),
    # `tls` (port 465: TLS from the start) or `none` (only for a relay on this machine or a
    # private network); a user name and password for AUTH when the server wants them (the
    # password from the environment, PORTAL_SMTP_PASSWORD, never from a file in the repository);
    # and the seconds any one step may take before the attempt is given up and retried later.
    "MAIL_FROM": "",
    "SMTP_HOST": "",
    "SMTP_PORT": 587,
    "SMTP_SECURITY": "starttls",
    "SMTP_USERNAME": "",
    "SMTP_PASSWORD": "",
    "SMTP_TIMEOUT": 10,
    # GOV.UK Notify instead of SMTP (app/mail/notify.py, docs/operations.md): set the API key
    # (from the environment, PORTAL_NOTIFY_API_KEY) and the id of the Notify template for each
    # kind of email; SMTP_HOST and MAIL_FROM are then not needed (Notify sends from the agency's
    # Notify service). NOTIFY_BASE_URL is Notify's API: change it only for a test server.
    "NOTIFY_API_KEY": "",
    "NOTIFY_TEMPLATE_CONFIRMATION": "",
    "NOTIFY_TEMPLATE_COPY": "",
    "NOTIFY_TEMPLATE_RESUME": "",  # the link to a form saved to come back to later
    "NOTIFY_BASE_URL": "https://api.notifications.service.gov.uk",
    # The most a request to an HTML page may send (Flask's and Werkzeug's own settings): a form
    # page's answers are a few KiB, and 64 KiB holds a 5000-character answer however it is
    # encoded; more is refused with a 413 page before it is read. Form fields held in memory and
    # the number of parts get the same bound. The API has its own 64 KiB (app/api/json_body.py);
    # file uploads have their own limit, UPLOAD_REQUEST_MAX.
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "MAX_FORM_MEMORY_SIZE": 64 * 1024,
    "MAX_FORM_PARTS": 100,
    # Uploaded files (`type: file` questions, docs/uploads.md): where their bytes are kept,
    # "database" (in the uploads table) or "directory" (files in FILE_DIRECTORY, which must be
    # on a disk every app server shares); the most a file question's page, or the API's upload
    # route, may post (a file over its question's own limit, 7 MB by default, but under this
    # gets the page's "must be smaller than" message; over this, a 413); and the virus scanner,
    # clamd, at "tcp://host:3310" or "unix:///run/clamav/clamd.ctl" (empty: files are not
    # scanned), with the seconds a scan may take before the file is refused.
    "FILE_STORAGE": "database",
    "FILE_DIRECTORY": str(PROJECT_ROOT / "instance" / "uploads"),
    "UPLOAD_REQUEST_MAX": 32 * 1024 * 1024,
    "CLAMD_ADDRESS": "",
    "CLAMD_TIMEOUT": 10,
    # The limit per client on each search route (/search, /api/v1/search, …/suggest), counted
    # apart: a search costs CPU the other searches wait for. Generous for a person: the search
    # box asks for suggestions at most every 200 ms while they type (5 a second), and several
    # people may share an office's or a library's address.
    "RATELIMIT_SEARCH": "300 per minute",
    # Where this service runs (app/startup.py): "production" unless told otherwise, so that a
    # server started with a forgotten setting refuses to start instead of running unsafely.
    # "development" (`make run` sets it, and the tests) lifts the start-up refusals; so do
    # Flask's debug mode (`flask run --debug`), TESTING and LIVE_RELOAD (the preview,
    # `build.py serve`). Outside development the service refuses to start with the default
    # SECRET_KEY, and, when SERVERS is above 1, with rate limits counted in memory or with
    # SQLite, each with a message saying what to set.
    "ENV": "production",
    # How many app servers (machines) run this service side by side behind the proxy. Above 1,
    # everything they share must live outside them: PostgreSQL, and Redis for the rate limits.
    "SERVERS": 1,
    # Who may read the Prometheus metrics at /metrics (app/metrics/web.py). A bearer token
    # (`Authorization: Bearer <token>`), and/or the networks the scraper connects from, as CIDRs
    # separated by commas or spaces ("10.0.0.0/8, 127.0.0.1/32"). With both set a scrape needs
    # both; with neither, /metrics is off (a 404). The address is the TCP peer's: scrape each
    # app server directly, not through the proxy (whose address every request would have).
    "METRICS_TOKEN": "",
    "METRICS_ALLOW": "",
    # The proxies in front of the service (nginx, a load balancer) as CIDRs separated by commas
    # ("10.0.0.5/32, 10.0.1.0/24"): from a connection that comes from one of them, the client's
    # address is read from X-Forwarded-For (app/client_address.py), so rate limits and logs count
    # each citizen, not the proxy. Empty: the client is the connecting address, and the header,
    # which anyone can send, is ignored.
    "TRUSTED_PROXIES": "",
    # Seconds /readyz (and `flask doctor`) give the database to answer before calling it
    # unreachable: well inside a load balancer's probe timeout.
    "HEALTH_CHECK_TIMEOUT": 2,
}

ENV_PREFIX = "PORTAL_"
# Settings also read from an unprefixed variable, as hosting platforms set it; PORTAL_* wins.
UNPREFIXED = ("DATABASE_URL",)


def _coerce(raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, (list, dict)):
        return json.loads(raw)
    return raw


def load_config(
    overrides: dict[str, Any] | None = None, environ: dict[str, str] | None = None
) -> dict[str, Any]:
    """The settings for one app: defaults < PORTAL_<NAME> environment variables < overrides."""
    environ = os.environ if environ is None else environ
    config = dict(DEFAULTS)
    for name, default in DEFAULTS.items():
        raw = environ.get(ENV_PREFIX + name)
        if raw is None and name in UNPREFIXED:
            raw = environ.get(name)
        if raw is not None:
            config[name] = _coerce(raw, default)
    config.update(overrides or {})
    return config
