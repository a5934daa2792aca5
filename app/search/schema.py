"""The search index's fields: what a citizen's words are matched against, and how strongly.

Titles count most, then descriptions, then headings, then the body (the boosts below). Everything
text is stemmed English, so "renewing passports" finds "Renew your passport".
"""

from __future__ import annotations

from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import DATETIME, ID, KEYWORD, NGRAMWORDS, STORED, TEXT, Schema

FIELD_BOOSTS = {"title": 6.0, "organisation_names": 3.0, "description": 2.5, "headings": 1.5,
                "body": 1.0}
SEARCHED_FIELDS = tuple(FIELD_BOOSTS)
FACET_FIELDS = {"organisation": "organisations", "type": "type", "topic": "topics"}


def make_schema() -> Schema:
    stemmed = StemmingAnalyzer()
    return Schema(
        path=ID(stored=True, unique=True),
        title=TEXT(analyzer=stemmed, stored=True, field_boost=FIELD_BOOSTS["title"],
                   spelling=True),
        description=TEXT(analyzer=stemmed, stored=True,
                         field_boost=FIELD_BOOSTS["description"]),
        headings=TEXT(analyzer=stemmed, field_boost=FIELD_BOOSTS["headings"]),
        # stored for highlighted snippets; the spelling suggestions come from its words too
        body=TEXT(analyzer=stemmed, stored=True, field_boost=FIELD_BOOSTS["body"],
                  spelling=True),
        # organisation names and acronyms: "NRS self assessment" finds the revenue service's pages
        organisation_names=TEXT(analyzer=stemmed, field_boost=FIELD_BOOSTS["organisation_names"]),
        organisations=KEYWORD(stored=True, commas=True, sortable=True),
        type=ID(stored=True, sortable=True),
        topics=KEYWORD(stored=True, commas=True, sortable=True),
        updated=DATETIME(stored=True, sortable=True),
        # title completions for the search box: word prefixes of the title
        title_prefixes=NGRAMWORDS(minsize=1, maxsize=20, at="start"),
        title_length=STORED(),
    )
