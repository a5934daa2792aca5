"""style/contractions: the contractions GOV.UK avoids (negative ones such as can't and don't, and
should've, could've, would've, they've), from `contractions` in content/style.yaml. Others
(you'll, we'll, you're) are fine and not listed."""

from __future__ import annotations

from .base import Finding, Rule, find_listed


def check(prose, settings):
    for line, written, _entry, instead in find_listed(prose, settings.contractions):
        yield Finding(line, f'"{written}" is harder to read than "{instead}": write "{instead}"')


RULE = Rule("contractions", check)
