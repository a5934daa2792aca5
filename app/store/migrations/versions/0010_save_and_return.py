"""Save and come back later: drafts saved with a reference (and a resume code's hash), one-time
resume links, and the resume link's email in the mail outbox (which has no submission).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from app.store.tables import UtcDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "saved_drafts",
        sa.Column("reference", sa.String(8), nullable=False),
        sa.Column("draft_id", sa.String(64), nullable=False),
        sa.Column("form_id", sa.String(100), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=True),
        sa.Column("saved_at", UtcDateTime, nullable=False),
        sa.PrimaryKeyConstraint("reference", name="pk_saved_drafts"),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["drafts.id"],
            ondelete="CASCADE",
            onupdate="CASCADE",
            name="fk_saved_drafts_draft_id",
        ),
        sa.UniqueConstraint("draft_id", name="uq_saved_drafts_draft_id"),
    )
    op.create_table(
        "resume_links",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("reference", sa.String(8), nullable=False),
        sa.Column("form_id", sa.String(100), nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("expires_at", UtcDateTime, nullable=False),
        sa.Column("used_at", UtcDateTime, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_resume_links"),
        sa.UniqueConstraint("token_hash", name="uq_resume_links_token_hash"),
    )
    op.create_index("ix_resume_links_expires_at", "resume_links", ["expires_at"])
    with op.batch_alter_table("emails") as batch:
        batch.alter_column("reference", existing_type=sa.String(8), nullable=True)
        batch.add_column(sa.Column("resume_link_id", sa.String(32), nullable=True))
        batch.create_foreign_key(
            "fk_emails_resume_link_id",
            "resume_links",
            ["resume_link_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.create_index("ix_emails_resume_link_id", ["resume_link_id"])


def downgrade() -> None:
    op.execute("DELETE FROM emails WHERE reference IS NULL")
    with op.batch_alter_table("emails") as batch:
        batch.drop_index("ix_emails_resume_link_id")
        batch.drop_constraint("fk_emails_resume_link_id", type_="foreignkey")
        batch.drop_column("resume_link_id")
        batch.alter_column("reference", existing_type=sa.String(8), nullable=False)
    op.drop_table("resume_links")
    op.drop_table("saved_drafts")
