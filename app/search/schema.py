"""The search index's fields: what a citizen's words are matched against, and how strongly.

Titles count most, then descriptions, then headings, then the body (FIELD_BOOSTS, applied when a
query is made: see query.py). Each language's pages have an index of their own, with the same
fields, its text analysed by that language's rules (analysis.py): English is stemmed, so
"renewing passports" finds "Renew your passport".
"""

from __future__ import annotations

from whoosh.fields import DATETIME, ID, KEYWORD, NGRAMWORDS, STORED, TEXT, Schema

from .analysis import ENGLISH, analyzer_for, prefixes_analyzer

PREFIX_CHARS = 20  # the longest word beginning kept for completions

# Query-time multipliers of each field's BM25F score. (Index-time boosts would multiply term
# frequencies, which BM25 saturates: a title boost of 6 would count less than twice.)
# Tuned on tests/search/relevance.yaml: results hold for a fair range around these values.
FIELD_BOOSTS = {
    "title": 2.5,
    "description": 2.0,
    "headings": 1.2,
    "organisation_names": 1.0,
    "body": 1.0,
}
SEARCHED_FIELDS = tuple(FIELD_BOOSTS)
FACET_FIELDS = {"organisation": "organisations", "type": "type", "topic": "topics"}


def make_schema(language: str = ENGLISH) -> Schema:
    """The fields of the index of the pages in `language`."""
    analysed = analyzer_for(language)
    prefixes = NGRAMWORDS(minsize=1, maxsize=PREFIX_CHARS, at="start")
    prefixes.analyzer = prefixes_analyzer(language, PREFIX_CHARS)
    return Schema(
        path=ID(stored=True, unique=True),
        title=TEXT(analyzer=analysed, stored=True, spelling=True),
        description=TEXT(analyzer=analysed, stored=True, spelling=True),
        headings=TEXT(analyzer=analysed, spelling=True),
        # stored for highlighted snippets. Spelling fixes come from titles, descriptions and
        # headings, not bodies: a body's own word list nearly doubled the cost of indexing it
        body=TEXT(analyzer=analysed, stored=True),
        # organisation names and acronyms: "NRS self assessment" finds the revenue service's pages
        organisation_names=TEXT(analyzer=analysed),
        organisations=KEYWORD(stored=True, commas=True, sortable=True),
        type=ID(stored=True, sortable=True),
        topics=KEYWORD(stored=True, commas=True, sortable=True),
        updated=DATETIME(stored=True, sortable=True),
        # title completions for the search box: word prefixes of the title
        title_prefixes=prefixes,
        title_length=STORED(),
    )
