"""The retry schedule: a ceiling that doubles from 30 s to an hour, full jitter below it, one last
attempt at the deadline (here the webhooks' 3 days) and then none."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from app.outbox import backoff

SUBMITTED = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)
SECOND = dt.timedelta(seconds=1)
THREE_DAYS = dt.timedelta(days=3)


def test_the_ceiling_doubles_from_30_seconds_and_stops_at_an_hour():
    assert [backoff.ceiling(n).total_seconds() for n in range(1, 10)] == [
        30,
        60,
        120,
        240,
        480,
        960,
        1920,
        3600,
        3600,
    ]
    assert backoff.ceiling(10_000) == dt.timedelta(hours=1)
    with pytest.raises(ValueError):
        backoff.ceiling(0)


@pytest.mark.parametrize("failed", [1, 2, 5, 8, 40])
def test_each_wait_lies_between_one_second_and_the_ceiling(failed):
    rng = random.Random(failed)
    waits = [backoff.wait_after(failed, rng) for _ in range(2000)]
    assert all(backoff.SHORTEST_WAIT <= wait <= backoff.ceiling(failed) for wait in waits)


def test_the_jitter_spreads_waits_over_the_whole_range():
    """Full jitter: uniform below the ceiling, so retries of many deliveries do not bunch up."""
    rng = random.Random(7)
    top = backoff.ceiling(8).total_seconds()
    waits = [backoff.wait_after(8, rng).total_seconds() for _ in range(4000)]
    assert len(set(waits)) > 3900
    quarters = [sum(q * top / 4 <= w < (q + 1) * top / 4 for w in waits) for q in range(4)]
    assert all(800 < count < 1200 for count in quarters), quarters
    assert min(waits) < 0.05 * top and max(waits) > 0.95 * top


def test_the_next_attempt_follows_the_failure_by_the_wait():
    rng_a, rng_b = random.Random(3), random.Random(3)
    now = SUBMITTED + dt.timedelta(minutes=10)
    assert backoff.next_attempt_at(
        SUBMITTED, 2, now, rng_a, give_up_after=THREE_DAYS
    ) == now + backoff.wait_after(2, rng_b)


def test_the_last_attempt_is_at_the_deadline_and_after_it_there_is_none():
    deadline = SUBMITTED + THREE_DAYS
    almost = deadline - 10 * SECOND
    # whatever the draw, a wait past the deadline is cut to the deadline itself
    draws = {
        backoff.next_attempt_at(SUBMITTED, 9, almost, random.Random(seed), give_up_after=THREE_DAYS)
        for seed in range(50)
    }
    assert max(draws) == deadline and min(draws) > almost
    assert (
        backoff.next_attempt_at(
            SUBMITTED, 200, deadline, random.Random(1), give_up_after=THREE_DAYS
        )
        is None
    )
    assert (
        backoff.next_attempt_at(
            SUBMITTED, 200, deadline + SECOND, random.Random(1), give_up_after=THREE_DAYS
        )
        is None
    )
