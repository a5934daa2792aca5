"""Dates and times as the portal writes them, in plain Python: GOV.UK's style for people (the
templates' `govuk_date` filter and the forms' check your answers page), and the one timestamp
format for machines (the API's answers and the webhooks' messages)."""

from __future__ import annotations

import datetime as dt


def format_date(value: dt.date) -> str:
    """GOV.UK's date style: 2 October 2026."""
    return f"{value.day} {value:%B %Y}"


def utc_timestamp(moment: dt.datetime) -> str:
    """The one format of every time the API and the webhooks send: RFC 3339 in UTC, to the
    second, with `Z`: 2026-06-15T12:30:05Z."""
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
