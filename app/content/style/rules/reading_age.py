"""style/reading-age: a page's reading age, from textstat's Flesch-Kincaid grade (a US school
grade: the age is the grade + 5), against `limits.reading_age` in content/style.yaml. GOV.UK
writes for a reading age of 9; official content often cannot get there, so the limit is the
team's to set. Pages shorter than `limits.reading_age_min_words` are not measured: the formula
means little on a few sentences."""

from __future__ import annotations

import re
from functools import lru_cache

from ..prose import TEXT, WORD
from .base import Finding, Rule

US_GRADE_TO_AGE = 5


def _longest_sentences(prose, count: int = 2) -> list[int]:
    sentences = [
        (len(WORD.findall(sentence)), line)
        for block in prose.blocks
        if block.in_body and block.kind == TEXT
        for line, sentence in block.sentences()
    ]
    return sorted(line for _words, line in sorted(sentences, reverse=True)[:count])


def load_dictionary() -> None:
    """Load textstat's pronouncing dictionary now (0.85 s): before the build forks its workers,
    so that they share it rather than each loading its own."""
    _syllables("dictionary")


@lru_cache(maxsize=100_000)
def _syllables(word: str) -> int:
    import textstat  # loads the CMU dictionary: only when a page is measured

    return textstat.syllable_count(word)


# textstat's sentences (its count_sentences): a run of text up to . ! or ?
SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
WORD_CHARACTER = re.compile(r"\w")


def _too_short(sentence: str) -> bool:
    """Whether textstat leaves the sentence out: 2 words or fewer. A word is a token with a
    letter or digit (textstat drops every other character, then splits on spaces); counted only
    as far as 3, as most sentences get there at once."""
    words = 0
    for token in sentence.split():
        if WORD_CHARACTER.search(token):
            words += 1
            if words > 2:
                return False
    return True


def grade(text: str) -> float:
    """textstat's Flesch-Kincaid grade, 0.39 × words a sentence + 11.8 × syllables a word − 15.59,
    counted as textstat counts, but faster: each word's syllables are looked up once a build, not
    once a use, and the words once a page, not once a sentence (textstat's own counting was most
    of the lint's time, which every build spends on every page: issue 12)."""
    from textstat.backend.selections import list_words

    words = list_words(text, lowercase=True)  # textstat's words, as its syllable count reads them
    pieces = SENTENCE.findall(text)
    sentences = max(1, len(pieces) - sum(map(_too_short, pieces))) if text else 0
    syllables = sum(map(_syllables, words))
    if not words or not sentences or not syllables:
        return 0.0
    return 0.39 * len(words) / sentences + 11.8 * syllables / len(words) - 15.59


def check(prose, settings):
    limits = settings.limits
    if prose.body_words() < limits.reading_age_min_words:
        return
    age = round(grade(prose.body_text())) + US_GRADE_TO_AGE
    if age > limits.reading_age:
        first = next(b.line for b in prose.blocks if b.in_body)
        lines = " and ".join(str(line) for line in _longest_sentences(prose))
        yield Finding(
            first,
            f"the page's reading age is about {age} (the limit is {limits.reading_age}): use "
            f"shorter sentences and everyday words; the longest sentences start on lines {lines}",
        )


RULE = Rule("reading-age", check)
