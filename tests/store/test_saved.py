"""Drafts saved to come back to later, on SQLite and PostgreSQL: the saved days survive ordinary
saves and the first page's new id, a code or a link moves the draft to a new id, a link works
once and not past its expiry or its draft, and the purge takes the draft, its reference, its
links and their unsent emails."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from app.store import repository as repo
from app.store import saved
from app.store.tables import emails, resume_links, saved_drafts
from tests.forms.helpers import form as make_form

NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)
DAYS = dt.timedelta(days=28)
FORM = make_form({"id": "name", "question": "What is your name?", "type": "text"})
KEY = "not-a-real-secret-key"


def saved_draft(engine, **options):
    draft = repo.create_draft(engine, FORM, {"name": "Ada"}, now=NOW)
    made = saved.save_for_later(engine, draft.id, FORM.id, DAYS, now=NOW, **options)
    return draft, made


def the_link_token(engine) -> str:
    with engine.connect() as c:
        return saved.link_token(KEY, c.execute(sa.select(resume_links.c.id)).scalar_one())


def test_saved_days_outlast_answers_and_a_new_id(engine):
    draft, made = saved_draft(engine, with_code=True)
    assert made.expires_at == NOW + DAYS
    later = NOW + dt.timedelta(days=3)
    new_id = repo.save_answers(engine, draft.id, {"name": "Grace"}, rotate=True, now=later)
    found = repo.get_draft(engine, new_id, now=later)
    assert found.expires_at == NOW + DAYS  # a day's lifetime never shortens the saved days
    with engine.connect() as c:
        assert c.execute(sa.select(saved_drafts.c.draft_id)).scalar_one() == new_id  # followed
    # saving again keeps the reference, with a new code; the old code stops working
    again = saved.save_for_later(engine, new_id, FORM.id, DAYS, with_code=True, now=later)
    assert again.reference == made.reference and again.expires_at == later + DAYS
    assert saved.resume_with_code(engine, made.reference, made.code, now=later) is None
    # an ordinary draft (not saved) still gets its day
    other = repo.create_draft(engine, FORM, {}, now=later - dt.timedelta(hours=1))
    repo.save_answers(engine, other.id, {"name": "Cy"}, now=later)
    assert repo.get_draft(engine, other.id, now=later).expires_at == later + repo.DRAFT_LIFETIME


def test_a_code_moves_the_draft_and_keeps_working(engine):
    draft, made = saved_draft(engine, with_code=True)
    moved = saved.resume_with_code(engine, made.reference, made.code.lower(), now=NOW)
    assert moved.draft_id != draft.id and moved.form_id == FORM.id
    assert repo.get_draft(engine, draft.id, now=NOW) is None  # the old browser's id is gone
    assert repo.get_draft(engine, moved.draft_id, now=NOW).answers == {"name": "Ada"}
    assert saved.resume_with_code(engine, made.reference, made.code, now=NOW) is not None
    assert saved.resume_with_code(engine, made.reference, "AAAA-BBBB-CCCC", now=NOW) is None
    assert saved.resume_with_code(engine, "ZZZZZZZZ", made.code, now=NOW) is None
    expired = NOW + DAYS
    assert saved.resume_with_code(engine, made.reference, made.code, now=expired) is None


def test_a_link_works_once_and_not_past_its_draft(engine):
    link = saved.LinkRequest("ada@example.com", KEY)
    draft, made = saved_draft(engine, with_code=False, link=link)
    assert made.code is None
    token = the_link_token(engine)
    with engine.connect() as c:
        stored = c.execute(sa.select(resume_links)).one()
        queued = c.execute(sa.select(emails.c.kind, emails.c.recipient, emails.c.reference)).one()
    assert stored.token_hash == repo.hash_secret(token) and stored.expires_at == NOW + DAYS
    assert tuple(queued) == ("resume", "ada@example.com", None)
    assert saved.link_state(engine, token, now=NOW) == (saved.LinkState.LIVE, FORM.id)

    state, moved = saved.use_link(engine, token, now=NOW)
    assert state is saved.LinkState.LIVE and repo.get_draft(engine, moved.draft_id, now=NOW)
    assert saved.use_link(engine, token, now=NOW) == (saved.LinkState.USED, None)
    assert saved.link_state(engine, "x" * 43, now=NOW) == (saved.LinkState.UNKNOWN, None)

    # a second link: expired with its draft's days, or when the draft has gone (sent)
    saved.save_for_later(engine, moved.draft_id, FORM.id, DAYS, with_code=False, link=link, now=NOW)
    with engine.connect() as c:
        ids = c.execute(sa.select(resume_links.c.id).where(resume_links.c.used_at.is_(None)))
        second = saved.link_token(KEY, ids.scalar_one())
    assert saved.use_link(engine, second, now=NOW + DAYS)[0] is saved.LinkState.EXPIRED
    repo.delete_draft(engine, moved.draft_id)
    assert saved.use_link(engine, second, now=NOW)[0] is saved.LinkState.EXPIRED


def test_the_purge_takes_the_saved_draft_its_links_and_their_emails(engine):
    saved_draft(engine, with_code=True, link=saved.LinkRequest("ada@example.com", KEY))
    before = NOW + DAYS - dt.timedelta(minutes=1)
    assert (
        repo.purge_expired_drafts(engine, before),
        saved.purge_resume_links(engine, before),
    ) == (
        0,
        0,
    )
    after = NOW + DAYS
    assert (repo.purge_expired_drafts(engine, after), saved.purge_resume_links(engine, after)) == (
        1,
        1,
    )
    with engine.connect() as c:
        for table in (saved_drafts, resume_links, emails):
            assert c.execute(sa.select(sa.func.count()).select_from(table)).scalar_one() == 0
