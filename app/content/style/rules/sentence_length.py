"""style/sentence-length: GOV.UK's limit of 25 words a sentence (`limits.sentence_words` in
content/style.yaml). Headings are not sentences; each list item and table cell is its own."""

from __future__ import annotations

from ..prose import TEXT, WORD
from .base import Finding, Rule


def check(prose, settings):
    limit = settings.limits.sentence_words
    for block in prose.blocks:
        if block.kind != TEXT:
            continue
        if len(block.text.split()) <= limit:  # words are never more than the spaces allow
            continue
        for line, sentence in block.sentences():
            if len(sentence.split()) <= limit:
                continue
            words = len(WORD.findall(sentence))
            if words > limit:
                yield Finding(
                    line,
                    f"a sentence of {words} words (the limit is {limit}): split it into two, "
                    "or make the parts a list",
                )


RULE = Rule("sentence-length", check)
