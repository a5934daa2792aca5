"""GOV.UK's style for dates, in plain Python: the templates' `govuk_date` filter and the forms'
check your answers page both write dates with it."""

from __future__ import annotations

import datetime as dt


def format_date(value: dt.date) -> str:
    """GOV.UK's date style: 2 October 2026."""
    return f"{value.day} {value:%B %Y}"
