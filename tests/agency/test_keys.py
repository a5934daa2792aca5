"""Agency API keys in the database, on SQLite and PostgreSQL: only a hash is kept, a key is found
by its id and checked by its hash, revoking sticks, last use is recorded without a write on every
call."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
import sqlalchemy as sa

from app.agency import keys
from app.store.tables import api_keys

NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)


def stored_rows(engine):
    with engine.connect() as connection:
        return connection.execute(sa.select(api_keys)).mappings().all()


def test_a_new_key_is_256_random_bits_and_only_its_sha256_is_stored(engine):
    made = keys.create_key(engine, "highways-agency", "case system", now=NOW)
    match = keys.KEY_PATTERN.match(made.key)
    assert match and match["id"] == made.stored.id
    assert len(match["secret"]) == 43  # 32 bytes, URL-safe base64
    [row] = stored_rows(engine)
    assert row["key_hash"] == hashlib.sha256(made.key.encode()).hexdigest()
    assert row["id"] == made.stored.id and row["organisation"] == "highways-agency"
    assert row["label"] == "case system" and row["created_at"] == NOW
    assert row["revoked_at"] is None and row["last_used_at"] is None
    assert not any(match["secret"] in str(value) for value in row.values())
    other = keys.create_key(engine, "highways-agency", now=NOW)
    assert other.key != made.key and other.stored.id != made.stored.id


def test_a_key_is_verified_by_its_hash_and_anything_else_is_refused(engine):
    made = keys.create_key(engine, "highways-agency", now=NOW)
    found = keys.verify_key(engine, made.key, now=NOW)
    assert found is not None and found.id == made.stored.id
    assert found.organisation == "highways-agency" and not found.revoked
    prefix, key_id, secret = made.key.split("_", 2)
    other_secret = ("A" if secret[0] != "A" else "B") + secret[1:]
    refused = [
        f"{prefix}_{key_id}_{other_secret}",  # the right id with a wrong secret
        "not-a-key",
        made.key[:-1],  # cut short
        made.key + "A",  # too long
        made.key.upper(),  # the id is lower-case hex
        f"portal_{'0' * 12}_{secret}",  # an id that does not exist
        "",
    ]
    for presented in refused:
        assert keys.verify_key(engine, presented, now=NOW) is None, presented


def test_last_use_is_written_at_most_once_a_minute(engine):
    made = keys.create_key(engine, "highways-agency", now=NOW)
    assert keys.verify_key(engine, made.key, now=NOW).last_used_at == NOW
    keys.verify_key(engine, made.key, now=NOW + dt.timedelta(seconds=59))
    assert keys.get_key(engine, made.stored.id).last_used_at == NOW
    later = NOW + dt.timedelta(minutes=1)
    assert keys.verify_key(engine, made.key, now=later).last_used_at == later
    assert keys.get_key(engine, made.stored.id).last_used_at == later


def test_a_revoked_key_stays_revoked_from_its_first_revocation(engine):
    made = keys.create_key(engine, "highways-agency", now=NOW)
    revoked, changed = keys.revoke_key(engine, made.stored.id, now=NOW + dt.timedelta(hours=1))
    assert changed and revoked.revoked_at == NOW + dt.timedelta(hours=1)
    again, changed = keys.revoke_key(engine, made.stored.id, now=NOW + dt.timedelta(hours=2))
    assert not changed and again.revoked_at == NOW + dt.timedelta(hours=1)
    found = keys.verify_key(engine, made.key, now=NOW + dt.timedelta(hours=3))
    assert found is not None and found.revoked
    assert found.last_used_at is None  # a refused call is no use of the key


def test_revoking_a_key_that_does_not_exist_says_so(engine):
    with pytest.raises(keys.KeyNotFound):
        keys.revoke_key(engine, "0" * 12)
    assert stored_rows(engine) == []


def test_keys_are_listed_by_organisation_then_age(engine):
    first = keys.create_key(engine, "highways-agency", now=NOW)
    second = keys.create_key(engine, "highways-agency", now=NOW + dt.timedelta(days=1))
    other = keys.create_key(engine, "general-register-office", now=NOW)
    assert [k.id for k in keys.list_keys(engine)] == [
        other.stored.id,
        first.stored.id,
        second.stored.id,
    ]
    assert [k.id for k in keys.list_keys(engine, "highways-agency")] == [
        first.stored.id,
        second.stored.id,
    ]
    assert keys.list_keys(engine, "cabinet-office") == []


def test_an_id_is_read_from_the_id_or_the_whole_key():
    key = "portal_0123456789ab_" + "x" * 43
    assert keys.key_id_of(key) == "0123456789ab"
    assert keys.key_id_of(" 0123456789ab ") == "0123456789ab"
    assert keys.key_id_of("portal_0123456789ab") is None
    assert keys.key_id_of("nope") is None
