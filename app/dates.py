"""Dates and times as the portal writes them, in plain Python: GOV.UK's style for people (the
templates' `govuk_date` filter and the forms' check your answers page), in the reader's language
through Babel, and the one timestamp format for machines (the API's answers and the webhooks'
messages)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal

from app.i18n import current_language, locale

# GOV.UK's style, day month year with the month's name, in every language: 2 October 2026,
# 2 Hydref 2026.
GOVUK_DATE = "d MMMM y"


def format_date(value: dt.date, language: str | None = None) -> str:
    """GOV.UK's date style in `language` (the current one when None): 2 October 2026."""
    return _formatted_date(value, language or current_language())


@lru_cache(maxsize=4096)  # a site's pages share few dates: Babel formats each once
def _formatted_date(value: dt.date, language: str) -> str:
    return babel_format_date(value, GOVUK_DATE, locale=locale(language))


def format_number(value: int | float, language: str | None = None) -> str:
    """A number as the language writes it: 12,345 in English."""
    return format_decimal(value, locale=locale(language or current_language()))


def utc_timestamp(moment: dt.datetime) -> str:
    """The one format of every time the API and the webhooks send: RFC 3339 in UTC, to the
    second, with `Z`: 2026-06-15T12:30:05Z."""
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
