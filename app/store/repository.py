"""Reading and writing drafts and submissions. Every function takes a Connection or an Engine and
a `now` (UTC, timezone-aware) where time matters, so tests can move the clock."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from app.forms.definition import FormDefinition

from .tables import deliveries, drafts, idempotency_keys, submissions

# No 0/O, 1/I/L: a reference read out over the phone or copied from paper stays unambiguous.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 8
DELETION_CODE_GROUPS = 3  # XXXX-XXXX-XXXX: 59 bits, typed from the confirmation page
DRAFT_LIFETIME = dt.timedelta(hours=24)
# What secrets.token_urlsafe(DRAFT_ID_BYTES) makes. Anything else a cookie holds is no draft: it
# never reaches the database (PostgreSQL refuses a NUL in text, and 64 characters fit the column).
DRAFT_ID_BYTES = 24
DRAFT_ID = re.compile(r"^[A-Za-z0-9_-]{32}$")
_ATTEMPTS = 10


class DraftNotFound(LookupError):
    """Submit was given a draft that does not exist (never made, expired and purged, or deleted)
    and that was not submitted before."""


class IdempotencyConflict(Exception):
    """An Idempotency-Key that was used before, for this form, with another request body."""


@dataclass(frozen=True)
class Idempotency:
    """An API submit's Idempotency-Key and the SHA-256 of its request (hex)."""

    key: str
    request_hash: str


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
    deletion_code_hash: str | None = None


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def new_draft_id() -> str:
    return secrets.token_urlsafe(DRAFT_ID_BYTES)


def is_draft_id(value: str | None) -> bool:
    """Whether `value` has the shape of an id the portal makes (a cookie can hold anything)."""
    return value is not None and DRAFT_ID.fullmatch(value) is not None


def deletion_code_for_draft(draft_id: str) -> str:
    """The code a citizen can delete their submission with, shown on the confirmation page.

    It is worked out from the draft's id, a secret only the citizen's browser holds (an HttpOnly
    cookie), so the confirmation page can show it again on a refresh; the database keeps only its
    hash (the draft itself is deleted when it is submitted)."""
    digest = hashlib.sha256(b"portal deletion code\0" + draft_id.encode()).digest()
    letters = [REFERENCE_ALPHABET[byte % len(REFERENCE_ALPHABET)] for byte in digest[:16]]
    return "-".join("".join(letters[i:i + 4]) for i in range(0, 4 * DELETION_CODE_GROUPS, 4))


def hash_secret(secret: str) -> str:
    """SHA-256 (hex) of a high-entropy secret (deletion codes, API keys): no salt or stretching is
    needed for random values this long."""
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise_deletion_code(code: str) -> str:
    """What a citizen types, as the code was shown: upper case, in groups of four."""
    letters = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(letters[i:i + 4] for i in range(0, len(letters), 4))


def create_draft(conn: Connection | Engine, form: FormDefinition,
                 answers: Mapping[str, Any] | None = None, *, now: dt.datetime | None = None,
                 lifetime: dt.timedelta = DRAFT_LIFETIME) -> Draft:
    now = now or utcnow()
    draft = Draft(id=new_draft_id(), form_id=form.id, form_version=form.version,
                  answers=dict(answers or {}), created_at=now, updated_at=now,
                  expires_at=now + lifetime)
    with _begin(conn) as c:
        c.execute(drafts.insert(), draft.__dict__)
    return draft


def get_draft(conn: Connection | Engine, draft_id: str, *,
              now: dt.datetime | None = None) -> Draft | None:
    """The draft, or None when there is none, it has expired or the id is malformed."""
    if not is_draft_id(draft_id):
        return None
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
           answers: Mapping[str, Any], *, now: dt.datetime | None = None,
           idempotency: Idempotency | None = None) -> Submission:
    """Store the submission and, in the same transaction, delete its draft, record its
    Idempotency-Key and write its delivery outbox row (when the form has a webhook).

    Submitting a draft that was already submitted returns the first submission, never a second
    one, also when two submits race (the unique `draft_id` decides). Raises DraftNotFound when the
    draft is gone and was never submitted. With no draft (the API), every call is a new submission,
    unless `idempotency` names a key used before for this form: then the first submission comes
    back, or IdempotencyConflict when that key came with another request.
    """
    now = now or utcnow()
    for _ in range(_ATTEMPTS):
        if draft_id is not None and (existing := submission_for_draft(engine, draft_id)):
            return existing
        if idempotency is not None and (existing := _idempotent_replay(engine, form, idempotency)):
            return existing
        made = Submission(
            reference=new_reference(), form_id=form.id, form_version=form.version,
            answers=dict(answers), created_at=now,
            retention_until=now + dt.timedelta(days=form.retention_days), draft_id=draft_id,
            deletion_code_hash=(hash_secret(deletion_code_for_draft(draft_id))
                                if draft_id is not None else None))
        try:
            with engine.begin() as c:
                # Values as parameters, not .values(): the statement compiles once per process, and
                # building a new one for each submission was about a tenth of the API's time.
                c.execute(submissions.insert(), made.__dict__)
                if draft_id is not None and not c.execute(
                        drafts.delete().where(drafts.c.id == draft_id)).rowcount:
                    raise _NoDraft
                if idempotency is not None:
                    c.execute(idempotency_keys.insert(), {
                        "form_id": form.id, "key": idempotency.key,
                        "request_hash": idempotency.request_hash, "reference": made.reference,
                        "created_at": now})
                if form.delivery is not None:
                    c.execute(deliveries.insert(), {
                        "reference": made.reference, "form_id": form.id,
                        "message_id": f"msg_{secrets.token_urlsafe(18)}", "status": "pending",
                        "attempts": 0, "next_attempt_at": now, "created_at": now,
                        "updated_at": now})
            return made
        except _NoDraft:
            # Rolled back: the draft was submitted meanwhile (found above next time) or never was.
            if existing := submission_for_draft(engine, draft_id):
                return existing
            raise DraftNotFound(draft_id) from None
        except IntegrityError:
            # The draft was submitted meanwhile, the key was used meanwhile, or the reference was
            # taken: look again.
            continue
    raise RuntimeError(f"could not store a submission in {_ATTEMPTS} attempts")


def _idempotent_replay(conn: Connection | Engine, form: FormDefinition,
                       idempotency: Idempotency) -> Submission | None:
    with _begin(conn) as c:
        row = c.execute(sa.select(idempotency_keys.c.request_hash, idempotency_keys.c.reference)
                        .where(idempotency_keys.c.form_id == form.id,
                               idempotency_keys.c.key == idempotency.key)).first()
    if row is None:
        return None
    if not hmac.compare_digest(row.request_hash, idempotency.request_hash):
        raise IdempotencyConflict(idempotency.key)
    return get_submission(conn, row.reference)


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


def delete_submission(conn: Connection | Engine, reference: str) -> bool:
    """Erase a submission, with its idempotency key and deliveries (the foreign keys cascade)."""
    with _begin(conn) as c:
        return c.execute(submissions.delete()
                         .where(submissions.c.reference == reference)).rowcount == 1


def delete_with_code(conn: Connection | Engine, reference: str, code: str) -> bool:
    """A citizen's own erasure: delete the submission when the deletion code matches its
    reference. False, and nothing deleted, when either is wrong; which one is not said."""
    reference = reference.strip().upper()
    submission = get_submission(conn, reference)
    if submission is None or submission.deletion_code_hash is None:
        return False
    if not hmac.compare_digest(submission.deletion_code_hash,
                               hash_secret(normalise_deletion_code(code))):
        return False
    return delete_submission(conn, reference)


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
