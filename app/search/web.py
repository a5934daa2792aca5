"""Search on the web: the results page (/search) and the JSON API (/api/v1/search, /suggest).

Both read their parameters with `read_request`, so they accept the same things: the API answers
bad input with a 422 listing every bad parameter; the page, which people reach by typing URLs
and following old links, ignores what it cannot use and shows what it can. One SearchService per
app (in `app.extensions`) answers both; it reopens itself when a build publishes a new index.
"""

from __future__ import annotations

import json
from html import escape

from flask import Blueprint, Flask, Response, current_app, render_template, request, url_for
from spectree import Response as Responses
from werkzeug.datastructures import MultiDict

from app import metrics
from app.api import ApiError
from app.api.openapi import Problem, spec
from app.dates import format_number
from app.i18n import N_, current_language, gettext
from app.ratelimit import limiter, searches, searches_breach_message
from app.request_params import ParamReader, not_one_of
from app.search import api_models
from app.search.query import MAX_QUERY_CHARS
from app.search.service import (
    MAX_FILTER_VALUES,
    MAX_PAGE,
    MAX_PAGE_SIZE,
    ORDERS,
    IndexMissing,
    SearchRequest,
    SearchResponse,
    SearchService,
)

bp = Blueprint("search", __name__)

EXTENSION = "portal.search"
PAGE_SIZE = 20  # the HTML page's; the API's default
SUGGESTIONS = 5
FILTERS = {"filter_organisation": "organisation", "filter_type": "type", "filter_topic": "topic"}
SINGLE = ("q", "page", "page_size", "order", "exact", "lang")
API_PARAMS = (*SINGLE, *FILTERS)
SUGGEST_PARAMS = ("q", "lang")


def search_service(app: Flask | None = None) -> SearchService:
    app = app or current_app
    service = app.extensions.get(EXTENSION)
    if service is None:
        service = app.extensions[EXTENSION] = SearchService(app.config["SEARCH_INDEX_DIR"])
    return service


# -- reading parameters -------------------------------------------------------------------------


def _filters(reader: ParamReader, known: dict[str, dict[str, str]]) -> dict[str, tuple[str, ...]]:
    """The facet values chosen; only values the index knows are searched for."""
    chosen = {}
    for name, facet in FILTERS.items():
        values = reader.values(name, MAX_FILTER_VALUES)
        facet_values = known.get(facet, {})
        unknown = [value for value in values if value not in facet_values]
        if unknown and len(values) <= MAX_FILTER_VALUES:
            reader.fail(
                name,
                not_one_of(name, f"the `value` of a {facet} in a search's facets", unknown),
                "not_a_choice",
            )
        if values := [value for value in values if value in facet_values][:MAX_FILTER_VALUES]:
            chosen[facet] = tuple(values)
    return chosen


def read_language(reader: ParamReader, service: SearchService, default: str | None) -> str | None:
    """The `lang` parameter: one of the languages the index has pages in. Without it, `default`
    (the page's language on /search), or the site's default language (the API's: the index's
    first)."""
    try:
        languages = service.languages()
    except IndexMissing:
        return default  # no search is made: the index is missing
    return reader.choice("lang", languages, default if default in languages else languages[0])


def read_request(
    args: MultiDict, *, strict: bool, service: SearchService, default_language: str | None = None
) -> SearchRequest:
    """A SearchRequest from query parameters; strict raises InvalidParameters listing them all."""
    reader = ParamReader(args, API_PARAMS, strict=strict)
    language = read_language(reader, service, default_language)
    known = _known_values(service, language)
    search = SearchRequest(
        q=reader.text("q", MAX_QUERY_CHARS),
        page=reader.whole_number("page", 1, MAX_PAGE),
        page_size=(
            reader.whole_number("page_size", PAGE_SIZE, MAX_PAGE_SIZE) if strict else PAGE_SIZE
        ),
        filters=_filters(reader, known),
        order=reader.choice("order", ORDERS, "relevance"),
        exact=reader.flag("exact"),
        language=language,
    )
    reader.done()
    return search


def _known_values(service: SearchService, language: str) -> dict[str, dict[str, str]]:
    try:
        return service.labels(language)
    except IndexMissing:
        return {}


# -- the JSON API -------------------------------------------------------------------------------


def _json(body: dict) -> Response:
    """JSON with its keys in the documented order (jsonify sorts them)."""
    return Response(json.dumps(body, ensure_ascii=False), mimetype="application/json")


def _unavailable() -> ApiError:
    error = ApiError(
        503,
        "The search index has not been built yet, or is being replaced. Try again in a minute.",
        problem="search-unavailable",
    )
    error.headers["Retry-After"] = "60"
    return error


def response_json(response: SearchResponse, base_url: str) -> dict:
    searched = response.request
    return {
        "query": response.searched_for if response.corrected_from else searched.q,
        "corrected_from": response.corrected_from,
        "suggestion": response.suggestion,
        "total": response.total,
        "page": searched.page,
        "page_size": searched.page_size,
        "pages": response.pages,
        "order": searched.order,
        "exact": searched.exact,
        "lang": searched.language,
        "results": [
            {
                "path": hit.path,
                "url": base_url + hit.path,
                "title": hit.title,
                "description": hit.description,
                "type": hit.type,
                "type_label": hit.type_label,
                "organisations": list(hit.organisations),
                "organisation_labels": list(hit.organisation_labels),
                "updated": hit.updated.isoformat(),
                "snippet": hit.snippet,
                "best_bet": hit.best_bet,
            }
            for hit in response.hits
        ],
        "facets": {
            facet: [
                {"value": c.value, "label": c.label, "count": c.count, "selected": c.selected}
                for c in counts
            ]
            for facet, counts in response.facets.items()
        },
    }


# Documented with spectree; checked by read_request, which answers in the API's problem shape.
@bp.get("/api/v1/search")
@spec.validate(
    query=api_models.SearchQuery,
    resp=Responses(
        HTTP_200=api_models.SearchResults,
        HTTP_422=Problem,
        HTTP_429=Problem,
        HTTP_500=Problem,
        HTTP_503=Problem,
    ),
    tags=["search"],
    operation_id="search",
    skip_validation=True,
)
@limiter.limit(searches, error_message=searches_breach_message)
def api_search():
    """Search the portal

    Pages matching the words, with highlighted snippets, facet counts for filtering by
    organisation, type and topic, spelling corrections and "Did you mean" suggestions. Filters
    on different facets all apply; values of one facet are alternatives. The pages searched are
    those in one language (`lang`: the site's default language unless given), and the results
    link to them. Any other parameter, a value out of range, a language the site does not have
    or a filter value the index does not know is a 422 listing each one."""
    service = search_service()
    try:
        search = read_request(request.args, strict=True, service=service)
        response = service.search(search)
        metrics.SEARCHES.labels("api").inc()
    except IndexMissing as missing:
        raise _unavailable() from missing
    base_url = current_app.extensions["portal.settings"].base_url
    return _json(response_json(response, base_url))


@bp.get("/api/v1/search/suggest")
@spec.validate(
    query=api_models.SuggestQuery,
    resp=Responses(
        HTTP_200=api_models.Suggestions,
        HTTP_422=Problem,
        HTTP_429=Problem,
        HTTP_500=Problem,
        HTTP_503=Problem,
    ),
    tags=["search"],
    operation_id="suggest",
    skip_validation=True,
)
@limiter.limit(searches, error_message=searches_breach_message)
def api_suggest():
    """Title completions for a search box

    Up to 5 pages whose title words start with what was typed, forgiving a misspelt word and
    knowing the synonyms ("car ta" finds "Tax your vehicle"); weak matches are left out. The
    titles are those of the pages in `lang` (the site's default language unless given). Cached
    for 60 seconds."""
    service = search_service()
    reader = ParamReader(request.args, SUGGEST_PARAMS)
    q = reader.text("q", MAX_QUERY_CHARS)
    language = read_language(reader, service, None)
    reader.done()
    try:
        suggestions = service.suggest(q, limit=SUGGESTIONS, language=language) if q else []
        if q:
            metrics.SEARCHES.labels("suggest").inc()
    except IndexMissing as missing:
        raise _unavailable() from missing
    answer = _json({"query": q, "suggestions": suggestions})
    answer.cache_control.public = True
    answer.cache_control.max_age = 60
    return answer


# -- the results page ---------------------------------------------------------------------------

# Catalogue messages, translated where the page is made
FACET_LEGENDS = {
    "organisation": N_("Organisation"),
    "type": N_("Type of content"),
    "topic": N_("Topic"),
}
ORDER_LABELS = {
    "relevance": N_("Relevance"),
    "-updated": N_("Updated (newest)"),
    "updated": N_("Updated (oldest)"),
}
# The type facet's values are the page types' search labels (PAGE_KINDS), which
# are catalogue messages; organisations' and topics' names are content.
TRANSLATED_FACETS = frozenset({"type"})


def _other_language(search: SearchRequest) -> str | None:
    """The language searched when `lang` asked for one other than the page's: kept in every
    link and form of the page."""
    return search.language if search.language != current_language() else None


def page_href(search: SearchRequest, **changes) -> str:
    """The results page's address for `search` with some parameters changed; defaults left out."""
    values = {
        "q": search.q,
        "order": search.order,
        "page": search.page,
        "exact": 1 if search.exact else None,
        "lang": _other_language(search),
    }
    values.update({name: list(search.filters.get(facet, ())) for name, facet in FILTERS.items()})
    values.update(changes)
    if values["order"] == "relevance":
        del values["order"]
    if values["page"] == 1:
        del values["page"]
    return url_for("search.search_page", **{k: v for k, v in values.items() if v})


def pagination(search: SearchRequest, pages: int) -> dict | None:
    """govukPagination's parameters: first, last, and the pages either side of the current one."""
    if pages <= 1:
        return None
    current, items, last_shown = search.page, [], 0
    for number in range(1, pages + 1):
        if number in (1, pages) or abs(number - current) <= 1:
            if last_shown and number - last_shown > 1:
                items.append({"ellipsis": True})
            items.append(
                {
                    "number": number,
                    "href": page_href(search, page=number),
                    "current": number == current,
                }
            )
            last_shown = number
    params: dict = {"items": items, "landmarkLabel": gettext("Search results pages")}
    if current > 1:
        params["previous"] = {"href": page_href(search, page=min(current - 1, pages))}
    if current < pages:
        params["next"] = {"href": page_href(search, page=current + 1)}
    return params


def label_of(facet: str, label: str) -> str:
    return gettext(label) if facet in TRANSLATED_FACETS else label


def facet_groups(response: SearchResponse) -> list[dict]:
    """govukCheckboxes' parameters for each facet that has values to choose."""
    groups = []
    for name, facet in FILTERS.items():
        counts = response.facets.get(facet, [])
        if not counts:
            continue
        groups.append(
            {
                "fieldset": {
                    "legend": {
                        "text": gettext(FACET_LEGENDS[facet]),
                        "classes": "govuk-fieldset__legend--s",
                    }
                },
                "checkboxes": {
                    "idPrefix": name,
                    "name": name,
                    "classes": "govuk-checkboxes--small",
                    "formGroup": {"classes": "govuk-!-margin-bottom-0"},
                    "items": [
                        {
                            "value": c.value,
                            "text": f"{label_of(facet, c.label)} ({format_number(c.count)})",
                            "checked": c.selected,
                        }
                        for c in counts
                    ],
                },
            }
        )
    return groups


def page_context(search: SearchRequest, response: SearchResponse | None) -> dict:
    title = gettext("Search: %(query)s", query=search.q) if search.q else gettext("Search")
    if response is not None and response.pages > 1 and search.page > 1:
        title = gettext("%(title)s (page %(page)s)", title=title, page=search.page)
    return {
        "search": search,
        "other_language": _other_language(search),
        "response": response,
        "page_title": title,
        "facet_groups": facet_groups(response) if response else [],
        "order_items": [
            {"value": value, "text": gettext(label), "selected": value == search.order}
            for value, label in ORDER_LABELS.items()
        ],
        "pagination": pagination(search, response.pages) if response else None,
        "clear_href": page_href(
            search, page=1, order="relevance", **{name: [] for name in FILTERS}
        ),
        "first_page_href": page_href(search, page=1),
        "page_href": lambda **changes: page_href(search, **changes),
        # the service falls back to the description when no passage matched: show that once
        "snippets": {
            hit.path: hit.snippet if hit.snippet != escape(hit.description) else None
            for hit in (response.hits if response else [])
        },
    }


@bp.get("/search")
@limiter.limit(searches)
def search_page():
    service = search_service()
    try:
        search = read_request(
            request.args, strict=False, service=service, default_language=current_language()
        )
        response = service.search(search) if search.q or search.filters else None
        if response is not None:
            metrics.SEARCHES.labels("page").inc()
    except IndexMissing:
        return render_template("search/unavailable.html"), 503
    return render_template("search/results.html", **page_context(search, response))


def init_search_web(app: Flask) -> None:
    app.register_blueprint(bp)
