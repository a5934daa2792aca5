"""The storage tables (SQLAlchemy Core). Changing them needs a new revision in migrations/versions/.

Times are stored in UTC and always come back timezone-aware, on SQLite (which keeps no zone) as on
PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

metadata = sa.MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "pk": "pk_%(table_name)s",
})


class UtcDateTime(sa.TypeDecorator):
    """A timezone-aware datetime, stored in UTC; naive values are refused, not guessed."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("store timezone-aware datetimes only")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


drafts = sa.Table(
    "drafts", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("form_id", sa.String(100), nullable=False),
    sa.Column("form_version", sa.Integer, nullable=False),
    sa.Column("answers", sa.JSON, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=False, index=True),
)

submissions = sa.Table(
    "submissions", metadata,
    sa.Column("reference", sa.String(8), primary_key=True),
    sa.Column("form_id", sa.String(100), nullable=False, index=True),
    sa.Column("form_version", sa.Integer, nullable=False),
    sa.Column("answers", sa.JSON, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("retention_until", UtcDateTime, nullable=False, index=True),
    # The draft this came from: unique, so a retried submit of one draft finds the first submission.
    sa.Column("draft_id", sa.String(64), nullable=True, unique=True),
)
