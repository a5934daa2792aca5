"""What a rule is and gives, and the word-list matching three rules share."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from ..config import StyleSettings
from ..prose import Prose


@dataclass(frozen=True)
class Finding:
    line: int
    message: str  # what is wrong, and what to write instead


@dataclass(frozen=True)
class Rule:
    id: str
    check: Callable[[Prose, StyleSettings], Iterable[Finding]]


def _pattern(entry: str) -> str:
    """A word matches with its usual endings (utilise, utilises, utilised, utilising); a phrase or
    a contraction matches as written, with either apostrophe."""
    if not re.fullmatch(r"[a-z]+", entry.lower()):
        return re.escape(entry).replace("'", "['’]").replace(r"\ ", r"\s+")
    if entry.endswith("e"):
        return re.escape(entry[:-1]) + "(?:e|es|ed|ing)"
    return re.escape(entry) + "(?:s|es|ed|ing)?"


@lru_cache(maxsize=8)
def _compiled(entries: tuple[str, ...]) -> re.Pattern | None:
    if not entries:
        return None
    alternatives = "|".join(f"(?P<w{i}>{_pattern(e)})" for i, e in enumerate(entries))
    return re.compile(rf"(?<![\w'’-])(?:{alternatives})(?![\w'’-])", re.IGNORECASE)


def find_listed(prose: Prose, listed: Mapping[str, str]) -> Iterator[tuple[int, str, str, str]]:
    """(line, words as written, list entry, what to write instead) for each listed word."""
    entries = tuple(sorted(listed, key=len, reverse=True))  # "in order to" before "order"
    pattern = _compiled(entries)
    if pattern is None:
        return
    for block, match, at in prose.finditer(pattern):
        entry = entries[int(match.lastgroup[1:])]
        yield block.line_at(at), match.group(), entry, listed[entry]
