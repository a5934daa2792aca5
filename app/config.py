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
    # The search index the build writes and the search service reads.
    "SEARCH_INDEX_DIR": str(PROJECT_ROOT / "search-index"),
    # Reload open pages when the site is rebuilt (set by `build.py serve`).
    "LIVE_RELOAD": False,
    # Where drafts and submissions are stored: SQLite by default, PostgreSQL when the URL names one
    # (`postgresql://user@host/db`). A plain DATABASE_URL variable is honoured too.
    "DATABASE_URL": f"sqlite:///{PROJECT_ROOT / 'instance' / 'portal.db'}",
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
    # The limit per client on each search route (/search, /api/v1/search, …/suggest), counted
    # apart: a search costs CPU the other searches wait for. Generous for a person: the search
    # box asks for suggestions at most every 200 ms while they type (5 a second), and several
    # people may share an office's or a library's address.
    "RATELIMIT_SEARCH": "300 per minute",
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


def load_config(overrides: dict[str, Any] | None = None,
                environ: dict[str, str] | None = None) -> dict[str, Any]:
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
