"""The search index's fields: what a citizen's words are matched against, and how strongly.

Titles count most, then descriptions, then headings, then the body (FIELD_BOOSTS, applied when a
query is made: see query.py). Everything text is stemmed English, so "renewing passports" finds
"Renew your passport".
"""

from __future__ import annotations

from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import DATETIME, ID, KEYWORD, NGRAMWORDS, STORED, TEXT, Schema

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


def make_schema() -> Schema:
    stemmed = StemmingAnalyzer()
    return Schema(
        path=ID(stored=True, unique=True),
        title=TEXT(analyzer=stemmed, stored=True, spelling=True),
        description=TEXT(analyzer=stemmed, stored=True, spelling=True),
        headings=TEXT(analyzer=stemmed, spelling=True),
        # stored for highlighted snippets. Spelling fixes come from titles, descriptions and
        # headings, not bodies: a body's own word list nearly doubled the cost of indexing it
        body=TEXT(analyzer=stemmed, stored=True),
        # organisation names and acronyms: "NRS self assessment" finds the revenue service's pages
        organisation_names=TEXT(analyzer=stemmed),
        organisations=KEYWORD(stored=True, commas=True, sortable=True),
        type=ID(stored=True, sortable=True),
        topics=KEYWORD(stored=True, commas=True, sortable=True),
        updated=DATETIME(stored=True, sortable=True),
        # title completions for the search box: word prefixes of the title
        title_prefixes=NGRAMWORDS(minsize=1, maxsize=20, at="start"),
        title_length=STORED(),
    )
