"""Storing and counting the answers to "Is this page useful?"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from .tables import page_feedback


@dataclass(frozen=True)
class PageTally:
    path: str
    useful: int
    not_useful: int


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
