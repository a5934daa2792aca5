"""The mail outbox: the confirmation email and the copy of the answers a citizen asked for, sent
by `flask mail` with retries, and each attempt.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from app.store.tables import UtcDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "emails",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("reference", sa.String(8), nullable=False),
        sa.Column("form_id", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("message_id", sa.String(64), nullable=False),
        sa.Column("recipient", sa.String(320), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", UtcDateTime, nullable=True),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("updated_at", UtcDateTime, nullable=False),
        sa.Column("sent_at", UtcDateTime, nullable=True),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_emails"),
        sa.ForeignKeyConstraint(
            ["reference"], ["submissions.reference"], ondelete="CASCADE", name="fk_emails_reference"
        ),
        sa.UniqueConstraint("message_id", name="uq_emails_message_id"),
    )
    op.create_index("ix_emails_reference", "emails", ["reference"])
    op.create_index("ix_emails_next_attempt_at", "emails", ["next_attempt_at"])
    op.create_table(
        "email_attempts",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("email_id", sa.Integer, nullable=False),
        sa.Column("started_at", UtcDateTime, nullable=False),
        sa.Column("attempted_at", UtcDateTime, nullable=False),
        sa.Column("smtp_code", sa.Integer, nullable=True),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("duration_ms", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_email_attempts"),
        sa.ForeignKeyConstraint(
            ["email_id"], ["emails.id"], ondelete="CASCADE", name="fk_email_attempts_email_id"
        ),
    )
    op.create_index("ix_email_attempts_email_id", "email_attempts", ["email_id"])


def downgrade() -> None:
    op.drop_table("email_attempts")
    op.drop_table("emails")
