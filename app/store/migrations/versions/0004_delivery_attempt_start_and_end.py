"""A delivery attempt's start beside its end: `delivery_attempts.started_at`.

Until now `attempted_at` held when an attempt began, though it was documented (and shown to
agencies) as when it ended. Existing rows keep their start in `started_at` and get their end,
the start plus `duration_ms`, in `attempted_at`.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

from app.store.tables import UtcDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_attempts = sa.table(
    "delivery_attempts",
    sa.column("id", sa.Integer),
    sa.column("started_at", UtcDateTime),
    sa.column("attempted_at", UtcDateTime),
    sa.column("duration_ms", sa.Integer),
)


def upgrade() -> None:
    with op.batch_alter_table("delivery_attempts") as batch:
        batch.add_column(sa.Column("started_at", UtcDateTime, nullable=True))
    # In Python rather than SQL: adding milliseconds to a time is written differently on SQLite
    # and PostgreSQL, and UtcDateTime keeps the stored times in UTC either way.
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(_attempts.c.id, _attempts.c.attempted_at, _attempts.c.duration_ms)
    ).all()
    if rows:
        connection.execute(
            _attempts.update()
            .where(_attempts.c.id == sa.bindparam("row_id"))
            .values(started_at=sa.bindparam("began"), attempted_at=sa.bindparam("ended")),
            [
                {
                    "row_id": row.id,
                    "began": row.attempted_at,
                    "ended": row.attempted_at + dt.timedelta(milliseconds=row.duration_ms),
                }
                for row in rows
            ],
        )
    with op.batch_alter_table("delivery_attempts") as batch:
        batch.alter_column("started_at", existing_type=UtcDateTime, nullable=False)


def downgrade() -> None:
    connection = op.get_bind()
    connection.execute(_attempts.update().values(attempted_at=_attempts.c.started_at))
    with op.batch_alter_table("delivery_attempts") as batch:
        batch.drop_column("started_at")
