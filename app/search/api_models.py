"""The pydantic models of the search API, for its OpenAPI document. The views read their
parameters with `read_request` (web.py), which lists every bad one in the API's problem shape;
these models say the same thing for people and tools."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .query import MAX_QUERY_CHARS
from .service import MAX_FILTER_VALUES, MAX_PAGE, MAX_PAGE_SIZE


class SearchQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Limits the reader applies after trimming and dropping repeats are said in words: as
    # schema keywords they would count the raw values, which the API does not.
    q: str = Field(
        "",
        description=f"the words to search for, at most {MAX_QUERY_CHARS} "
        "characters (the first 12 words are used); empty with no "
        "filters finds nothing",
    )
    page: int = Field(1, ge=1, le=MAX_PAGE, description="which page of results")
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE, description="results a page")
    order: Literal["relevance", "-updated", "updated"] = Field(
        "relevance", description="by relevance, newest first or oldest first"
    )
    exact: Literal["true", "false", "1", "0", ""] = Field(
        "false",
        description="search for the words exactly as typed, with no spelling fixes "
        "(`true` or `1`; `false`, `0` or empty: not)",
    )
    lang: str | None = Field(
        None,
        description="the language of the pages searched, one of the site's languages "
        "(`en`, `cy`: site.yaml's `languages`); the site's default language when not given. "
        "Each language's pages are searched with that language's own rules, synonyms and best "
        "bets, and the results link to the pages in that language",
        examples=["cy"],
    )
    filter_organisation: list[str] = Field(
        [],
        description="an organisation's slug (a `value` of the organisation facet); repeat "
        f"for several, at most {MAX_FILTER_VALUES} different ones",
    )
    filter_type: list[str] = Field(
        [], description=f"a page type; repeatable, at most {MAX_FILTER_VALUES}"
    )
    filter_topic: list[str] = Field(
        [], description=f"a topic's slug; repeatable, at most {MAX_FILTER_VALUES}"
    )


class SuggestQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    q: str = Field(
        "", description=f"what has been typed so far, at most {MAX_QUERY_CHARS} characters"
    )
    lang: str | None = Field(
        None,
        description="the language of the pages whose titles are completed, one of the "
        "site's languages; the site's default language when not given",
        examples=["cy"],
    )


class Hit(BaseModel):
    path: str = Field(examples=["/renew-your-passport"])
    url: str = Field(description="the page's full address")
    title: str
    description: str
    type: str = Field(examples=["answer"])
    type_label: str = Field(examples=["Guidance"])
    organisations: list[str]
    organisation_labels: list[str]
    updated: str = Field(description="YYYY-MM-DD", examples=["2026-04-10"])
    snippet: str = Field(description="HTML: escaped text with <mark> around the words that matched")
    best_bet: bool = Field(description="pinned first for this query by content/search.yaml")


class FacetCount(BaseModel):
    value: str
    label: str
    count: int
    selected: bool


class Facets(BaseModel):
    organisation: list[FacetCount] = []
    type: list[FacetCount] = []
    topic: list[FacetCount] = []


class SearchResults(BaseModel):
    query: str = Field(description="the words searched for, after any spelling fix")
    corrected_from: str | None = Field(description="what was typed, when spelling was fixed")
    suggestion: str | None = Field(description='a "Did you mean" query when little was found')
    total: int
    page: int
    page_size: int
    pages: int
    order: str
    exact: bool
    lang: str = Field(description="the language of the pages searched", examples=["en"])
    results: list[Hit]
    facets: Facets


class Suggestion(BaseModel):
    title: str
    path: str


class Suggestions(BaseModel):
    query: str
    suggestions: list[Suggestion]
