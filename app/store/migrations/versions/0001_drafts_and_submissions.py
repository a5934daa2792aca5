"""Drafts and submissions.

Revision ID: 0001
Revises:
Create Date: 2026-05-01
"""

import sqlalchemy as sa
from alembic import op

from app.store.tables import UtcDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drafts",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("form_id", sa.String(100), nullable=False),
        sa.Column("form_version", sa.Integer, nullable=False),
        sa.Column("answers", sa.JSON, nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("updated_at", UtcDateTime, nullable=False),
        sa.Column("expires_at", UtcDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_drafts"),
    )
    op.create_index("ix_drafts_expires_at", "drafts", ["expires_at"])
    op.create_table(
        "submissions",
        sa.Column("reference", sa.String(8), nullable=False),
        sa.Column("form_id", sa.String(100), nullable=False),
        sa.Column("form_version", sa.Integer, nullable=False),
        sa.Column("answers", sa.JSON, nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("retention_until", UtcDateTime, nullable=False),
        sa.Column("draft_id", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("reference", name="pk_submissions"),
        sa.UniqueConstraint("draft_id", name="uq_submissions_draft_id"),
    )
    op.create_index("ix_submissions_form_id", "submissions", ["form_id"])
    op.create_index("ix_submissions_retention_until", "submissions", ["retention_until"])


def downgrade() -> None:
    op.drop_table("submissions")
    op.drop_table("drafts")
