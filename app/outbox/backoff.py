"""When a failed message is tried again: exponential backoff with full jitter, until the
outbox's give-up period after the submission (3 days for webhooks, a day for email).

The ceiling starts at 30 seconds and doubles after each failed attempt, up to an hour; the actual
wait is drawn uniformly below the ceiling ("full jitter"), so receivers that come back after an
outage are not hit by every waiting message at the same moment. At the end of the give-up period
there is one last attempt, and after it the message is given up (status failed).
"""

from __future__ import annotations

import datetime as dt
import random

FIRST_CEILING = dt.timedelta(seconds=30)
MAX_CEILING = dt.timedelta(hours=1)
# Never retry at once: a receiver that fails fast would otherwise be hammered in a loop.
SHORTEST_WAIT = dt.timedelta(seconds=1)


def ceiling(failed_attempts: int) -> dt.timedelta:
    """The longest wait after this many failed attempts (1 or more): 30 s, 60 s, … 1 h."""
    if failed_attempts < 1:
        raise ValueError("the ceiling is defined after at least one failed attempt")
    # Past 2**7 the ceiling is capped anyway; stopping the exponent there keeps it small.
    doubled = FIRST_CEILING * 2 ** min(failed_attempts - 1, 7)
    return min(doubled, MAX_CEILING)


def wait_after(failed_attempts: int, rng: random.Random | None = None) -> dt.timedelta:
    """A random wait between SHORTEST_WAIT and the ceiling for this many failed attempts."""
    top = ceiling(failed_attempts).total_seconds()
    drawn = (rng or random).uniform(0, top)
    return max(SHORTEST_WAIT, dt.timedelta(seconds=drawn))


def next_attempt_at(
    created_at: dt.datetime,
    failed_attempts: int,
    now: dt.datetime,
    rng: random.Random | None = None,
    *,
    give_up_after: dt.timedelta,
) -> dt.datetime | None:
    """When to try again after the `failed_attempts`-th failure at `now`; None to give up.

    The last attempt is made at the deadline (`give_up_after` past `created_at`) itself, so a
    receiver that is back just before it still gets the message."""
    deadline = created_at + give_up_after
    if now >= deadline:
        return None
    return min(now + wait_after(failed_attempts, rng), deadline)
