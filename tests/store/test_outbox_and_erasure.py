"""What a submission writes beside itself (idempotency key, delivery outbox row, deletion code
hash) and how it is erased, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from app.store import repository as repo
from app.store.tables import deliveries, idempotency_keys, submissions
from tests.forms.helpers import form as make_form

NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)
QUESTION = {"id": "name", "question": "What is your name?", "type": "text"}
PLAIN = make_form(QUESTION, retention_days=30)
DELIVERED = make_form(
    QUESTION,
    retention_days=30,
    delivery={"webhook": "https://agency.example/hooks/portal", "secret_env": "AGENCY_SECRET"},
)
KEY = repo.Idempotency("2f1c0a9e-request-1", "a" * 64)


def rows(engine, table, *where):
    with engine.connect() as connection:
        return connection.execute(sa.select(table).where(*where)).mappings().all()


def test_a_form_with_a_webhook_gets_one_pending_outbox_row_per_submission(engine):
    made = repo.submit(engine, None, DELIVERED, {"name": "Ada"}, now=NOW)
    [row] = rows(engine, deliveries)
    assert row["reference"] == made.reference and row["form_id"] == DELIVERED.id
    assert row["status"] == "pending" and row["attempts"] == 0
    assert row["next_attempt_at"] == NOW and row["message_id"].startswith("msg_")
    repo.submit(engine, None, PLAIN, {"name": "Bob"}, now=NOW)
    assert len(rows(engine, deliveries)) == 1  # no webhook, no outbox row


def test_the_same_idempotency_key_and_request_give_back_the_first_submission(engine):
    first = repo.submit(engine, None, PLAIN, {"name": "Ada"}, now=NOW, idempotency=KEY)
    again = repo.submit(
        engine, None, PLAIN, {"name": "Ada"}, now=NOW + dt.timedelta(minutes=5), idempotency=KEY
    )
    assert again == first
    assert len(rows(engine, submissions)) == 1
    other_form = make_form(QUESTION, id="other-form", retention_days=30)
    assert (
        repo.submit(engine, None, other_form, {"name": "Ada"}, now=NOW, idempotency=KEY).reference
        != first.reference
    )


def test_the_same_idempotency_key_with_another_request_is_a_conflict(engine):
    repo.submit(engine, None, PLAIN, {"name": "Ada"}, now=NOW, idempotency=KEY)
    with pytest.raises(repo.IdempotencyConflict):
        repo.submit(
            engine,
            None,
            PLAIN,
            {"name": "Eve"},
            now=NOW,
            idempotency=repo.Idempotency(KEY.key, "b" * 64),
        )
    assert len(rows(engine, submissions)) == 1


def test_racing_submits_with_one_idempotency_key_store_one_submission(engine):
    with ThreadPoolExecutor(4) as pool:
        made = list(
            pool.map(
                lambda _: repo.submit(
                    engine, None, DELIVERED, {"name": "Ada"}, now=NOW, idempotency=KEY
                ),
                range(8),
            )
        )
    assert len({m.reference for m in made}) == 1
    assert len(rows(engine, submissions)) == 1 and len(rows(engine, deliveries)) == 1


def test_a_web_submission_can_be_deleted_with_the_code_from_its_confirmation_page(engine):
    draft = repo.create_draft(engine, PLAIN, {"name": "Ada"}, now=NOW)
    sent = repo.submit_draft(engine, draft.id, PLAIN, now=NOW)
    made = sent.submission
    code = repo.deletion_code_for(sent.secret)
    assert code == repo.deletion_code_for(sent.secret)  # shown again on a refresh
    assert code != repo.deletion_code_for(draft.id)  # the draft's id gives nothing
    assert len(code) == 14 and code.count("-") == 2
    assert made.deletion_code_hash == repo.hash_secret(code) != code
    assert not repo.delete_with_code(engine, made.reference, "AAAA-AAAA-AAAA")
    assert not repo.delete_with_code(engine, "NOSUCHRF", code)
    assert repo.get_submission(engine, made.reference) is not None
    # typed in lower case, with spaces instead of hyphens, and the reference in lower case
    assert repo.delete_with_code(engine, made.reference.lower(), code.lower().replace("-", " "))
    assert repo.get_submission(engine, made.reference) is None
    assert not repo.delete_with_code(engine, made.reference, code)


def test_an_api_submission_has_no_deletion_code(engine):
    made = repo.submit(engine, None, PLAIN, {"name": "Ada"}, now=NOW)
    assert made.deletion_code_hash is None
    assert not repo.delete_with_code(engine, made.reference, "")


def test_erasure_takes_the_idempotency_key_and_deliveries_with_it(engine):
    made = repo.submit(engine, None, DELIVERED, {"name": "Ada"}, now=NOW, idempotency=KEY)
    assert repo.delete_submission(engine, made.reference)
    assert rows(engine, submissions) == [] and rows(engine, deliveries) == []
    assert rows(engine, idempotency_keys) == []
    assert not repo.delete_submission(engine, made.reference)
    # the key is free again: a new request with it makes a new submission
    assert (
        repo.submit(engine, None, DELIVERED, {"name": "Ada"}, now=NOW, idempotency=KEY).reference
        != made.reference
    )


def test_purging_past_retention_takes_deliveries_with_it(engine):
    repo.submit(engine, None, DELIVERED, {"name": "Ada"}, now=NOW - dt.timedelta(days=31))
    assert repo.purge_submissions(engine, NOW) == 1
    assert rows(engine, deliveries) == []
