"""The checks that say whether a server can serve, each as a `Check` in plain words: the database
reachable within a timeout, its migrations current, the search index openable, the rate-limit
store answering, the webhook secrets set, the uploaded files' folder and virus scanner. /readyz
runs the first three on every probe; `flask doctor` runs them all and prints them.

Details name what is wrong (an exception's class and message, a revision, a folder) for the
operator's log and terminal; /readyz's answer gives only each check's name and result.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from app.search.service import IndexMissing, SearchService
from app.store.migrate import alembic_config
from app.uploads.scanner import Clamd, ScanFailed


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class DatabaseProbe:
    """What one connection found: whether it answered, and the revisions it is migrated to."""

    check: Check
    revisions: frozenset[str] = frozenset()


@cache
def expected_revisions() -> frozenset[str]:
    """The newest migration(s) this code has (`alembic heads`)."""
    return frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


def known_revisions() -> frozenset[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return frozenset(revision.revision for revision in script.walk_revisions())


def describe(error: BaseException) -> str:
    words = str(error).strip().splitlines()
    return f"{type(error).__name__}: {words[0]}" if words else type(error).__name__


def probe_database(engine: Engine) -> DatabaseProbe:
    """One round trip on `engine` (made with the health check's short timeouts)."""
    where = engine.url.render_as_string(hide_password=True)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            revisions = frozenset(MigrationContext.configure(connection).get_current_heads())
    except SQLAlchemyError as error:
        return DatabaseProbe(Check("database", False, f"{where} unreachable ({describe(error)})"))
    return DatabaseProbe(Check("database", True, f"{where} answers"), revisions)


def migrations_check(revisions: frozenset[str]) -> Check:
    expected = expected_revisions()
    wanted = ", ".join(sorted(expected))
    if revisions == expected:
        return Check("migrations", True, f"at the newest revision ({wanted})")
    if not revisions:
        return Check(
            "migrations",
            False,
            "the database has no tables yet: the service makes them when it first opens the "
            "database (start it and ask for /readyz)",
        )
    found = ", ".join(sorted(revisions))
    if not revisions <= known_revisions():
        return Check(
            "migrations",
            False,
            f"the database is at revision {found}, which this release does not have: a newer "
            "release migrated it; run that release (or restore the database it was made for)",
        )
    return Check(
        "migrations",
        False,
        f"the database is at revision {found}, older than this release's {wanted}: the service "
        "migrates it when it first opens the database; restart it (kill -HUP the gunicorn "
        "master) to do it now",
    )


def search_index_check(service: SearchService) -> Check:
    try:
        service.labels()  # opens the live generation, as the first search would
    except IndexMissing:
        return Check(
            "search_index",
            False,
            f"no index in {service.index_dir}: build it (`python build.py --index DIR`) and "
            "set PORTAL_SEARCH_INDEX_DIR to it",
        )
    except Exception as error:  # a damaged index: whatever Whoosh raised, say what it was
        return Check(
            "search_index", False, f"{service.index_dir} cannot be opened ({describe(error)})"
        )
    return Check("search_index", True, f"{service.index_dir} opens")


def ratelimit_store_check(config: Mapping, timeout: float) -> Check:
    from limits.storage import storage_from_string

    uri = config["RATELIMIT_STORAGE_URI"]
    if not config["RATELIMIT_ENABLED"]:
        return Check("ratelimit_store", True, "rate limits are off (PORTAL_RATELIMIT_ENABLED)")
    if uri.startswith("memory:"):
        return Check("ratelimit_store", True, "in memory: each process counts for itself")
    options = (
        {"socket_connect_timeout": timeout, "socket_timeout": timeout}
        if uri.startswith(("redis://", "rediss://"))
        else {}
    )
    try:
        answered = storage_from_string(uri, **options).check()
    except Exception as error:  # a URI the limits package cannot use at all
        return Check("ratelimit_store", False, f"{uri!r} cannot be used ({describe(error)})")
    if not answered:
        return Check(
            "ratelimit_store",
            False,
            f"{_without_password(uri)} does not answer: the limits fall back to each "
            "process's memory until it does",
        )
    return Check("ratelimit_store", True, f"{_without_password(uri)} answers")


def _without_password(uri: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(uri).render_as_string(hide_password=True)
    except Exception:
        return uri.split("@")[-1]


def secrets_checks(secret_problems: Iterable[str], webhook_problems: Iterable[str]) -> Check:
    problems = [*secret_problems, *webhook_problems]
    if problems:
        return Check("secrets", False, "; ".join(problems))
    return Check("secrets", True, "SECRET_KEY set; every form's webhook secret is set")


def uploads_check(config: Mapping, timeout: float) -> Check:
    """Where uploaded files go, and whether the virus scanner answers (a scan of a few bytes)."""
    problems, found = [], []
    if config["FILE_STORAGE"] == "directory":
        folder = Path(config["FILE_DIRECTORY"])
        if folder.is_dir() and os.access(folder, os.W_OK):
            found.append(f"kept in {folder}")
        else:
            problems.append(
                f"{folder} cannot be written: create it, writable by the service's user only "
                "(PORTAL_FILE_DIRECTORY)"
            )
    else:
        found.append("kept in the database")
    address = config["CLAMD_ADDRESS"]
    if not address:
        found.append("not scanned (PORTAL_CLAMD_ADDRESS is not set)")
    else:
        try:
            verdict = Clamd(address, timeout).scan(b"portal doctor")
        except ScanFailed as error:
            problems.append(f"the virus scanner cannot scan: {error}: every upload is refused")
        else:
            (found if verdict.clean else problems).append(
                f"clamd at {address} answers"
                if verdict.clean
                else f"clamd at {address} called a harmless file {verdict.signature}"
            )
    if problems:
        return Check("file_uploads", False, "; ".join(problems))
    return Check("file_uploads", True, "; ".join(found))


def folder_check(name: str, folder: str, marker: str, setting: str) -> Check:
    path = Path(folder)
    if not (path / marker).is_file():
        return Check(name, False, f"{path} has no {marker}: set {setting} to the build's folder")
    return Check(name, True, f"{path}")
