"""Cursors and `since`, on their own: a cursor gives back the exact position it was made from, and
`since` reads every RFC 3339 date-time (the OpenAPI `date-time` format) and nothing else."""

from __future__ import annotations

import datetime as dt

import pytest

from app.agency.paging import (
    EARLIEST,
    LATEST,
    decode_cursor,
    encode_cursor,
    parse_time,
    time_text,
)
from app.store.repository import Submission


def made_at(moment: dt.datetime, reference: str = "ABCDEFGH") -> Submission:
    return Submission(
        reference=reference,
        form_id="f",
        form_version=1,
        answers={},
        created_at=moment,
        retention_until=moment,
        draft_id=None,
    )


@pytest.mark.parametrize(
    "moment",
    [
        dt.datetime(2026, 6, 15, 12, 0, 0, 123456, tzinfo=dt.UTC),
        dt.datetime(1, 1, 1, tzinfo=dt.UTC),
        dt.datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=dt.UTC),
        dt.datetime(1969, 12, 31, 23, 59, 59, tzinfo=dt.UTC),
    ],
)
def test_a_cursor_gives_back_its_exact_position(moment):
    cursor = encode_cursor(made_at(moment, "K7M2QX9P"))
    assert decode_cursor(cursor) == (moment, "K7M2QX9P")
    assert decode_cursor(f" {cursor}\n") == (moment, "K7M2QX9P")


def test_the_largest_cursor_is_past_every_moment():
    assert decode_cursor(f"{'f' * 15}.ABCDEFGH") == (LATEST, "ABCDEFGH")


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        ".ABCDEFGH",
        "1.",
        "1.ABCDEFGI",
        "1.abcdefgh",
        "G.ABCDEFGH",
        "1 .ABCDEFGH",
        f"{'1' * 16}.ABCDEFGH",
        "1.ABCDEFGH.1",
    ],
)
def test_anything_else_is_no_cursor(cursor):
    assert decode_cursor(cursor) is None


@pytest.mark.parametrize(
    "text, moment",
    [
        ("2026-06-15T12:00:00Z", dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC)),
        ("2026-06-15t13:30:00+01:30", dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC)),
        ("2026-06-15T12:00:00.5z", dt.datetime(2026, 6, 15, 12, 0, 0, 500000, tzinfo=dt.UTC)),
        (
            "2026-06-15T12:00:00.1234567-00:00",  # more digits than Python keeps: cut, not refused
            dt.datetime(2026, 6, 15, 12, 0, 0, 123456, tzinfo=dt.UTC),
        ),
        ("2016-12-31T23:59:60Z", dt.datetime(2016, 12, 31, 23, 59, 59, 999999, tzinfo=dt.UTC)),
        ("0001-01-01T00:00:00+00:01", EARLIEST),
        ("9999-12-31T23:59:59-23:59", LATEST),
    ],
)
def test_since_reads_every_rfc_3339_date_time(text, moment):
    assert parse_time(text) == moment


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2026-06-15",
        "2026-06-15T12:00:00",
        "2026-06-15 12:00:00Z",
        "2026-06-15T12:00Z",
        "2026-02-30T12:00:00Z",
        "2026-06-15T24:00:00Z",
        "2026-06-15T12:00:00+0100",
        "20260615T120000Z",
        "yesterday",
        "٢٠٢٦-06-15T12:00:00Z",
        "2026-06-15T12:00:00." + "1" * 60 + "Z",
    ],
)
def test_since_reads_nothing_else(text):
    assert parse_time(text) is None


def test_since_goes_back_into_a_link_unchanged():
    for moment in [dt.datetime(2026, 6, 15, 12, 0, 0, 1, tzinfo=dt.UTC), EARLIEST, LATEST]:
        assert parse_time(time_text(moment)) == moment
