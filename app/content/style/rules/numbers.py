"""style/numbers: numbers in GOV.UK's style: numerals for every number but "one" ("2 weeks", not
"two weeks"; a word may start a sentence: "Nine out of 10"), "%" (not "per cent"), a comma in
numbers of 5 to 7 digits ("10,000": longer ones are account and reference numbers, and amounts
that large are written "£1.2 million") and no pence on whole pounds ("£75", not "£75.00")."""

from __future__ import annotations

import re

from .base import Finding, Rule

WORDS = "two three four five six seven eight nine ten eleven twelve"
NUMERALS = {word: str(n) for n, word in enumerate(WORDS.split(), start=2)}
# Each check with a word the text must contain (lowercased) for it to match at all: most pages
# have no "per cent" and no pence. Patterns start with the characters they match, not with \b or
# a look-behind, so the regex engine skips to them quickly (the build lints every page: issue
# 12); the look-behind after the first character says what \b said.
FIRST = (
    "(?<=[tT])(?:wo|hree|en|welve)|(?<=[fF])(?:our|ive)|(?<=[sS])(?:ix|even)"
    "|(?<=[eE])(?:ight|leven)|(?<=[nN])ine"
)
NUMBER_WORD = re.compile(rf"[TtFfSsEeNn](?<!\w.)(?i:{FIRST})\b")
CHECKS = (
    ("", NUMBER_WORD, lambda m: f'write the numeral: "{NUMERALS[m.group().lower()]}"'),
    ("cent", re.compile(r"\s?\bper\s?cent\b", re.IGNORECASE),
     lambda m: 'write "%" after the number'),
    ("", re.compile(r"[1-9](?<![\w,.£$€-][1-9])\d{4,6}(?![\w,.])"),
     lambda m: f'write "{int(m.group()):,}", with commas'),
    (".00", re.compile(r"£\d[\d,]*\.00\b"), lambda m: f'write "{m.group()[:-3]}": no pence'),
)  # fmt: skip


def _starts_sentence(text: str, offset: int) -> bool:
    before = text[:offset].rstrip().rstrip("\"'‘“(")
    return not before or before.endswith((".", "!", "?", ":"))


def check(prose, settings):
    lowered = prose.text.lower()
    for needs, pattern, fix in CHECKS:
        if needs not in lowered:
            continue
        for block, match, at in prose.finditer(pattern):
            if pattern is NUMBER_WORD and _starts_sentence(block.text, at):
                continue
            yield Finding(block.line_at(at), f'"{match.group().strip()}": {fix(match)}')


RULE = Rule("numbers", check)
