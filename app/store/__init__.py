"""Storage for drafts and submissions: SQLAlchemy Core tables, Alembic migrations, the `flask forms`
commands. No database is opened when the app is made: `get_engine()` opens it on first use and
brings it to the newest migration, so a fresh SQLite file gets its tables with no manual step.
See docs/storage.md."""

from __future__ import annotations

import threading

from flask import Flask, current_app
from sqlalchemy.engine import Engine

from .engine import DEFAULT_TIMEOUTS, Timeouts, make_engine
from .migrate import upgrade

EXTENSION = "portal_store"
_opening = threading.Lock()


def init_db(url: str, timeouts: Timeouts = DEFAULT_TIMEOUTS) -> Engine:
    """An engine for `url` with every migration applied (`upgrade head`)."""
    engine = make_engine(url, timeouts)
    upgrade(engine)
    return engine


def app_timeouts(app: Flask) -> Timeouts:
    return Timeouts(
        connect=app.config["DATABASE_CONNECT_TIMEOUT"],
        statement=app.config["DATABASE_STATEMENT_TIMEOUT"],
    )


def get_engine(app: Flask | None = None) -> Engine:
    """The app's engine, made and migrated on first use."""
    app = app or current_app
    engine = app.extensions.get(EXTENSION)
    if engine is None:
        with _opening:  # the first requests of a threaded server arrive together
            engine = app.extensions.get(EXTENSION)
            if engine is None:
                engine = app.extensions[EXTENSION] = init_db(
                    app.config["DATABASE_URL"], app_timeouts(app)
                )
    return engine


def dispose(app: Flask) -> None:
    """Close the app's database connections (tests, shutdown)."""
    engine = app.extensions.pop(EXTENSION, None)
    if engine is not None:
        engine.dispose()


def init_app(app: Flask) -> None:
    from .cli import forms_cli

    app.cli.add_command(forms_cli)
