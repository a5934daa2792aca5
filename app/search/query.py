"""What a citizen typed, made into a Whoosh query: bounded, with synonyms and spelling fixes.

Kept apart from the service so the rules are plain to read and test: words are found with the
same analyzer the index used; a word the index has never seen is replaced by its closest indexed
word ("pasport" → "passport"); a phrase from a synonym group also searches its partners.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import qparser
from whoosh.query import Or, Query

from .schema import SEARCHED_FIELDS

MAX_QUERY_CHARS = 200
MAX_WORDS = 12
WORD = re.compile(r"[\w']+", re.UNICODE)


def normalise(text: str) -> str:
    """Lower case, single spaces: how queries are compared with best bets and synonyms."""
    return " ".join(WORD.findall(text.lower().replace("’", "'")))


@dataclass
class PreparedQuery:
    text: str  # what was searched for, after spelling fixes
    query: Query | None
    corrected: bool = False  # words were replaced: show "Showing results for …"
    alternatives: list[str] = field(default_factory=list)


def make_parser(schema) -> qparser.MultifieldParser:
    """A parser for plain words and "quoted phrases", nothing else: a citizen typing AND, OR,
    NOT, brackets, colons or stars means them as words, not as query syntax."""
    parser = qparser.MultifieldParser(list(SEARCHED_FIELDS), schema,
                                      group=qparser.OrGroup.factory(0.9))
    for plugin in (qparser.FieldsPlugin, qparser.WildcardPlugin, qparser.BoostPlugin,
                   qparser.RangePlugin, qparser.GroupPlugin, qparser.OperatorsPlugin,
                   qparser.PlusMinusPlugin):
        parser.remove_plugin_class(plugin)
    return parser


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower())[:MAX_WORDS]


def synonym_alternatives(text: str, synonyms: list[list[str]]) -> list[str]:
    """The query with each synonym phrase it contains swapped for each of its partners."""
    padded = f" {text} "
    alternatives = []
    for group in synonyms:
        phrases = [normalise(p) for p in group]
        for phrase in phrases:
            if f" {phrase} " in padded:
                for other in phrases:
                    if other != phrase:
                        alternatives.append(padded.replace(f" {phrase} ", f" {other} ").strip())
    return list(dict.fromkeys(a for a in alternatives if a != text))


def fix_spelling(words: list[str], known, suggest) -> tuple[list[str], bool]:
    """Replace words the index does not know by their closest known word, where there is one."""
    fixed, changed = [], False
    for word in words:
        if not known(word) and len(word) > 2:
            suggestion = suggest(word)
            if suggestion and suggestion != word:
                fixed.append(suggestion)
                changed = True
                continue
        fixed.append(word)
    return fixed, changed


def prepare(raw: str, parser, synonyms: list[list[str]], known, suggest) -> PreparedQuery:
    text = normalise(raw[:MAX_QUERY_CHARS])
    words = _words(text)
    if not words:
        return PreparedQuery("", None)
    words, corrected = fix_spelling(words, known, suggest)
    text = " ".join(words)
    phrases = re.findall(r'"([^"]+)"', raw[:MAX_QUERY_CHARS])
    searched = text + "".join(f' "{normalise(p)}"' for p in phrases if normalise(p))
    alternatives = synonym_alternatives(text, synonyms)
    queries = [parser.parse(searched)] + [parser.parse(alt) for alt in alternatives]
    query = queries[0] if len(queries) == 1 else Or(queries)
    return PreparedQuery(text, query, corrected, alternatives)
