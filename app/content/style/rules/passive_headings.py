"""style/passive-headings: headings in the passive voice ("How applications are assessed"): GOV.UK
writes actively, saying who does what ("How we assess your application"). A heading (and the
title) with a form of "to be" followed by a past participle is reported, unless it is a condition
("If your passport was lost or stolen"): that says what happened to the reader, as GOV.UK does."""

from __future__ import annotations

import re

from ..prose import HEADING
from .base import Finding, Rule

IRREGULAR = (
    "given made taken shown sent paid known done seen written held kept told built chosen found "
    "brought bought spent meant left heard put set run won lost begun drawn driven eaten"
)
PASSIVE = re.compile(
    r"\b(?:am|is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?"
    rf"(?P<participle>\w+(?<!e)ed|{'|'.join(IRREGULAR.split())})\b",
    re.IGNORECASE,
)
CONDITION = re.compile(r"\s*(?:if|when|unless|after|once)\b", re.IGNORECASE)


def check(prose, settings):
    for block in prose.blocks:
        if block.kind != HEADING or CONDITION.match(block.text):
            continue
        match = PASSIVE.search(block.text)
        if match:
            yield Finding(
                block.line_at(match.start()),
                f'the heading "{block.text.strip()}" is passive ("{match.group()}"): say who does '
                'what, as in "How we assess your application" or "Check your documents"',
            )


RULE = Rule("passive-headings", check)
