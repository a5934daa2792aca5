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
from app.forms.engine import evaluate
from app.mail import outbox as mail_outbox

from .tables import UtcDateTime, deliveries, drafts, idempotency_keys, submissions
from .uploads import attach

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
# How long a test submission (made with a test key) is kept: `flask purge` deletes it after.
TEST_RETENTION = dt.timedelta(days=1)


class DraftNotFound(LookupError):
    """Submit was given a draft that is not a live draft of that form (never made, expired,
    deleted, or another form's) and that was not submitted before."""


class DraftIncomplete(Exception):
    """Submit was given a draft whose answers are not complete: nothing was stored, and the draft
    is kept. `page_id` is the first page to answer (or correct)."""

    def __init__(self, page_id: str):
        super().__init__(page_id)
        self.page_id = page_id


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
    confirmation_hash: str | None = None
    is_test: bool = False  # made with a test key (docs/agency-keys.md)
    language: str | None = None  # the citizen's (None: made before it was recorded)


@dataclass(frozen=True)
class SentDraft:
    """A submitted draft: its submission and the confirmation secret for the citizen's cookie.
    The secret is None when the draft had been submitted before (a double click, a retry, or
    someone else holding the old draft id): only its hash is kept, so it is never given again."""

    submission: Submission
    secret: str | None


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def new_draft_id() -> str:
    return secrets.token_urlsafe(DRAFT_ID_BYTES)


def is_draft_id(value: str | None) -> bool:
    """Whether `value` has the shape of an id the portal makes (a cookie can hold anything)."""
    return value is not None and DRAFT_ID.fullmatch(value) is not None


def deletion_code_for(secret: str) -> str:
    """The code a citizen can delete their submission with, shown on the confirmation page.

    It is worked out from the confirmation secret, which only the citizen's browser holds (an
    HttpOnly cookie, given when the draft was submitted), so the confirmation page can show it
    again on a refresh; the database keeps only its hash."""
    digest = hashlib.sha256(b"portal deletion code\0" + secret.encode()).digest()
    letters = [REFERENCE_ALPHABET[byte % len(REFERENCE_ALPHABET)] for byte in digest[:16]]
    return "-".join("".join(letters[i : i + 4]) for i in range(0, 4 * DELETION_CODE_GROUPS, 4))


def hash_secret(secret: str) -> str:
    """SHA-256 (hex) of a high-entropy secret (deletion codes, API keys): no salt or stretching is
    needed for random values this long."""
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise_deletion_code(code: str) -> str:
    """What a citizen types, as the code was shown: upper case, in groups of four."""
    letters = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(letters[i : i + 4] for i in range(0, len(letters), 4))


def create_draft(
    conn: Connection | Engine,
    form: FormDefinition,
    answers: Mapping[str, Any] | None = None,
    *,
    now: dt.datetime | None = None,
    lifetime: dt.timedelta = DRAFT_LIFETIME,
) -> Draft:
    now = now or utcnow()
    draft = Draft(
        id=new_draft_id(),
        form_id=form.id,
        form_version=form.version,
        answers=dict(answers or {}),
        created_at=now,
        updated_at=now,
        expires_at=now + lifetime,
    )
    with _begin(conn) as c:
        c.execute(drafts.insert(), draft.__dict__)
    return draft


def get_draft(
    conn: Connection | Engine, draft_id: str, *, now: dt.datetime | None = None
) -> Draft | None:
    """The draft, or None when there is none, it has expired or the id is malformed."""
    if not is_draft_id(draft_id):
        return None
    with _begin(conn) as c:
        row = (
            c.execute(
                sa.select(drafts).where(
                    drafts.c.id == draft_id, drafts.c.expires_at > (now or utcnow())
                )
            )
            .mappings()
            .first()
        )
    return Draft(**row) if row else None


def save_answers(
    conn: Connection | Engine,
    draft_id: str,
    answers: Mapping[str, Any],
    *,
    form_id: str | None = None,
    rotate: bool = False,
    now: dt.datetime | None = None,
    lifetime: dt.timedelta = DRAFT_LIFETIME,
) -> str | None:
    """Replace the draft's answers and give it a fresh lifetime (never a shorter one than it
    has: a draft saved to come back to later keeps its days, app/store/saved.py): its id, a new
    one with `rotate` (so an id someone else planted or saw stops working), or None when there
    is no such live draft (of `form_id`, when given)."""
    if not is_draft_id(draft_id):
        return None
    now = now or utcnow()
    saved_id = new_draft_id() if rotate else draft_id
    where = [drafts.c.id == draft_id, drafts.c.expires_at > now]
    if form_id is not None:
        where.append(drafts.c.form_id == form_id)
    until = now + lifetime
    expires_at = sa.case(
        (drafts.c.expires_at > until, drafts.c.expires_at), else_=sa.literal(until, UtcDateTime)
    )
    with _begin(conn) as c:
        result = c.execute(
            drafts.update()
            .where(*where)
            .values(id=saved_id, answers=dict(answers), updated_at=now, expires_at=expires_at)
        )
    return saved_id if result.rowcount == 1 else None


def delete_draft(conn: Connection | Engine, draft_id: str) -> bool:
    with _begin(conn) as c:
        return c.execute(drafts.delete().where(drafts.c.id == draft_id)).rowcount == 1


def purge_expired_drafts(conn: Connection | Engine, now: dt.datetime | None = None) -> int:
    with _begin(conn) as c:
        return c.execute(drafts.delete().where(drafts.c.expires_at <= (now or utcnow()))).rowcount


def submit_draft(
    engine: Engine,
    draft_id: str,
    form: FormDefinition,
    *,
    now: dt.datetime | None = None,
    mail: mail_outbox.MailRequest | None = None,
    language: str | None = None,
) -> SentDraft:
    """Submit a citizen's draft: in one transaction, delete it (only a live draft of this form),
    store the answers evaluated from it, and write its delivery outbox row and, when `mail` is
    given (the service sends email), its emails (app/mail/outbox.py). Raises DraftNotFound
    when there is no such draft and DraftIncomplete when its answers are not complete; either
    way nothing is stored and no other draft is touched.

    The submission is found again by a new secret (the citizen's cookie after sending), not by
    the draft id, which may have been seen; it also gives the deletion code. Submitting a draft
    that was already submitted returns the first submission without a secret, also when two
    submits race (the draft's row decides)."""
    now = now or utcnow()
    if not is_draft_id(draft_id):
        raise DraftNotFound(draft_id)
    for _ in range(_ATTEMPTS):
        if existing := _submitted_draft(engine, draft_id, form):
            return SentDraft(existing, None)
        secret = new_draft_id()
        try:
            with engine.begin() as c:
                row = c.execute(
                    drafts.delete()
                    .where(
                        drafts.c.id == draft_id,
                        drafts.c.form_id == form.id,
                        drafts.c.expires_at > now,
                    )
                    .returning(drafts.c.answers)
                ).first()
                if row is None:
                    raise _NoDraft
                evaluation = evaluate(form, row.answers, now.astimezone().date())
                if not evaluation.complete:
                    raise DraftIncomplete(evaluation.first_to_answer())  # rolled back: kept
                made = _insert_submission(
                    c,
                    form,
                    evaluation.answers,
                    now,
                    draft_id=draft_id,
                    secret=secret,
                    language=language,
                )
                if mail is not None:
                    mail_outbox.enqueue(
                        c, form, made.reference, made.answers, mail, now, language=language
                    )
            return SentDraft(made, secret)
        except _NoDraft:
            # Submitted meanwhile (found here), or not a live draft of this form.
            if existing := _submitted_draft(engine, draft_id, form):
                return SentDraft(existing, None)
            raise DraftNotFound(draft_id) from None
        except IntegrityError:
            continue  # the reference was taken: draw again
    raise RuntimeError(f"could not store a submission in {_ATTEMPTS} attempts")


def submit(
    engine: Engine,
    draft_id: None,
    form: FormDefinition,
    answers: Mapping[str, Any],
    *,
    now: dt.datetime | None = None,
    idempotency: Idempotency | None = None,
    test: bool = False,
    language: str | None = None,
) -> Submission:
    """Store answers the API has evaluated (`draft_id` is always None: a citizen's draft goes
    through submit_draft, which evaluates the draft itself), with, in the same transaction, its
    Idempotency-Key and its delivery outbox row (when the form has a webhook).

    Every call is a new submission, unless `idempotency` names a key used before for this form:
    then the first submission comes back, or IdempotencyConflict when that key came with another
    request.

    `test`: a submission made with a test key, kept TEST_RETENTION and delivered only to the
    form's test webhook (none: not delivered).
    """
    if draft_id is not None:
        raise ValueError("a draft is submitted with submit_draft, which reads its answers itself")
    now = now or utcnow()
    for _ in range(_ATTEMPTS):
        if idempotency is not None and (existing := _idempotent_replay(engine, form, idempotency)):
            return existing
        try:
            with engine.begin() as c:
                made = _insert_submission(c, form, answers, now, test=test, language=language)
                if idempotency is not None:
                    c.execute(
                        idempotency_keys.insert(),
                        {
                            "form_id": form.id,
                            "key": idempotency.key,
                            "request_hash": idempotency.request_hash,
                            "reference": made.reference,
                            "created_at": now,
                        },
                    )
            return made
        except IntegrityError:
            # The key was used meanwhile, or the reference was taken: look again.
            continue
    raise RuntimeError(f"could not store a submission in {_ATTEMPTS} attempts")


def _insert_submission(
    c: Connection,
    form: FormDefinition,
    answers: Mapping[str, Any],
    now: dt.datetime,
    *,
    draft_id: str | None = None,
    secret: str | None = None,
    test: bool = False,
    language: str | None = None,
) -> Submission:
    """The submission row and, for a form with a webhook (a test webhook for a test), its outbox
    row."""
    retention = TEST_RETENTION if test else dt.timedelta(days=form.retention_days)
    made = Submission(
        reference=new_reference(),
        form_id=form.id,
        form_version=form.version,
        answers=dict(answers),
        created_at=now,
        retention_until=now + retention,
        draft_id=draft_id,
        deletion_code_hash=hash_secret(deletion_code_for(secret)) if secret else None,
        confirmation_hash=hash_secret(secret) if secret else None,
        is_test=test,
        language=language,
    )
    # Values as parameters, not .values(): the statement compiles once per process, and building
    # a new one for each submission was about a tenth of the API's time.
    c.execute(submissions.insert(), made.__dict__)
    attach(c, form, answers, made.reference)  # its files now live and die with it
    if form.delivery is not None and (not test or form.delivery.test_webhook is not None):
        c.execute(
            deliveries.insert(),
            {
                "reference": made.reference,
                "form_id": form.id,
                "message_id": f"msg_{secrets.token_urlsafe(18)}",
                "status": "pending",
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
                "updated_at": now,
            },
        )
    return made


def _idempotent_replay(
    conn: Connection | Engine, form: FormDefinition, idempotency: Idempotency
) -> Submission | None:
    with _begin(conn) as c:
        row = c.execute(
            sa.select(idempotency_keys.c.request_hash, idempotency_keys.c.reference).where(
                idempotency_keys.c.form_id == form.id, idempotency_keys.c.key == idempotency.key
            )
        ).first()
    if row is None:
        return None
    if not hmac.compare_digest(row.request_hash, idempotency.request_hash):
        raise IdempotencyConflict(idempotency.key)
    return get_submission(conn, row.reference)


class _NoDraft(Exception):
    pass


def _submitted_draft(
    conn: Connection | Engine, draft_id: str, form: FormDefinition
) -> Submission | None:
    with _begin(conn) as c:
        row = (
            c.execute(
                sa.select(submissions).where(
                    submissions.c.draft_id == draft_id, submissions.c.form_id == form.id
                )
            )
            .mappings()
            .first()
        )
    return Submission(**row) if row else None


def submission_for_secret(
    conn: Connection | Engine, secret: str | None, form_id: str
) -> Submission | None:
    """The submission of this form whose confirmation secret (the citizen's cookie) this is."""
    if not is_draft_id(secret):
        return None
    with _begin(conn) as c:
        row = (
            c.execute(
                sa.select(submissions).where(
                    submissions.c.confirmation_hash == hash_secret(secret),
                    submissions.c.form_id == form_id,
                )
            )
            .mappings()
            .first()
        )
    return Submission(**row) if row else None


def get_submission(conn: Connection | Engine, reference: str) -> Submission | None:
    with _begin(conn) as c:
        row = (
            c.execute(sa.select(submissions).where(submissions.c.reference == reference))
            .mappings()
            .first()
        )
    return Submission(**row) if row else None


def delete_submission(conn: Connection | Engine, reference: str) -> bool:
    """Erase a submission, with its idempotency key and deliveries (the foreign keys cascade)."""
    with _begin(conn) as c:
        return (
            c.execute(submissions.delete().where(submissions.c.reference == reference)).rowcount
            == 1
        )


def delete_with_code(conn: Connection | Engine, reference: str, code: str) -> str | None:
    """A citizen's own erasure: delete the submission when the deletion code matches its
    reference, and say which form it was sent with (the page then words it as that form
    does). None, and nothing deleted, when either is wrong; which one is not said."""
    reference = reference.strip().upper()
    submission = get_submission(conn, reference)
    if submission is None or submission.deletion_code_hash is None:
        return None
    if not hmac.compare_digest(
        submission.deletion_code_hash, hash_secret(normalise_deletion_code(code))
    ):
        return None
    return submission.form_id if delete_submission(conn, reference) else None


def purge_submissions(conn: Connection | Engine, now: dt.datetime | None = None) -> int:
    """Delete the submissions past their retention deadline; how many went."""
    with _begin(conn) as c:
        return c.execute(
            submissions.delete().where(submissions.c.retention_until <= (now or utcnow()))
        ).rowcount


def export_submissions(conn: Connection | Engine, form_id: str) -> Iterator[Submission]:
    """A form's live submissions (not tests), oldest first (then by reference, so the order is
    stable)."""
    with _begin(conn) as c:
        rows = c.execute(
            sa.select(submissions)
            .where(submissions.c.form_id == form_id, submissions.c.is_test.is_(False))
            .order_by(submissions.c.created_at, submissions.c.reference)
        ).mappings()
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
