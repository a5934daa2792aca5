"""The confirmation secret: submissions of a citizen's draft are found again by the hash of a
secret given when they are sent, not by the draft's id.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("confirmation_hash", sa.String(64), nullable=True))
        batch.create_unique_constraint("uq_submissions_confirmation_hash", ["confirmation_hash"])


def downgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.drop_constraint("uq_submissions_confirmation_hash", type_="unique")
        batch.drop_column("confirmation_hash")
