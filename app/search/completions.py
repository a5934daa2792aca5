"""Title completions for the search box: what was typed so far, made into a query on the titles'
word beginnings (the index's `title_prefixes` terms), forgiving the way people type.

- The last word is the beginning of a word ("pass" finds "Passport fees"), or of its stem
  ("passports" finds "Renew your passport"). When no title has a
  word beginning so, it is read as the nearest beginning one has: within one edit, two from six
  letters, the first letter kept, as the full search's spelling fixes ("passprt" → "passport",
  "benif" → "benef"); the fewest edits, then the most titles, win.
- Every word before it is a whole word: titles with a word beginning so, or beginning as its
  stem ("passports" → "passport"); a stop word ("a", "for") need not be in the title; a word
  no title has is read as the nearest one, as the last word is.
- A synonym phrase of `content/search.yaml` typed whole ("car", "pot hole") also matches the
  titles of its partners ("Tax your vehicle", "Report a pothole"), the last word counted whole.
- The titles are ranked by their score (BM25F over those terms); any under COMPLETION_FLOOR × the
  best are left out, as weak matches (a partner's common word, a loose spelling).

Pure: the index is reached only through the callables given, so the rules are tested on their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from whoosh.query import And, Or, Query, Term
from whoosh.support.levenshtein import distance

FIELD = "title_prefixes"
MAX_WORDS = 6
MAX_PREFIX_CHARS = 20  # the index holds beginnings of up to 20 letters
MIN_FIX_CHARS = 3  # "ta" is the beginning of too many words to be a misspelling of one
MAX_FIXES = 3  # words read as their nearest, per completion: each look-up reads a word list
COMPLETION_FLOOR = 0.4
NEAREST_KEPT = 10_000  # typed beginnings whose nearest is remembered, per generation


class Completer:
    """Makes one completion's query; `titles(term)` is how many titles have the beginning `term`,
    `spelt(letter)` the words written in the index that begin with `letter`, `stems(word)` the
    index's stems of a word (none for a stop word), `groups` the synonym phrases as written."""

    def __init__(
        self,
        titles: Callable[[str], int],
        spelt: Callable[[str], Iterable[str]],
        stems: Callable[[str], tuple[str, ...]],
        groups: Iterable[Iterable[str]],
    ):
        self._titles = titles
        self._spelt = spelt
        self._stems = stems
        # the beginnings of the words written, by first letter and length; and what each
        # misspelling typed was read as: people type the same ones, letter by letter
        self._beginnings: dict[tuple[str, int], frozenset[str]] = {}
        self._nearest: dict[str, str | None] = {}
        # each phrase's words -> the other phrases' words
        self.partners: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        for group in groups:
            phrases = list(dict.fromkeys(tuple(phrase.split()) for phrase in group))
            for phrase in phrases:
                self.partners.setdefault(phrase, []).extend(p for p in phrases if p != phrase)

    def query(self, words: list[str]) -> Query | None:
        """The query for the words typed (normalised), or None when nothing can match."""
        words = [w[:MAX_PREFIX_CHARS] for w in words[:MAX_WORDS]]
        fixes = [MAX_FIXES]
        parts = []
        for start, length in self._spans(words):
            span = tuple(words[start : start + length])
            last = start + length == len(words)
            typed = [
                self._word(word, last and i == length - 1, fixes) for i, word in enumerate(span)
            ]
            typed = [part for part in typed if part is not False]
            if not typed and span not in self.partners:
                continue  # stop words only
            if None in typed:  # a word no title has, even read as its nearest
                typed = None
            options = [_all(typed)] if typed is not None else []
            options += [_all([Term(FIELD, w) for w in p]) for p in self.partners.get(span, [])]
            options = [option for option in options if option is not None]
            if not options:
                return None
            parts.append(options[0] if len(options) == 1 else Or(options))
        return _all(parts)

    def _spans(self, words: list[str]) -> list[tuple[int, int]]:
        """The words as (start, length): each synonym phrase found (longest first, not
        overlapping) is one span, every other word a span of its own."""
        taken: dict[int, int] = {}
        covered: set[int] = set()
        for length in range(len(words), 0, -1):
            for start in range(len(words) - length + 1):
                span = range(start, start + length)
                if tuple(words[start : start + length]) in self.partners and not covered & set(
                    span
                ):
                    taken[start] = length
                    covered |= set(span)
        spans, position = [], 0
        while position < len(words):
            length = taken.get(position, 1)
            spans.append((position, length))
            position += length
        return spans

    def _word(self, word: str, is_last: bool, fixes: list[int]) -> Query | None | bool:
        """Titles with a word beginning as `word` does (the last word) or as the word or its
        stem; the nearest beginning when no title has it; None if none is near; False for a
        stop word typed before the last, which need not be in the title."""
        stems = self._stems(word)
        if not is_last and not stems:
            return False
        # the stem too, even of the last word: "passports" also begins "Renew your passport"
        found = [w for w in dict.fromkeys((word, *stems)) if self._titles(w)]
        if not found and fixes[0] > 0 and len(word) >= MIN_FIX_CHARS:
            fixes[0] -= 1
            nearest = self.nearest(word)
            found = [nearest] if nearest else []
        if not found:
            return None
        terms = [Term(FIELD, w) for w in found]
        return terms[0] if len(terms) == 1 else Or(terms)

    def nearest(self, typed: str) -> str | None:
        """The beginning of a word written in the index, and of a title's word, nearest to
        `typed`: within one edit, or two for six letters or more (a swap of two letters is
        one); the fewest edits, then the most titles, then the first in order."""
        if typed in self._nearest:
            return self._nearest[typed]
        most = 2 if len(typed) >= 6 else 1
        lengths = range(max(1, len(typed) - most), len(typed) + most + 1)
        beginnings = set().union(*(self._of_length(typed[0], n) for n in lengths))
        beginnings.discard(typed)
        found = None
        for edits in range(1, most + 1):
            near = sorted(b for b in beginnings if distance(b, typed, limit=edits) <= edits)
            near = [(-self._titles(b), b) for b in near]
            near = [(count, b) for count, b in near if count]
            if near:
                found = min(near)[1]
                break
        while len(self._nearest) >= NEAREST_KEPT:
            del self._nearest[next(iter(self._nearest))]  # the oldest
        self._nearest[typed] = found
        return found

    def _of_length(self, letter: str, length: int) -> frozenset[str]:
        """The beginnings of `length` letters of the words written that begin with `letter`."""
        key = (letter, length)
        found = self._beginnings.get(key)
        if found is None:
            words = tuple(self._spelt(letter))
            found = frozenset(w[:length] for w in words if len(w) >= length)
            if words:  # a letter no word begins with is not kept: any character may be typed
                self._beginnings[key] = found
        return found


def _all(parts: list[Query] | None) -> Query | None:
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(parts)


def above_floor(ranked: list, score: Callable) -> list:
    """The ranked completions scoring at least COMPLETION_FLOOR × the best one's score."""
    if not ranked:
        return ranked
    floor = COMPLETION_FLOOR * score(ranked[0])
    return [item for item in ranked if score(item) >= floor]
