"""What went wrong on a page (after "Is this page useful? No") and feedback on the whole site.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from app.store.tables import UtcDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "page_problems",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("path", sa.String(500), nullable=False),
        sa.Column("doing", sa.Text, nullable=False),
        sa.Column("went_wrong", sa.Text, nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_page_problems"),
    )
    op.create_index("ix_page_problems_path", "page_problems", ["path"])
    op.create_index("ix_page_problems_created_at", "page_problems", ["created_at"])
    op.create_table(
        "site_feedback",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("email", sa.String(320), nullable=True),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_site_feedback"),
    )
    op.create_index("ix_site_feedback_created_at", "site_feedback", ["created_at"])


def downgrade() -> None:
    op.drop_table("site_feedback")
    op.drop_table("page_problems")
