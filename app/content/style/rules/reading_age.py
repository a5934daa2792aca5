"""style/reading-age: a page's reading age, from textstat's Flesch-Kincaid grade (a US school
grade: the age is the grade + 5), against `limits.reading_age` in content/style.yaml. GOV.UK
writes for a reading age of 9; official content often cannot get there, so the limit is the
team's to set. Pages shorter than `limits.reading_age_min_words` are not measured: the formula
means little on a few sentences."""

from __future__ import annotations

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


def check(prose, settings):
    limits = settings.limits
    if prose.body_words() < limits.reading_age_min_words:
        return
    import textstat  # loads the CMU dictionary: only when a page is measured

    age = round(textstat.flesch_kincaid_grade(prose.body_text())) + US_GRADE_TO_AGE
    if age > limits.reading_age:
        first = next(b.line for b in prose.blocks if b.in_body)
        lines = " and ".join(str(line) for line in _longest_sentences(prose))
        yield Finding(
            first,
            f"the page's reading age is about {age} (the limit is {limits.reading_age}): use "
            f"shorter sentences and everyday words; the longest sentences start on lines {lines}",
        )


RULE = Rule("reading-age", check)
