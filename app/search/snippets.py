"""Highlighted snippets: a short passage of the page around the words that matched.

Whoosh's own highlighter re-analyses each stored body and took half of a query's time; this
finds matches by comparing stems of the words in the passage with the query's stems (each word
stemmed once, cached), picks the line with the most of them, and marks them. A results page
reads at most SCAN_CHARS_PER_QUERY characters of its pages in all: SCAN_CHARS of each of 20
results, less of each when a page of results is longer.

Words are compared as the language's index analyses them: English by their Porter stems; any
other language (Welsh) lower case with accents folded, and no stemmer, as app/search/analysis.py
indexes it, so "hyn" marks "hŷn" and the English stemmer never cuts a Welsh word.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache
from html import escape

from whoosh.lang.porter import stem

from .analysis import ENGLISH, folding

WORD = re.compile(r"[\w']+", re.UNICODE)
NEWLINE = re.compile("\n")
SCAN_CHARS = 6000  # look for the best passage this far into a page
# Scanning costs about 5 µs a 100 characters: 100 results of 6,000 characters cost 30 ms.
SCAN_CHARS_PER_QUERY = 20 * SCAN_CHARS
SNIPPET_CHARS = 220


@lru_cache(maxsize=50_000)
def word_stem(word: str) -> str:
    return stem(word.lower())


@lru_cache(maxsize=16)
def word_key(language: str = ENGLISH) -> Callable[[str], str]:
    """How a word is compared in `language`: its Porter stem in English, else its lower case
    with accents folded (made once for each language)."""
    if language == ENGLISH:
        return word_stem
    fold = folding(language)
    return lambda word: fold(word.lower())


def query_stems(
    text: str, language: str = ENGLISH, kept: Callable[[str], bool] | None = None
) -> frozenset[str]:
    """The words of `text` to mark, as `word_key` compares them; `kept` says which words count
    (the service leaves out the stop words its index leaves out)."""
    key = word_key(language)
    return frozenset(key(w) for w in WORD.findall(text) if len(w) > 1 and (kept is None or kept(w)))


def scan_chars(results: int) -> int:
    """How far into each page to look when a page of results shows `results` of them."""
    return min(SCAN_CHARS, SCAN_CHARS_PER_QUERY // max(results, 1))


def _best_line(
    body: str, stems: frozenset[str], scan: int, language: str = ENGLISH
) -> tuple[str, int]:
    """The first line with the most of the query's stems, and how many. Only the words that
    begin as a query stem does (all its letters but the last: Porter's stemmer changes no more
    of a word than that) are stemmed, found by one regular expression over the passage: a page
    of 20 results spent half its time stemming every word of every line. Outside English the
    expression reads the text with its accents folded (one letter for one, so the positions
    are the text's own; it ignores case)."""
    text = body[:scan]
    key = word_key(language)
    searched = text if language == ENGLISH else folding(language)(text)
    starts = None
    found: dict[int, set[str]] = {}  # line number: the query's stems on it
    for match in _candidates(stems)(searched):
        stem = key(match.group())
        if stem in stems:
            if starts is None:  # where lines begin
                starts = [0, *(newline.end() for newline in NEWLINE.finditer(text))]
            found.setdefault(bisect_right(starts, match.start()) - 1, set()).add(stem)
    if not found:
        return "", 0
    best_score = max(map(len, found.values()))
    line = min(n for n, on in found.items() if len(on) == best_score)  # the first such line
    end = starts[line + 1] - 1 if line + 1 < len(starts) else len(text)
    return text[starts[line] : end], best_score


@lru_cache(maxsize=4_096)
def _candidates(stems: frozenset[str]):
    """`finditer` of the whole words (as WORD reads them) that may stem to one of `stems`."""
    prefixes = sorted({re.escape(s[: max(1, len(s) - 1)]) for s in stems}, key=len, reverse=True)
    pattern = rf"(?<![\w'])(?:{'|'.join(prefixes)})[\w']*"
    return re.compile(pattern, re.UNICODE | re.IGNORECASE).finditer


def _window(line: str, stems: frozenset[str], key: Callable[[str], str]) -> str:
    """Up to SNIPPET_CHARS of the line, starting a little before its first match."""
    if len(line) <= SNIPPET_CHARS:
        return line
    first = next((m.start() for m in WORD.finditer(line) if key(m.group()) in stems), 0)
    start = max(0, first - 60)
    if start:
        start = line.find(" ", start) + 1 or start
    end = start + SNIPPET_CHARS
    cut = line[start:end]
    if end < len(line):
        cut = cut[: cut.rfind(" ")] if " " in cut else cut
    return ("… " if start else "") + cut + (" …" if end < len(line) else "")


def snippet(
    body: str, stems: frozenset[str], scan: int = SCAN_CHARS, language: str = ENGLISH
) -> str:
    """HTML: the escaped passage with <mark> around matching words, from the best line within
    the first `scan` characters; "" if nothing matches there. `stems` from `query_stems` in
    the same language."""
    line, score = _best_line(body, stems, scan, language)
    if not score:
        return ""
    key = word_key(language)
    passage = _window(line, stems, key)
    out, position = [], 0
    for match in WORD.finditer(passage):
        if key(match.group()) in stems:
            out.append(escape(passage[position : match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    out.append(escape(passage[position:]))
    return "".join(out)
