"""Agency API keys: make, find, verify, list and revoke them.

A key reads `portal_<id>_<secret>` (a test key `portal_test_<id>_<secret>`): `id` is public (it
names the key in listings and in `revoke-key`), `secret` is 256 bits from `secrets`. The database
keeps the id, the organisation and the SHA-256 of the whole key, never the key: whoever reads the
database cannot call the API.
A presented key is found by its id and its hash compared in constant time.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from app.store.repository import hash_secret, utcnow
from app.store.tables import api_keys

PREFIX = "portal"
ID_BYTES = 6  # 12 hex characters: unique enough to name a key, short enough to read out
SECRET_BYTES = 32  # 256 bits
TEST_PREFIX = "portal_test"  # a test key's: its submissions are tests (docs/agency-keys.md)
KEY_PATTERN = re.compile(
    r"^portal_(?P<test>test_)?(?P<id>[0-9a-f]{12})_(?P<secret>[A-Za-z0-9_-]{43})$"
)
ID_PATTERN = re.compile(r"^[0-9a-f]{12}$")
# last_used_at is a hint for people tidying up keys, not an audit log: write it at most this often
# per key, so that a busy key does not turn every read into a write.
LAST_USED_PRECISION = dt.timedelta(minutes=1)
_ATTEMPTS = 5


@dataclass(frozen=True)
class ApiKey:
    """A stored key, as listings show it (never the key itself)."""

    id: str
    organisation: str
    label: str | None
    created_at: dt.datetime
    revoked_at: dt.datetime | None
    last_used_at: dt.datetime | None
    is_test: bool = False

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


@dataclass(frozen=True)
class NewKey:
    """A key just made: `key` is shown once and then exists only with its holder."""

    key: str
    stored: ApiKey


class KeyNotFound(LookupError):
    pass


def key_id_of(text: str) -> str | None:
    """The id a key or an id names: `portal_<id>_<secret>` or `<id>` alone; None if neither."""
    text = text.strip()
    if match := KEY_PATTERN.match(text):
        return match["id"]
    return text if ID_PATTERN.match(text) else None


def create_key(
    engine: Engine,
    organisation: str,
    label: str | None = None,
    *,
    test: bool = False,
    now: dt.datetime | None = None,
) -> NewKey:
    """A new key; `test`: a test key, whose submissions are tests and which sees only those."""
    now = now or utcnow()
    for _ in range(_ATTEMPTS):
        key_id = secrets.token_hex(ID_BYTES)
        key = f"{TEST_PREFIX if test else PREFIX}_{key_id}_{secrets.token_urlsafe(SECRET_BYTES)}"
        stored = ApiKey(
            id=key_id,
            organisation=organisation,
            label=label or None,
            created_at=now,
            revoked_at=None,
            last_used_at=None,
            is_test=test,
        )
        try:
            with engine.begin() as c:
                c.execute(api_keys.insert().values(**stored.__dict__, key_hash=hash_secret(key)))
        except IntegrityError:  # the id was taken: draw another
            continue
        return NewKey(key, stored)
    raise RuntimeError(f"could not find a free key id in {_ATTEMPTS} attempts")


def verify_key(engine: Engine, presented: str, *, now: dt.datetime | None = None) -> ApiKey | None:
    """The stored key that `presented` is, revoked or not; None when it is no key of ours.

    Records the use (last_used_at) when the last record is older than LAST_USED_PRECISION."""
    match = KEY_PATTERN.match(presented)
    if match is None:
        return None
    now = now or utcnow()
    with engine.begin() as c:
        row = c.execute(sa.select(api_keys).where(api_keys.c.id == match["id"])).mappings().first()
        if row is None or not hmac.compare_digest(row["key_hash"], hash_secret(presented)):
            return None
        found = _api_key(row)
        if not found.revoked and (
            found.last_used_at is None or now - found.last_used_at >= LAST_USED_PRECISION
        ):
            c.execute(api_keys.update().where(api_keys.c.id == found.id).values(last_used_at=now))
            found = ApiKey(**{**found.__dict__, "last_used_at": now})
    return found


def revoke_key(
    engine: Engine, key_id: str, *, now: dt.datetime | None = None
) -> tuple[ApiKey, bool]:
    """Revoke the key: from now on it gets 401. Returns the key and whether this call revoked it
    (False: it was revoked before, and keeps its first date)."""
    with engine.begin() as c:
        changed = (
            c.execute(
                api_keys.update()
                .where(api_keys.c.id == key_id, api_keys.c.revoked_at.is_(None))
                .values(revoked_at=now or utcnow())
            ).rowcount
            == 1
        )
        row = c.execute(sa.select(api_keys).where(api_keys.c.id == key_id)).mappings().first()
    if row is None:
        raise KeyNotFound(key_id)
    return _api_key(row), changed


def get_key(engine: Engine, key_id: str) -> ApiKey | None:
    with engine.connect() as c:
        row = c.execute(sa.select(api_keys).where(api_keys.c.id == key_id)).mappings().first()
    return _api_key(row) if row else None


def list_keys(engine: Engine, organisation: str | None = None) -> list[ApiKey]:
    """Every key (or one organisation's), by organisation, oldest first."""
    query = sa.select(api_keys).order_by(
        api_keys.c.organisation, api_keys.c.created_at, api_keys.c.id
    )
    if organisation is not None:
        query = query.where(api_keys.c.organisation == organisation)
    with engine.connect() as c:
        return [_api_key(row) for row in c.execute(query).mappings()]


def _api_key(row) -> ApiKey:
    return ApiKey(
        id=row["id"],
        organisation=row["organisation"],
        label=row["label"],
        created_at=row["created_at"],
        revoked_at=row["revoked_at"],
        last_used_at=row["last_used_at"],
        is_test=row["is_test"],
    )
