"""Storing and reading feedback: the answers to "Is this page useful?", what went wrong after a
"no", and feedback on the whole site; and purging the answers that hold an email address once
they are EMAIL_RETENTION_DAYS old."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from .tables import page_feedback, page_problems, site_feedback

# How long feedback that holds an email address is kept: the address given for a reply, or one
# typed into a message or a "what went wrong" answer (people do, though the form asks them not
# to). Long enough to read it and reply; then `flask feedback purge` deletes the whole answer, as
# what else it says about its writer cannot be told apart. Answers without one are kept: they
# are about pages, not people. docs/storage.md says so.
EMAIL_RETENTION_DAYS = 90
# Something@something.something, as people type an address in the middle of a sentence.
EMAIL_ADDRESS = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]*[^\s@.,;:!?)\]'\"]")


@dataclass(frozen=True)
class PageTally:
    path: str
    useful: int
    not_useful: int


@dataclass(frozen=True)
class PageProblem:
    path: str
    doing: str
    went_wrong: str
    created_at: dt.datetime


@dataclass(frozen=True)
class SiteFeedback:
    message: str
    email: str | None
    created_at: dt.datetime


def record(engine: Engine, path: str, useful: bool, now: dt.datetime) -> None:
    with engine.begin() as connection:
        connection.execute(
            page_feedback.insert(), {"path": path, "useful": useful, "created_at": now}
        )


def tally(engine: Engine, since: dt.datetime | None = None) -> list[PageTally]:
    """Yes and no counts per page, the pages with the most "no" answers first."""
    yes = sa.func.sum(sa.case((page_feedback.c.useful.is_(True), 1), else_=0))
    no = sa.func.sum(sa.case((page_feedback.c.useful.is_(False), 1), else_=0))
    query = (
        sa.select(page_feedback.c.path, yes.label("yes"), no.label("no"))
        .group_by(page_feedback.c.path)
        .order_by(no.desc(), page_feedback.c.path)
    )
    if since is not None:
        query = query.where(page_feedback.c.created_at >= since)
    with engine.connect() as connection:
        return [PageTally(row.path, int(row.yes), int(row.no)) for row in connection.execute(query)]


def record_problem(engine: Engine, path: str, doing: str, went_wrong: str, now: dt.datetime):
    with engine.begin() as connection:
        connection.execute(
            page_problems.insert(),
            {"path": path, "doing": doing, "went_wrong": went_wrong, "created_at": now},
        )


def problems(engine: Engine, since: dt.datetime | None = None) -> list[PageProblem]:
    """What went wrong, by page (the pages in order), newest first."""
    query = sa.select(
        page_problems.c.path,
        page_problems.c.doing,
        page_problems.c.went_wrong,
        page_problems.c.created_at,
    ).order_by(page_problems.c.path, page_problems.c.created_at.desc(), page_problems.c.id.desc())
    if since is not None:
        query = query.where(page_problems.c.created_at >= since)
    with engine.connect() as connection:
        return [PageProblem(*row) for row in connection.execute(query)]


def record_site_feedback(engine: Engine, message: str, email: str | None, now: dt.datetime):
    with engine.begin() as connection:
        connection.execute(
            site_feedback.insert(), {"message": message, "email": email, "created_at": now}
        )


def site_feedback_since(engine: Engine, since: dt.datetime | None = None) -> list[SiteFeedback]:
    """Feedback on the whole site, newest first."""
    query = sa.select(
        site_feedback.c.message, site_feedback.c.email, site_feedback.c.created_at
    ).order_by(site_feedback.c.created_at.desc(), site_feedback.c.id.desc())
    if since is not None:
        query = query.where(site_feedback.c.created_at >= since)
    with engine.connect() as connection:
        return [SiteFeedback(*row) for row in connection.execute(query)]


def _holds_an_address(*texts: str | None) -> bool:
    return any(text and EMAIL_ADDRESS.search(text) for text in texts)


def purge_email_addresses(engine: Engine, now: dt.datetime) -> int:
    """Delete the feedback older than EMAIL_RETENTION_DAYS that holds an email address; how many
    answers went. The database finds those with an `@` (indexed by age); Python then reads each
    for an address, so an answer that only mentions "@" stays."""
    before = now - dt.timedelta(days=EMAIL_RETENTION_DAYS)
    tables = (
        (site_feedback, (site_feedback.c.message, site_feedback.c.email)),
        (page_problems, (page_problems.c.doing, page_problems.c.went_wrong)),
    )
    gone = 0
    with engine.begin() as connection:
        for table, texts in tables:
            candidates = sa.select(table.c.id, *texts).where(
                table.c.created_at < before, sa.or_(*(text.contains("@") for text in texts))
            )
            ids = [row.id for row in connection.execute(candidates) if _holds_an_address(*row[1:])]
            for start in range(0, len(ids), 500):  # a bounded IN list for any database
                chunk = ids[start : start + 500]
                gone += connection.execute(table.delete().where(table.c.id.in_(chunk))).rowcount
    return gone
