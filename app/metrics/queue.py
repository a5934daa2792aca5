"""The delivery queue as the database holds it, read at each scrape: how many deliveries are
pending, how long the oldest has waited since its submission, and how far past its due time the
most overdue one is (workers stopped or too few: it grows; retries waiting their turn do not
count, as they are not due yet). Read from the database, not counted by the workers, so every
app server reports the same truth whichever workers run and wherever.

Only pending rows have a `next_attempt_at` (delivered and failed ones have none), so the query
reads that column's index, not the whole table of past deliveries.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator

import sqlalchemy as sa
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from app.store.tables import deliveries

log = logging.getLogger(__name__)


def _seconds_since(moment: dt.datetime | None, now: dt.datetime) -> float:
    if moment is None:
        return 0.0
    if moment.tzinfo is None:  # SQLite's aggregates come back without the column's type
        moment = moment.replace(tzinfo=dt.UTC)
    return max(0.0, (now - moment).total_seconds())


def _as_datetime(value) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


class DeliveryQueueCollector(Collector):
    def __init__(self, engine: Callable[[], Engine], now: Callable[[], dt.datetime]):
        self._engine, self._now = engine, now

    def collect(self) -> Iterator[GaugeMetricFamily]:
        query = sa.select(
            sa.func.count(),
            sa.func.min(deliveries.c.created_at),
            sa.func.min(deliveries.c.next_attempt_at),
        ).where(deliveries.c.next_attempt_at.is_not(None), deliveries.c.status == "pending")
        try:
            with self._engine().connect() as connection:
                pending, oldest, first_due = connection.execute(query).one()
        except SQLAlchemyError as error:
            # The scrape still gives every other metric; the gap in these says the rest.
            log.warning("delivery queue not read for the metrics: %s", type(error).__name__)
            return
        now = self._now()
        yield GaugeMetricFamily(
            "portal_delivery_queue_pending",
            "Deliveries waiting to be sent, due or retrying later.",
            value=pending,
        )
        yield GaugeMetricFamily(
            "portal_delivery_queue_oldest_age_seconds",
            "Seconds since the submission of the oldest delivery still pending (0: none).",
            value=_seconds_since(_as_datetime(oldest), now),
        )
        yield GaugeMetricFamily(
            "portal_delivery_queue_overdue_seconds",
            "Seconds the most overdue pending delivery has been due without being sent "
            "(0: none is due): the workers' lag.",
            value=_seconds_since(_as_datetime(first_due), now),
        )
