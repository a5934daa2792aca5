"""style/all-caps: words in capitals for emphasis, which are harder to read and read out letter
by letter or shouted. Acronyms are not emphasis: a word the page defines as an abbreviation
(`*[DVLA]: …`) or `acronyms` in content/style.yaml lists is never reported. What is reported: two
or more words in capitals in a row, or one of 5 letters or more."""

from __future__ import annotations

import re

from .base import Finding, Rule

CAPITALS = re.compile(r"\b[A-Z]{2,}\b")
TWO_CAPITALS = re.compile(r"[A-Z]{2}")
LONG = 5


def _runs(text: str, known: set[str]):
    """Runs of capitalised words (offset, words), separated only by spaces."""
    run: list[re.Match] = []
    for match in CAPITALS.finditer(text):
        if match.group() in known:
            yield from ([run] if run else [])
            run = []
            continue
        if run and text[run[-1].end() : match.start()].strip():
            yield run
            run = []
        run.append(match)
    if run:
        yield run


def check(prose, settings):
    if not TWO_CAPITALS.search(prose.text):  # one quick search, not one a block (issue 12)
        return
    known = set(settings.acronyms) | prose.abbreviations
    for block in prose.blocks:
        for run in _runs(block.text, known):
            if len(run) < 2 and len(run[0].group()) < LONG:
                continue
            words = block.text[run[0].start() : run[-1].end()]
            yield Finding(
                block.line_at(run[0].start()),
                f'"{words}" is in capitals, which is harder to read: write it in sentence case, '
                "and say why it matters in words; if it is an acronym, add it to acronyms in "
                "content/style.yaml or define it on the page (*[ABC]: what it stands for)",
            )


RULE = Rule("all-caps", check)
