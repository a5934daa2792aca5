"""The style rules, one a module, and the one list that names them (as app/markdown/parser.py
names the Markdown plugins). A rule reads a file's Prose with the settings from content/style.yaml
and yields findings: the line, and what is wrong with the fix. Its id (the part after `style/`) is
what a silence names and the heading of its section in docs/style-lint.md.
"""

from __future__ import annotations

from . import (
    all_caps,
    click_here,
    contractions,
    dates,
    numbers,
    passive_headings,
    plain_english,
    reading_age,
    sentence_length,
    words_to_avoid,
)
from .base import Finding, Rule

RULES: tuple[Rule, ...] = (
    words_to_avoid.RULE,
    plain_english.RULE,
    sentence_length.RULE,
    reading_age.RULE,
    click_here.RULE,
    all_caps.RULE,
    passive_headings.RULE,
    dates.RULE,
    numbers.RULE,
    contractions.RULE,
)

RULE_IDS = frozenset(rule.id for rule in RULES)

__all__ = ["RULES", "RULE_IDS", "Finding", "Rule"]
