"""style/words-to-avoid: GOV.UK's list of words that hide what is meant (utilise, facilitate,
going forward), from `words_to_avoid` in content/style.yaml, each with what to write instead."""

from __future__ import annotations

from .base import Finding, Rule, find_listed


def check(prose, settings):
    for line, written, _entry, instead in find_listed(prose, settings.words_to_avoid):
        yield Finding(line, f'"{written}" is on GOV.UK\'s words to avoid: {instead}')


RULE = Rule("words-to-avoid", check)
