"""The agency API and delivery: deletion codes, idempotency keys, the delivery outbox and its
attempts, agency API keys.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

from app.store.tables import UtcDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("deletion_code_hash", sa.String(64), nullable=True))
    op.create_table(
        "idempotency_keys",
        sa.Column("form_id", sa.String(100), nullable=False),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("reference", sa.String(8), nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.PrimaryKeyConstraint("form_id", "key", name="pk_idempotency_keys"),
        sa.ForeignKeyConstraint(
            ["reference"],
            ["submissions.reference"],
            ondelete="CASCADE",
            name="fk_idempotency_keys_reference",
        ),
    )
    op.create_index("ix_idempotency_keys_reference", "idempotency_keys", ["reference"])
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("reference", sa.String(8), nullable=False),
        sa.Column("form_id", sa.String(100), nullable=False),
        sa.Column("message_id", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", UtcDateTime, nullable=True),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("updated_at", UtcDateTime, nullable=False),
        sa.Column("delivered_at", UtcDateTime, nullable=True),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_deliveries"),
        sa.ForeignKeyConstraint(
            ["reference"],
            ["submissions.reference"],
            ondelete="CASCADE",
            name="fk_deliveries_reference",
        ),
        sa.UniqueConstraint("reference", name="uq_deliveries_reference"),
        sa.UniqueConstraint("message_id", name="uq_deliveries_message_id"),
    )
    op.create_index("ix_deliveries_next_attempt_at", "deliveries", ["next_attempt_at"])
    op.create_table(
        "delivery_attempts",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("delivery_id", sa.Integer, nullable=False),
        sa.Column("attempted_at", UtcDateTime, nullable=False),
        sa.Column("status_code", sa.Integer, nullable=True),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("duration_ms", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_delivery_attempts"),
        sa.ForeignKeyConstraint(
            ["delivery_id"],
            ["deliveries.id"],
            ondelete="CASCADE",
            name="fk_delivery_attempts_delivery_id",
        ),
    )
    op.create_index("ix_delivery_attempts_delivery_id", "delivery_attempts", ["delivery_id"])
    op.create_table(
        "api_keys",
        sa.Column("id", sa.String(16), nullable=False),
        sa.Column("organisation", sa.String(100), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("label", sa.String(200), nullable=True),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("revoked_at", UtcDateTime, nullable=True),
        sa.Column("last_used_at", UtcDateTime, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_api_keys"),
        sa.UniqueConstraint("key_hash", name="uq_api_keys_key_hash"),
    )
    op.create_index("ix_api_keys_organisation", "api_keys", ["organisation"])


def downgrade() -> None:
    op.drop_table("api_keys")
    op.drop_table("delivery_attempts")
    op.drop_table("deliveries")
    op.drop_table("idempotency_keys")
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("deletion_code_hash")
