"""Drafts saved to come back to later (issue 17, app/forms/save_return.py): the reference and the
resume code, the one-time links sent by email, and moving a draft into the browser that resumes it.

A saved draft lives the form's `save_and_return.days` from its last save for later (its answers'
ordinary saves never shorten that: repository.save_answers). Its reference stays the same across
saves; each save with a code gives a new code, and the old one stops working. Only hashes of codes
and link tokens are kept. Every function takes `now`, so tests can move the clock.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import hmac
import secrets
from base64 import urlsafe_b64encode
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from app.mail import outbox as mail_outbox

from .repository import (
    REFERENCE_ALPHABET,
    _begin,
    hash_secret,
    is_draft_id,
    new_draft_id,
    new_reference,
    normalise_deletion_code,
    utcnow,
)
from .tables import drafts, resume_links, saved_drafts

CODE_GROUPS = 3  # XXXX-XXXX-XXXX, as the deletion code: 59 bits, written down from the page
_ATTEMPTS = 10


class LinkState(enum.Enum):
    """What a resume link's token finds."""

    LIVE = "live"
    USED = "used"
    EXPIRED = "expired"  # past its expiry, or its draft has gone (sent, purged)
    UNKNOWN = "unknown"  # never made, or purged after its expiry


@dataclass(frozen=True)
class Saved:
    """A draft saved for later: its reference, when it goes, and the code to show once (None
    when the citizen chose an emailed link)."""

    reference: str
    expires_at: dt.datetime
    code: str | None = None


@dataclass(frozen=True)
class Resumed:
    """A saved draft moved into a new browser: its new id (for that browser's cookie)."""

    draft_id: str
    form_id: str
    expires_at: dt.datetime


def new_code() -> str:
    letters = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(4 * CODE_GROUPS))
    return normalise_deletion_code(letters)


def link_token(secret_key: str, link_id: str) -> str:
    """The token in a resume link: an HMAC of the link's id under the service's SECRET_KEY, so
    the database (which keeps only its hash) cannot give it, and the mail worker can write the
    email without it ever being stored. A new SECRET_KEY ends every link not yet used."""
    mac = hmac.new(secret_key.encode(), b"portal resume link\0" + link_id.encode(), hashlib.sha256)
    return urlsafe_b64encode(mac.digest()).rstrip(b"=").decode()


@dataclass(frozen=True)
class LinkRequest:
    """Send a one-time link to `address`: its token is made with `secret_key` (SECRET_KEY)."""

    address: str
    secret_key: str = field(repr=False)
    language: str | None = None  # the citizen's: the email is written in it


def save_for_later(
    engine: Engine,
    draft_id: str,
    form_id: str,
    lifetime: dt.timedelta,
    *,
    with_code: bool,
    link: LinkRequest | None = None,
    now: dt.datetime | None = None,
) -> Saved | None:
    """Keep the live draft `draft_id` of `form_id` for `lifetime` from now (never less than it
    had), with a reference and, `with_code`, a new resume code; with `link`, a one-time link to
    it is written to the mail outbox in the same transaction, expiring with the draft. None when
    there is no such live draft."""
    now = now or utcnow()
    if not is_draft_id(draft_id):
        return None
    for _ in range(_ATTEMPTS):
        code = new_code() if with_code else None
        try:
            with engine.begin() as c:
                expires_at = _extend(c, draft_id, form_id, now + lifetime, now)
                if expires_at is None:
                    return None
                reference = _mark_saved(c, draft_id, form_id, code, now)
                if link is not None:
                    link_id = _new_link(c, reference, form_id, expires_at, link, now)
                    mail_outbox.enqueue_resume(
                        c, form_id, link_id, link.address, now, language=link.language
                    )
            return Saved(reference, expires_at, code)
        except IntegrityError:
            continue  # the reference was taken: draw again
    raise RuntimeError(f"could not save a draft for later in {_ATTEMPTS} attempts")


def _extend(
    c: Connection, draft_id: str, form_id: str, until: dt.datetime, now: dt.datetime
) -> dt.datetime | None:
    """Make the draft live until `until` unless it already lives longer; when it now goes."""
    live = [drafts.c.id == draft_id, drafts.c.form_id == form_id, drafts.c.expires_at > now]
    c.execute(drafts.update().where(*live, drafts.c.expires_at < until).values(expires_at=until))
    return c.execute(sa.select(drafts.c.expires_at).where(*live)).scalar()


def _mark_saved(
    c: Connection, draft_id: str, form_id: str, code: str | None, now: dt.datetime
) -> str:
    """The draft's reference (a new one the first time), with the new code's hash."""
    reference = c.execute(
        sa.select(saved_drafts.c.reference).where(saved_drafts.c.draft_id == draft_id)
    ).scalar()
    values: dict = {"saved_at": now}
    if code is not None:
        values["code_hash"] = hash_secret(code)
    if reference is not None:
        c.execute(
            saved_drafts.update().where(saved_drafts.c.reference == reference).values(**values)
        )
        return reference
    reference = new_reference()
    c.execute(
        saved_drafts.insert().values(
            reference=reference, draft_id=draft_id, form_id=form_id, **values
        )
    )
    return reference


def _new_link(
    c: Connection,
    reference: str,
    form_id: str,
    expires_at: dt.datetime,
    link: LinkRequest,
    now: dt.datetime,
) -> str:
    link_id = secrets.token_urlsafe(18)
    c.execute(
        resume_links.insert().values(
            id=link_id,
            token_hash=hash_secret(link_token(link.secret_key, link_id)),
            reference=reference,
            form_id=form_id,
            created_at=now,
            expires_at=expires_at,
        )
    )
    return link_id


def resume_with_code(
    engine: Engine, reference: str, code: str, *, now: dt.datetime | None = None
) -> Resumed | None:
    """Move the saved draft `reference` into a new browser when `code` is its resume code; None
    (nothing changed) when either is wrong, the draft has gone, or it was saved with no code.
    The code keeps working until the draft goes or is saved with a new code."""
    now = now or utcnow()
    with engine.begin() as c:
        row = c.execute(
            sa.select(saved_drafts.c.code_hash).where(saved_drafts.c.reference == reference)
        ).first()
        if row is None or row.code_hash is None:
            return None
        if not hmac.compare_digest(row.code_hash, hash_secret(normalise_deletion_code(code))):
            return None
        return _move(c, reference, now)


def link_state(
    conn: Connection | Engine, token: str, *, now: dt.datetime | None = None
) -> tuple[LinkState, str | None]:
    """What the link with `token` finds, and its form's id (None when unknown)."""
    now = now or utcnow()
    with _begin(conn) as c:
        row = c.execute(
            sa.select(
                resume_links.c.form_id,
                resume_links.c.reference,
                resume_links.c.expires_at,
                resume_links.c.used_at,
            ).where(resume_links.c.token_hash == hash_secret(token))
        ).first()
        if row is None:
            return LinkState.UNKNOWN, None
        if row.used_at is not None:
            return LinkState.USED, row.form_id
        if row.expires_at <= now or _live_draft_id(c, row.reference, now) is None:
            return LinkState.EXPIRED, row.form_id
        return LinkState.LIVE, row.form_id


def use_link(
    engine: Engine, token: str, *, now: dt.datetime | None = None
) -> tuple[LinkState, Resumed | None]:
    """Use the link once: mark it used and move its draft into a new browser, in one
    transaction (two clicks at once: one wins, the other is told it was used)."""
    now = now or utcnow()
    token_hash = hash_secret(token)
    with engine.begin() as c:
        reference = c.execute(
            sa.select(resume_links.c.reference).where(resume_links.c.token_hash == token_hash)
        ).scalar()
        # a link whose draft has gone (sent, expired) is not used up: it says it has expired
        if reference is not None and _live_draft_id(c, reference, now) is not None:
            taken = c.execute(
                resume_links.update()
                .where(
                    resume_links.c.token_hash == token_hash,
                    resume_links.c.used_at.is_(None),
                    resume_links.c.expires_at > now,
                )
                .values(used_at=now)
            ).rowcount
            resumed = _move(c, reference, now) if taken else None
            if resumed is not None:
                return LinkState.LIVE, resumed
    return link_state(engine, token, now=now)[0], None


def _live_draft_id(c: Connection, reference: str, now: dt.datetime) -> str | None:
    return c.execute(
        sa.select(drafts.c.id)
        .join(saved_drafts, saved_drafts.c.draft_id == drafts.c.id)
        .where(saved_drafts.c.reference == reference, drafts.c.expires_at > now)
    ).scalar()


def _move(c: Connection, reference: str, now: dt.datetime) -> Resumed | None:
    """Give the saved draft a new id (its saved row follows: ON UPDATE CASCADE), so the browser
    that resumes it has it and any other that had it has not: the draft moves, never forks."""
    old = _live_draft_id(c, reference, now)
    if old is None:
        return None
    new = new_draft_id()
    c.execute(drafts.update().where(drafts.c.id == old).values(id=new, updated_at=now))
    row = c.execute(
        sa.select(drafts.c.form_id, drafts.c.expires_at).where(drafts.c.id == new)
    ).one()
    return Resumed(new, row.form_id, row.expires_at)


def purge_resume_links(conn: Connection | Engine, now: dt.datetime | None = None) -> int:
    """Delete the links past their expiry (with any email of theirs still in the outbox)."""
    with _begin(conn) as c:
        return c.execute(
            resume_links.delete().where(resume_links.c.expires_at <= (now or utcnow()))
        ).rowcount
