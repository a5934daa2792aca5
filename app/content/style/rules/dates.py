"""style/dates: dates and times in GOV.UK's style: "4 June 2017" (day first, no "th", no
numbers-only dates), "Monday to Friday" and "9am to 5pm" (not a dash), "5:30pm" (12-hour, no
space, no ".", no ":00"), "midday" and "midnight" (not 12pm and 12am)."""

from __future__ import annotations

import re

from .base import Finding, Rule

MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
TIME = r"\d{1,2}(?::\d{2})?(?:am|pm)"
MONTHS, DAYS = MONTH[3:-1].split("|"), DAY[3:-1].split("|")
# Each check, with what a text must contain for it to match at all: a quick `in` or a search that
# starts with a digit (which the regex engine finds fast), so that a page without dates or times,
# most pages, is not searched ten times over (the build lints every page: issue 12).
CHECKS = (
    ("month", re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)\s+(?:of\s+)?{MONTH}\b"),
     'write "4 June": no "th" or "of"'),
    ("month", re.compile(rf"\b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!\s*\d{{3}})"),
     'put the day first: "4 June 2017"'),
    ("/", re.compile(r"(?<![\w/])\d{1,2}/\d{1,2}/\d{2,4}(?![\w/])"),
     'write the month in words: "4 June 2017"'),
    ("day", re.compile(rf"\b{DAY}\s*[-–—]\s*{DAY}\b"), 'use "to" in ranges: "Monday to Friday"'),
    ("time", re.compile(rf"\b{TIME}\s*[-–—]\s*{TIME}\b"), 'use "to" in ranges: "9am to 5pm"'),
    ("time", re.compile(r"\b12\s?(?:am|pm)\b", re.IGNORECASE), 'write "midday" or "midnight"'),
    ("time", re.compile(r"\b\d{1,2}:00\s?(?:am|pm)\b", re.IGNORECASE), 'leave out ":00": "10am"'),
    ("time", re.compile(r"\b\d{1,2}(?:[.:]\d{2})?\s+(?:am|pm|a\.m\.|p\.m\.)(?!\w)", re.IGNORECASE),
     'no space before am or pm: "5:30pm"'),
    ("time", re.compile(r"\b\d{1,2}\.\d{2}\s?(?:am|pm)\b", re.IGNORECASE), 'use a colon: "5:30pm"'),
    (":", re.compile(r"(?<![\d:])(?:1[3-9]|2[0-3]):[0-5]\d(?!\s?(?:am|pm))\b"),
     'use the 12-hour clock: "5:30pm"'),
)  # fmt: skip
A_TIME = re.compile(r"\d\s*(?:am|pm|a\.m\.|p\.m\.)", re.IGNORECASE)


def _present(text: str) -> set[str]:
    """Which of the checks' needs the text meets."""
    present = {need for need in ("/", ":") if need in text}
    if any(month in text for month in MONTHS):
        present.add("month")
    if any(day in text for day in DAYS):
        present.add("day")
    if A_TIME.search(text):
        present.add("time")
    return present


def check(prose, settings):
    present = _present(prose.text)
    for need, pattern, fix in CHECKS:
        if need not in present:
            continue
        for block, match, at in prose.finditer(pattern):
            yield Finding(block.line_at(at), f'"{match.group()}": {fix}')


RULE = Rule("dates", check)
