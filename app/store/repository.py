"""Reading and writing drafts and submissions. Every function takes a Connection or an Engine and
a `now` (UTC, timezone-aware) where time matters, so tests can move the clock."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from app.forms.definition import FormDefinition

from .tables import drafts, submissions

# No 0/O, 1/I/L: a reference read out over the phone or copied from paper stays unambiguous.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 8
DRAFT_LIFETIME = dt.timedelta(hours=24)
_ATTEMPTS = 10


class DraftNotFound(LookupError):
    """Submit was given a draft that does not exist (never made, expired and purged, or deleted)
    and that was not submitted before."""


@dataclass(frozen=True)
class Draft:
    id: str
    form_id: str
    form_version: int
    answers: dict[str, Any]
    created_at: dt.datetime
    updated_at: dt.datetime
    expires_at: dt.datetime


@dataclass(frozen=True)
class Submission:
    reference: str
    form_id: str
    form_version: int
    answers: dict[str, Any]
    created_at: dt.datetime
    retention_until: dt.datetime
    draft_id: str | None


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def create_draft(conn: Connection | Engine, form: FormDefinition,
                 answers: Mapping[str, Any] | None = None, *, now: dt.datetime | None = None,
                 lifetime: dt.timedelta = DRAFT_LIFETIME) -> Draft:
    now = now or utcnow()
    draft = Draft(id=secrets.token_urlsafe(24), form_id=form.id, form_version=form.version,
                  answers=dict(answers or {}), created_at=now, updated_at=now,
                  expires_at=now + lifetime)
    with _begin(conn) as c:
        c.execute(drafts.insert().values(**draft.__dict__))
    return draft


def get_draft(conn: Connection | Engine, draft_id: str, *,
              now: dt.datetime | None = None) -> Draft | None:
    """The draft, or None when there is none or it has expired."""
    with _begin(conn) as c:
        row = c.execute(sa.select(drafts).where(
            drafts.c.id == draft_id, drafts.c.expires_at > (now or utcnow()))).mappings().first()
    return Draft(**row) if row else None


def save_answers(conn: Connection | Engine, draft_id: str, answers: Mapping[str, Any], *,
                 now: dt.datetime | None = None, lifetime: dt.timedelta = DRAFT_LIFETIME) -> bool:
    """Replace the draft's answers and give it a fresh lifetime; False when it has expired."""
    now = now or utcnow()
    with _begin(conn) as c:
        result = c.execute(drafts.update()
                           .where(drafts.c.id == draft_id, drafts.c.expires_at > now)
                           .values(answers=dict(answers), updated_at=now,
                                   expires_at=now + lifetime))
    return result.rowcount == 1


def delete_draft(conn: Connection | Engine, draft_id: str) -> bool:
    with _begin(conn) as c:
        return c.execute(drafts.delete().where(drafts.c.id == draft_id)).rowcount == 1


def purge_expired_drafts(conn: Connection | Engine, now: dt.datetime | None = None) -> int:
    with _begin(conn) as c:
        return c.execute(drafts.delete().where(drafts.c.expires_at <= (now or utcnow()))).rowcount


def submit(engine: Engine, draft_id: str | None, form: FormDefinition,
           answers: Mapping[str, Any], *, now: dt.datetime | None = None) -> Submission:
    """Store the submission and delete its draft in one transaction.

    Submitting a draft that was already submitted returns the first submission, never a second
    one, also when two submits race (the unique `draft_id` decides). Raises DraftNotFound when the
    draft is gone and was never submitted. With no draft (the API), every call is a new submission.
    """
    now = now or utcnow()
    for _ in range(_ATTEMPTS):
        if draft_id is not None and (existing := submission_for_draft(engine, draft_id)):
            return existing
        made = Submission(reference=new_reference(), form_id=form.id, form_version=form.version,
                          answers=dict(answers), created_at=now,
                          retention_until=now + dt.timedelta(days=form.retention_days),
                          draft_id=draft_id)
        try:
            with engine.begin() as c:
                c.execute(submissions.insert().values(**made.__dict__))
                if draft_id is not None and not c.execute(
                        drafts.delete().where(drafts.c.id == draft_id)).rowcount:
                    raise _NoDraft
            return made
        except _NoDraft:
            # Rolled back: the draft was submitted meanwhile (found above next time) or never was.
            if existing := submission_for_draft(engine, draft_id):
                return existing
            raise DraftNotFound(draft_id) from None
        except IntegrityError:
            continue  # the draft was submitted meanwhile, or the reference was taken: look again
    raise RuntimeError(f"could not store a submission in {_ATTEMPTS} attempts")


class _NoDraft(Exception):
    pass


def submission_for_draft(conn: Connection | Engine, draft_id: str) -> Submission | None:
    with _begin(conn) as c:
        row = c.execute(sa.select(submissions)
                        .where(submissions.c.draft_id == draft_id)).mappings().first()
    return Submission(**row) if row else None


def get_submission(conn: Connection | Engine, reference: str) -> Submission | None:
    with _begin(conn) as c:
        row = c.execute(sa.select(submissions)
                        .where(submissions.c.reference == reference)).mappings().first()
    return Submission(**row) if row else None


def purge_submissions(conn: Connection | Engine, now: dt.datetime | None = None) -> int:
    """Delete the submissions past their retention deadline; how many went."""
    with _begin(conn) as c:
        return c.execute(submissions.delete()
                         .where(submissions.c.retention_until <= (now or utcnow()))).rowcount


def export_submissions(conn: Connection | Engine, form_id: str) -> Iterator[Submission]:
    """A form's submissions, oldest first (then by reference, so the order is stable)."""
    with _begin(conn) as c:
        rows = c.execute(sa.select(submissions).where(submissions.c.form_id == form_id)
                         .order_by(submissions.c.created_at, submissions.c.reference)).mappings()
        for row in rows:
            yield Submission(**row)


@contextmanager
def _begin(conn: Connection | Engine) -> Iterator[Connection]:
    """A transaction on an Engine (committed on success), or the given Connection as it is."""
    if isinstance(conn, Engine):
        with conn.begin() as connection:
            yield connection
    else:
        yield conn
