"""style/plain-english: formal words with a plain one that means the same (purchase: buy), from
`plain_english` in content/style.yaml."""

from __future__ import annotations

from .base import Finding, Rule, find_listed


def check(prose, settings):
    for line, written, _entry, instead in find_listed(prose, settings.plain_english):
        yield Finding(line, f'"{written}" is not plain English: write "{instead}"')


RULE = Rule("plain-english", check)
