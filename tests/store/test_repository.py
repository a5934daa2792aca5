"""Drafts, submissions, references and retention, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from app.store import repository as repo
from app.store.tables import deliveries, drafts, submissions
from tests.forms.helpers import form as make_form

NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)
FORM = make_form(
    {"id": "name", "question": "What is your name?", "type": "text"}, retention_days=30
)
ANSWERS = {
    "name": "Ada Lovelace",
    "address": {"line1": "1 High Street", "postcode": "SW1A 1AA"},
    "colours": ["red", "blue"],
}


def count(engine, table) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def test_a_draft_round_trips(engine):
    made = repo.create_draft(engine, FORM, {"name": "Ada"}, now=NOW)
    found = repo.get_draft(engine, made.id, now=NOW)
    assert found == made
    assert found.form_id == "test-form" and found.form_version == 1
    assert found.expires_at == NOW + repo.DRAFT_LIFETIME and found.created_at.tzinfo == dt.UTC
    later = NOW + dt.timedelta(hours=1)
    assert repo.save_answers(engine, made.id, ANSWERS, now=later)
    saved = repo.get_draft(engine, made.id, now=later)
    assert saved.answers == ANSWERS
    assert saved.updated_at == later and saved.expires_at == later + repo.DRAFT_LIFETIME
    assert repo.delete_draft(engine, made.id)
    assert repo.get_draft(engine, made.id, now=later) is None


def test_draft_ids_are_long_url_safe_tokens(engine):
    ids = {repo.create_draft(engine, FORM, now=NOW).id for _ in range(20)}
    assert len(ids) == 20
    assert all(
        len(i) >= 32
        and set(i) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        for i in ids
    )


def test_an_expired_draft_is_gone_and_cannot_be_saved(engine):
    made = repo.create_draft(engine, FORM, now=NOW, lifetime=dt.timedelta(minutes=30))
    after = NOW + dt.timedelta(minutes=30)
    assert repo.get_draft(engine, made.id, now=after - dt.timedelta(seconds=1)) is not None
    assert repo.get_draft(engine, made.id, now=after) is None
    assert not repo.save_answers(engine, made.id, ANSWERS, now=after)
    assert repo.get_draft(engine, "no-such-draft", now=NOW) is None


@pytest.mark.parametrize("malformed", ["a\x00b", "x" * 65, "\x01" * 32, ""])
def test_a_malformed_draft_id_is_no_draft(engine, malformed):
    """Never sent to the database: PostgreSQL refuses a NUL, and 65 characters overflow the id."""
    assert not repo.is_draft_id(malformed)
    assert repo.get_draft(engine, malformed, now=NOW) is None


def test_submit_stores_the_submission_and_deletes_the_draft(engine):
    draft = repo.create_draft(engine, FORM, ANSWERS, now=NOW)
    sent = repo.submit_draft(engine, draft.id, FORM, now=NOW)
    made = sent.submission
    assert repo.get_submission(engine, made.reference) == made
    # the answers evaluated from the draft: those to questions the form does not ask are dropped
    assert made.answers == {"name": "Ada Lovelace"}
    assert made.form_id == "test-form" and made.form_version == 1
    assert made.retention_until == NOW + dt.timedelta(days=30)
    assert repo.get_draft(engine, draft.id, now=NOW) is None
    assert count(engine, drafts) == 0 and count(engine, submissions) == 1
    # found again by the new secret, never by the draft's id
    assert repo.is_draft_id(sent.secret) and sent.secret != draft.id
    assert repo.submission_for_secret(engine, sent.secret, FORM.id) == made
    assert repo.submission_for_secret(engine, draft.id, FORM.id) is None
    assert repo.submission_for_secret(engine, sent.secret, "other-form") is None


def test_submit_is_one_transaction(engine, monkeypatch):
    """When inserting the submission fails, deleting the draft is rolled back with it."""
    draft = repo.create_draft(engine, FORM, ANSWERS, now=NOW)
    original = submissions.insert

    def failing_insert(*args, **kwargs):
        monkeypatch.setattr(submissions, "insert", original)
        raise RuntimeError("the process died here")

    monkeypatch.setattr(submissions, "insert", failing_insert)
    with pytest.raises(RuntimeError, match="died"):
        repo.submit_draft(engine, draft.id, FORM, now=NOW)
    assert count(engine, submissions) == 0
    assert repo.get_draft(engine, draft.id, now=NOW) is not None
    assert repo.submit_draft(engine, draft.id, FORM, now=NOW).submission.draft_id == draft.id


def test_a_second_submit_of_one_draft_returns_the_first_submission(engine):
    draft = repo.create_draft(engine, FORM, ANSWERS, now=NOW)
    first = repo.submit_draft(engine, draft.id, FORM, now=NOW)
    again = repo.submit_draft(engine, draft.id, FORM, now=NOW + dt.timedelta(1))
    assert again.submission == first.submission
    assert again.secret is None  # the secret is given once: the old draft id does not get it
    assert count(engine, submissions) == 1


def test_racing_submits_of_one_draft_make_one_submission(engine):
    draft = repo.create_draft(engine, FORM, ANSWERS, now=NOW)
    with ThreadPoolExecutor(4) as pool:
        sent = list(
            pool.map(lambda _: repo.submit_draft(engine, draft.id, FORM, now=NOW), range(4))
        )
    assert len({s.submission.reference for s in sent}) == 1
    assert len([s for s in sent if s.secret is not None]) == 1
    assert count(engine, submissions) == 1


DELIVERED = make_form(
    {"id": "name", "question": "What is your name?", "type": "text"},
    {"id": "town", "question": "Which town?", "type": "text"},
    id="delivered-form",
    delivery={"webhook": "https://agency.example/hooks/portal", "secret_env": "AGENCY_SECRET"},
)


def assert_nothing_sent(engine):
    assert count(engine, submissions) == 0 and count(engine, deliveries) == 0


def test_an_expired_draft_is_never_submitted(engine):
    """It is not yet purged: the row is there, but it is no draft to send."""
    draft = repo.create_draft(
        engine,
        DELIVERED,
        {"name": "Ada", "town": "Northtown"},
        now=NOW,
        lifetime=dt.timedelta(minutes=30),
    )
    with pytest.raises(repo.DraftNotFound):
        repo.submit_draft(engine, draft.id, DELIVERED, now=NOW + dt.timedelta(minutes=30))
    assert_nothing_sent(engine)


def test_another_forms_draft_is_never_submitted_nor_deleted(engine):
    other = repo.create_draft(engine, FORM, ANSWERS, now=NOW)
    with pytest.raises(repo.DraftNotFound):
        repo.submit_draft(engine, other.id, DELIVERED, now=NOW)
    assert_nothing_sent(engine)
    assert repo.get_draft(engine, other.id, now=NOW) == other


def test_an_incomplete_draft_is_never_submitted_and_is_kept(engine):
    draft = repo.create_draft(engine, DELIVERED, {"name": "Ada"}, now=NOW)
    with pytest.raises(repo.DraftIncomplete) as refused:
        repo.submit_draft(engine, draft.id, DELIVERED, now=NOW)
    assert refused.value.page_id == "town"
    assert_nothing_sent(engine)
    assert repo.get_draft(engine, draft.id, now=NOW) == draft
    empty = repo.create_draft(engine, DELIVERED, now=NOW)
    with pytest.raises(repo.DraftIncomplete):
        repo.submit_draft(engine, empty.id, DELIVERED, now=NOW)
    assert_nothing_sent(engine)


def test_the_api_submit_takes_no_draft(engine):
    draft = repo.create_draft(engine, FORM, ANSWERS, now=NOW)
    with pytest.raises(ValueError, match="submit_draft"):
        repo.submit(engine, draft.id, FORM, ANSWERS, now=NOW)
    assert count(engine, submissions) == 0


def test_saving_answers_can_give_the_draft_a_new_id(engine):
    draft = repo.create_draft(engine, FORM, now=NOW)
    assert repo.save_answers(engine, draft.id, ANSWERS, now=NOW) == draft.id
    rotated = repo.save_answers(engine, draft.id, {"name": "Bo"}, rotate=True, now=NOW)
    assert repo.is_draft_id(rotated) and rotated != draft.id
    assert repo.get_draft(engine, draft.id, now=NOW) is None
    assert repo.get_draft(engine, rotated, now=NOW).answers == {"name": "Bo"}
    # bound to its form: another form's id saves nothing
    assert repo.save_answers(engine, rotated, ANSWERS, form_id="other-form", now=NOW) is None
    assert repo.get_draft(engine, rotated, now=NOW).answers == {"name": "Bo"}


def test_a_taken_reference_is_never_reused(engine, monkeypatch):
    taken = repo.submit(engine, None, FORM, ANSWERS, now=NOW).reference
    candidates = iter([taken, taken, "ABCD2345"])
    monkeypatch.setattr(repo, "new_reference", lambda: next(candidates))
    assert repo.submit(engine, None, FORM, ANSWERS, now=NOW).reference == "ABCD2345"
    assert count(engine, submissions) == 2


def test_submitting_a_missing_draft_is_refused(engine):
    for missing in ("never-made", "x" * 32):
        with pytest.raises(repo.DraftNotFound):
            repo.submit_draft(engine, missing, FORM, now=NOW)
    assert count(engine, submissions) == 0


def test_references_are_unique_and_unambiguous(engine):
    references = [repo.submit(engine, None, FORM, ANSWERS, now=NOW).reference for _ in range(50)]
    assert len(set(references)) == 50
    for reference in references:
        assert len(reference) == 8 and set(reference) <= set(repo.REFERENCE_ALPHABET)
    assert not set("0O1IL") & set(repo.REFERENCE_ALPHABET)
    assert len(set(repo.REFERENCE_ALPHABET)) == len(repo.REFERENCE_ALPHABET)


def test_purge_removes_only_rows_past_their_deadline(engine):
    old = repo.submit(engine, None, FORM, ANSWERS, now=NOW - dt.timedelta(days=31))
    edge = repo.submit(engine, None, FORM, ANSWERS, now=NOW - dt.timedelta(days=30))
    kept = repo.submit(engine, None, FORM, ANSWERS, now=NOW - dt.timedelta(days=29))
    stale = repo.create_draft(engine, FORM, now=NOW - dt.timedelta(days=2))
    fresh = repo.create_draft(engine, FORM, now=NOW)
    assert repo.purge_submissions(engine, NOW) == 2
    assert repo.purge_expired_drafts(engine, NOW) == 1
    assert repo.get_submission(engine, old.reference) is None
    assert repo.get_submission(engine, edge.reference) is None
    assert repo.get_submission(engine, kept.reference) == kept
    assert repo.get_draft(engine, stale.id, now=NOW - dt.timedelta(days=2)) is None
    assert repo.get_draft(engine, fresh.id, now=NOW) == fresh


def test_export_lists_a_forms_submissions_oldest_first(engine):
    other = make_form({"id": "x", "question": "X?", "type": "text"}, id="other-form")
    second = repo.submit(engine, None, FORM, {"name": "B"}, now=NOW)
    first = repo.submit(engine, None, FORM, {"name": "A"}, now=NOW - dt.timedelta(hours=1))
    repo.submit(engine, None, other, {"x": "1"}, now=NOW)
    assert list(repo.export_submissions(engine, "test-form")) == [first, second]
    assert list(repo.export_submissions(engine, "no-such-form")) == []


def test_functions_take_a_connection_inside_the_callers_transaction(engine):
    with engine.connect() as connection:
        made = repo.create_draft(connection, FORM, now=NOW)
        connection.rollback()
        assert repo.get_draft(connection, made.id, now=NOW) is None
