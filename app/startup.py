"""The settings the service refuses to start with, outside development.

Development is known from the settings, never guessed from the machine: PORTAL_ENV=development
(`make run` sets it, and tests/conftest.py for the tests), Flask's debug mode (`flask run
--debug`), TESTING, or LIVE_RELOAD (the preview, `build.py serve`, which only ever runs on a
writer's machine). Anything else is production, so a server started with a setting forgotten
stops at once with the setting to give, rather than running unsafely:

- the default SECRET_KEY, which anyone can read in the source, so could forge the session
  cookie that holds the forms' CSRF token;
- with SERVERS above 1, rate limits counted in memory (each server would count a client's
  requests apart, so the limits would be worth that many times what they say) or SQLite (each
  server would keep drafts and submissions of its own: a citizen's next page, served by another
  server, would find no draft).

`settings_problems` also finds settings that are wrong anywhere (a METRICS_ALLOW or
TRUSTED_PROXIES that is not a list of networks, SERVERS below 1, a NOTIFY_API_KEY that is not a
Notify key or without a template for each kind of email). `flask doctor` reports the
same list instead of refusing.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from app.config import DEFAULTS
from app.networks import BadNetworks, parse_networks

log = logging.getLogger(__name__)
SECRET_HINT = 'python -c "import secrets; print(secrets.token_hex(32))"'


class UnsafeSettings(RuntimeError):
    """The service was started with settings it must not run with; the message lists them."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(
            "The portal will not start with these settings:\n"
            + "\n".join(f"- {problem}" for problem in problems)
        )


def is_development(config: Mapping[str, Any]) -> bool:
    return bool(
        str(config.get("ENV", "")).strip().lower() == "development"
        or config.get("DEBUG")
        or config.get("TESTING")
        or config.get("LIVE_RELOAD")
    )


def settings_problems(config: Mapping[str, Any]) -> list[str]:
    """What is wrong in any environment."""
    problems = []
    if config["SERVERS"] < 1:
        problems.append(
            f"PORTAL_SERVERS is {config['SERVERS']}: give the number of app servers, 1 or more"
        )
    for setting in ("METRICS_ALLOW", "TRUSTED_PROXIES"):
        try:
            parse_networks(config.get(setting, ""), f"PORTAL_{setting}")
        except BadNetworks as bad:
            problems.append(str(bad))
    if config.get("NOTIFY_API_KEY"):
        # Imported only where Notify is used: its client is not loaded otherwise.
        from app.mail.notify import NotifySettingsError, settings_from

        try:
            settings_from(config)
        except NotifySettingsError as error:
            problems.append(str(error))
    return problems


def production_problems(config: Mapping[str, Any]) -> list[str]:
    """What a server outside development must not run with, each saying what to set."""
    problems = []
    if not config["SECRET_KEY"] or config["SECRET_KEY"] == DEFAULTS["SECRET_KEY"]:
        problems.append(
            "SECRET_KEY is the development default, which anyone can read in the source: set "
            f"PORTAL_SECRET_KEY to a long random string ({SECRET_HINT}), the same on every "
            "server, or PORTAL_ENV=development on your own machine"
        )
    servers = config["SERVERS"]
    if servers > 1:
        if config["RATELIMIT_ENABLED"] and config["RATELIMIT_STORAGE_URI"].startswith("memory:"):
            problems.append(
                f"PORTAL_SERVERS is {servers} but the rate limits are counted in each "
                "process's memory: set PORTAL_RATELIMIT_STORAGE_URI=redis://<host>:6379/0, "
                "a Redis every server shares"
            )
        if str(config["DATABASE_URL"]).startswith("sqlite"):
            problems.append(
                f"PORTAL_SERVERS is {servers} but the database is SQLite, a file on one "
                "server: set PORTAL_DATABASE_URL=postgresql://<user>@<host>/<database>, a "
                "PostgreSQL every server shares"
            )
    return problems


def startup_problems(config: Mapping[str, Any]) -> list[str]:
    problems = settings_problems(config)
    if not is_development(config):
        problems += production_problems(config)
    return problems


def refuse_unsafe_settings(config: Mapping[str, Any]) -> None:
    """Raise UnsafeSettings (and log it, for a server's log) when there is a problem."""
    problems = startup_problems(config)
    if problems:
        error = UnsafeSettings(problems)
        log.critical("%s", error)
        raise error
