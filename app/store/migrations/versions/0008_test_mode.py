"""Test mode: test keys, and the submissions made with them.

`api_keys.is_test` marks a test key (`portal_test_…`); `submissions.is_test` a submission made
with one. Every existing key and submission is live (false).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("api_keys", "submissions"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("is_test", sa.Boolean, nullable=False, server_default=sa.false())
            )


def downgrade() -> None:
    for table in ("submissions", "api_keys"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("is_test")
