"""Dates and numbers for people in the reader's language (app/dates.py), through Babel."""

from __future__ import annotations

import datetime as dt

from app.dates import format_date, format_number, utc_timestamp
from app.i18n import in_language


def test_govuk_date_style_in_each_language():
    day = dt.date(2026, 10, 2)
    assert format_date(day) == "2 October 2026"  # the default language: English
    assert format_date(day, "cy") == "2 Hydref 2026"
    assert format_date(dt.date(2027, 1, 31), "cy") == "31 Ionawr 2027"
    with in_language("cy"):  # the current language when none is given
        assert format_date(day) == "2 Hydref 2026"
        assert format_number(12345) == "12,345"
    assert format_date(day) == "2 October 2026"


def test_the_timestamp_for_machines_has_no_language():
    moment = dt.datetime(2026, 6, 15, 12, 30, 5, tzinfo=dt.UTC)
    with in_language("cy"):
        assert utc_timestamp(moment) == "2026-06-15T12:30:05Z"
