"""Answers to "Is this page useful?".

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

from app.store.tables import UtcDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "page_feedback",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("path", sa.String(500), nullable=False),
        sa.Column("useful", sa.Boolean, nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_page_feedback"),
    )
    op.create_index("ix_page_feedback_path", "page_feedback", ["path"])
    op.create_index("ix_page_feedback_created_at", "page_feedback", ["created_at"])


def downgrade() -> None:
    op.drop_table("page_feedback")
