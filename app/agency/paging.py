"""A form's submissions a page at a time: the order, the position a page ends at (the cursor),
and `since`, the earliest moment wanted.

The order is (created_at, reference): the moment each submission was stored, to the microsecond,
then its reference for those of the same moment. A cursor names a position in that order, not a
snapshot, so submissions stored while a client pages still come, on a later page.
"""

from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from app.store.repository import REFERENCE_ALPHABET, REFERENCE_LENGTH, Submission
from app.store.tables import submissions

# A cursor: microseconds since the start of year 1 (hex; 15 digits outlast year 9999), a dot, and
# the reference. Clients treat it as opaque; the OpenAPI document gives this pattern, and every
# string of it is a position, so no well-formed cursor is refused.
CURSOR = re.compile(f"^([0-9a-f]{{1,15}})\\.([{REFERENCE_ALPHABET}]{{{REFERENCE_LENGTH}}})$")
# RFC 3339 (the OpenAPI `date-time` format): a date, a time and a zone, all required.
DATE_TIME = re.compile(
    r"^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?"
    r"([Zz]|[+-]\d{2}:\d{2})$",
    re.ASCII,
)
MAX_TIME_CHARS = 64
EARLIEST = dt.datetime.min.replace(tzinfo=dt.UTC)
LATEST = dt.datetime.max.replace(tzinfo=dt.UTC)
MICROSECOND = dt.timedelta(microseconds=1)

Position = tuple[dt.datetime, str]  # (created_at, reference)


def encode_cursor(submission: Submission) -> str:
    """The position of `submission`: the page after it starts after it."""
    return f"{(submission.created_at - EARLIEST) // MICROSECOND:x}.{submission.reference}"


def decode_cursor(cursor: str) -> Position | None:
    """The position a cursor names; None if it is not of the cursor's pattern."""
    match = CURSOR.match(cursor.strip())
    if match is None:
        return None
    try:
        moment = EARLIEST + int(match[1], 16) * MICROSECOND
    except OverflowError:  # past the calendar's end: after every submission
        moment = LATEST
    return moment, match[2]


def parse_time(text: str) -> dt.datetime | None:
    """An RFC 3339 date and time, in UTC; None if it is not one."""
    match = DATE_TIME.match(text.strip()) if len(text) <= MAX_TIME_CHARS else None
    if match is None:
        return None
    date, hour, minute, second, fraction, zone = match.groups()
    if second == "60":  # a leap second: as the last instant of the minute it ends
        second, fraction = "59", ".999999"
    try:
        moment = dt.datetime.fromisoformat(
            f"{date}T{hour}:{minute}:{second}{fraction or ''}{zone.upper()}"
        )
    except ValueError:  # no such day or hour
        return None
    try:
        return moment.astimezone(dt.UTC)
    except OverflowError:  # within a day of the calendar's ends, which UTC moves past them
        return EARLIEST if moment.year == 1 else LATEST


def time_text(moment: dt.datetime) -> str:
    """`since` as it goes back into a `next` link: to the microsecond, so the filter stays put."""
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def read_page(
    engine: Engine,
    form_id: str,
    size: int,
    *,
    after: Position | None = None,
    since: dt.datetime | None = None,
    test: bool = False,
) -> list[Submission]:
    """Up to `size` of the form's submissions stored at or after `since`, in order, starting
    after the position `after`: the live ones, or with `test` the test ones (a test key's)."""
    query = (
        sa.select(submissions)
        .where(submissions.c.form_id == form_id, submissions.c.is_test == test)
        .order_by(submissions.c.created_at, submissions.c.reference)
        .limit(size)
    )
    if since is not None:
        query = query.where(submissions.c.created_at >= since)
    if after is not None:
        created_at, reference = after
        query = query.where(
            sa.or_(
                submissions.c.created_at > created_at,
                sa.and_(
                    submissions.c.created_at == created_at, submissions.c.reference > reference
                ),
            )
        )
    with engine.connect() as connection:
        return [Submission(**row) for row in connection.execute(query).mappings()]
