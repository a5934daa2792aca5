"""The language the citizen used: on each submission (the agency sees it; the emails follow it)
and on each email in the mail outbox (a retried email is written in the same language).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Null on the rows made before: their language was not recorded (the site's default, then).
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("language", sa.String(16), nullable=True))
    with op.batch_alter_table("emails") as batch:
        batch.add_column(sa.Column("language", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("emails") as batch:
        batch.drop_column("language")
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("language")
