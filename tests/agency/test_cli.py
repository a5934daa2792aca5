"""`flask agency create-key|revoke-key|list-keys` through Flask's CLI runner, on SQLite and
PostgreSQL: the key is printed once and never stored or listed, revoking works, mistakes get a
clear error."""

from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa

from app.agency.keys import KEY_PATTERN, verify_key
from app.store import get_engine
from app.store.tables import api_keys


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(args=["agency", *args])


def rows(app):
    with get_engine(app).connect() as connection:
        return connection.execute(sa.select(api_keys)).mappings().all()


def test_create_key_prints_the_key_alone_on_stdout_once_and_stores_only_its_hash(app, run):
    result = run("create-key", "highways-agency", "--label", "roads case system")
    assert result.exit_code == 0, result.output
    key = result.stdout.strip()
    match = KEY_PATTERN.match(key)
    assert match, result.stdout
    assert "not shown again" in result.stderr and key not in result.stderr
    [row] = rows(app)
    assert row["id"] == match["id"] and row["organisation"] == "highways-agency"
    assert row["label"] == "roads case system"
    assert row["key_hash"] == hashlib.sha256(key.encode()).hexdigest()
    assert not any(match["secret"] in str(value) for value in row.values())
    assert verify_key(get_engine(app), key).organisation == "highways-agency"
    listing = run("list-keys")
    assert listing.exit_code == 0
    assert match["id"] in listing.output and match["secret"] not in listing.output


def test_create_key_for_an_unknown_organisation_is_an_error_that_lists_the_real_ones(app, run):
    result = run("create-key", "highways-agncy")
    assert result.exit_code == 1
    assert "no organisation `highways-agncy`" in result.output
    assert "highways-agency" in result.output  # the one meant is among those offered
    assert rows(app) == []


def test_a_label_longer_than_the_column_is_refused(app, run):
    result = run("create-key", "highways-agency", "--label", "x" * 201)
    assert result.exit_code == 2 and "at most 200 characters" in result.output
    assert rows(app) == []


def test_list_keys_shows_each_key_with_its_dates_and_never_the_key(app, run):
    roads = run("create-key", "highways-agency", "--label", "roads").stdout.strip()
    births = run("create-key", "general-register-office").stdout.strip()
    run("revoke-key", KEY_PATTERN.match(births)["id"])
    verify_key(get_engine(app), roads)  # a use: last used is now set
    listing = run("list-keys").output.splitlines()
    assert listing[0].split() == [
        "ID",
        "ORGANISATION",
        "MODE",
        "LABEL",
        "CREATED",
        "LAST",
        "USED",
        "REVOKED",
    ]
    by_id = {line.split()[0]: line for line in listing[1:]}
    assert set(by_id) == {KEY_PATTERN.match(k)["id"] for k in (roads, births)}
    roads_line = by_id[KEY_PATTERN.match(roads)["id"]].split()
    assert roads_line[1:4] == ["highways-agency", "live", "roads"]
    assert roads_line[-1] == "-" and roads_line.count("UTC") == 2  # created and used, not revoked
    births_line = by_id[KEY_PATTERN.match(births)["id"]].split()
    assert births_line[1:4] == ["general-register-office", "live", "-"]
    assert births_line[-1] == "UTC" and births_line.count("UTC") == 2  # created and revoked
    for key in (roads, births):
        assert KEY_PATTERN.match(key)["secret"] not in "\n".join(listing)
    only_roads = run("list-keys", "highways-agency").output
    assert "highways-agency" in only_roads and "general-register-office" not in only_roads
    assert run("list-keys", "cabinet-office").output.strip() == "No API keys for cabinet-office."
    unknown = run("list-keys", "ministry-of-magic")
    assert unknown.exit_code == 1 and "no organisation `ministry-of-magic`" in unknown.output


def test_revoke_key_stops_the_key_and_says_so_once(app, run):
    key = run("create-key", "highways-agency").stdout.strip()
    key_id = KEY_PATTERN.match(key)["id"]
    result = run("revoke-key", key_id)
    assert result.exit_code == 0
    assert result.output.strip() == f"Revoked key {key_id} of highways-agency."
    assert verify_key(get_engine(app), key).revoked
    again = run("revoke-key", key)  # the whole key names it too
    assert again.exit_code == 0 and "was already revoked" in again.output


def test_revoking_an_unknown_key_is_an_error(app, run):
    for unknown in ("0123456789ab", "not-an-id"):
        result = run("revoke-key", unknown)
        assert result.exit_code == 1
        assert f"no API key `{unknown}`" in result.output
