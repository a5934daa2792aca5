"""A submission's delivery to its agency's webhook, as the agency sees it: read from the outbox
(`deliveries`) and its tries (`delivery_attempts`), which the delivery worker writes."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from app.store.tables import deliveries, delivery_attempts

from .schemas import DeliveryAttempt, DeliveryStatus


def delivery_status(engine: Engine, reference: str) -> DeliveryStatus:
    """The delivery of the (existing) submission `reference`, every try oldest first; status
    `none` when there is no outbox row: the form had no webhook when it was submitted."""
    with engine.connect() as connection:
        row = (
            connection.execute(sa.select(deliveries).where(deliveries.c.reference == reference))
            .mappings()
            .first()
        )
        if row is None:
            return DeliveryStatus(
                reference=reference,
                status="none",
                message_id=None,
                attempts=0,
                next_attempt_at=None,
                delivered_at=None,
                last_error=None,
                history=[],
            )
        tries = connection.execute(
            sa.select(delivery_attempts)
            .where(delivery_attempts.c.delivery_id == row["id"])
            .order_by(delivery_attempts.c.attempted_at, delivery_attempts.c.id)
        ).mappings()
        history = [
            DeliveryAttempt(
                started_at=t["started_at"],
                attempted_at=t["attempted_at"],
                status_code=t["status_code"],
                error=t["error"],
                duration_ms=t["duration_ms"],
            )
            for t in tries
        ]
    return DeliveryStatus(
        reference=reference,
        status=row["status"],
        message_id=row["message_id"],
        attempts=row["attempts"],
        next_attempt_at=row["next_attempt_at"],
        delivered_at=row["delivered_at"],
        last_error=row["last_error"],
        history=history,
    )
