"""One reader of query parameters (app/request_params.py) for the forms API, the agency routes and
search: each kind of problem is worded the same on every route, whole numbers are ASCII digits
everywhere, and the search page reads the same parameters leniently, through real requests."""

from __future__ import annotations

import pytest

from app.agency.keys import create_key
from app.store import dispose, get_engine
from tests.conftest import service_app

LIST = "/api/v1/forms/report-a-pothole/submissions"
ONE = "/api/v1/submissions/ABCDEFGH"
SEARCH = "/api/v1/search"
SUGGEST = "/api/v1/search/suggest"
ARABIC_THREE = "%D9%A3"  # a digit, but not one of 0 to 9


@pytest.fixture
def app(sample_search, tmp_path):
    """On SQLite only, with the search index: reading parameters does not touch the database."""
    app = service_app(sample_search, f"sqlite:///{tmp_path / 'portal.db'}")
    yield app
    dispose(app)


@pytest.fixture
def client(app):
    """A client with the highways agency's key (the pothole form is theirs); public routes
    ignore it."""
    client = app.test_client()
    key = create_key(get_engine(app), "highways-agency", "tests").key
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client


def only_error(client, url: str) -> tuple[str, str]:
    response = client.get(url)
    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["type"].endswith("/api/v1/problems/invalid-parameters")
    [error] = body["errors"]
    return error["field"], error["message"]


TOO_MANY_TOPICS = "&".join(f"filter_topic=t{i}" for i in range(21))
ONE_OF_EACH_KIND = [
    # unknown
    ("/api/v1/forms?colour=blue", "colour", "Unknown parameter: this route takes none"),
    (f"{ONE}?colour=blue", "colour", "Unknown parameter: this route takes none"),
    (f"{SUGGEST}?colour=blue", "colour", "Unknown parameter: this route takes q, lang"),
    (f"{LIST}?colour=blue", "colour", "Unknown parameter: this route takes limit, cursor, since"),
    # repeated
    (f"{SEARCH}?q=a&q=b", "q", "Give q once, not 2 times"),
    (f"{LIST}?limit=1&limit=2", "limit", "Give limit once, not 2 times"),
    (
        f"{SEARCH}?{TOO_MANY_TOPICS}",
        "filter_topic",
        "Give filter_topic at most 20 times, not 21 times",
    ),
    # not a whole number, or out of range
    (f"{SEARCH}?page=abc", "page", "page must be a whole number from 1 to 100"),
    (f"{SEARCH}?page_size=0", "page_size", "page_size must be a whole number from 1 to 100"),
    (f"{LIST}?limit=abc", "limit", "limit must be a whole number from 1 to 100"),
    (f"{LIST}?limit=101", "limit", "limit must be a whole number from 1 to 100"),
    # not one of
    (f"{SEARCH}?order=bogus", "order", "order must be relevance, -updated or updated"),
    (f"{SEARCH}?exact=maybe", "exact", "exact must be true or false"),
    (
        f"{SEARCH}?filter_type=bogus",
        "filter_type",
        "filter_type must be the `value` of a type in a search's facets, which 'bogus' is not",
    ),
    # too long
    (f"{SEARCH}?q={'a' * 201}", "q", "q must be 200 characters or fewer (it has 201)"),
    (f"{SUGGEST}?q={'a' * 201}", "q", "q must be 200 characters or fewer (it has 201)"),
]


@pytest.mark.parametrize("url, field, message", ONE_OF_EACH_KIND)
def test_each_kind_of_problem_has_one_wording_on_every_route(client, url, field, message):
    assert only_error(client, url) == (field, message)


@pytest.mark.parametrize(
    "url, field",
    [
        (f"{SEARCH}?page={ARABIC_THREE}", "page"),
        (f"{SEARCH}?page_size={ARABIC_THREE}", "page_size"),
        (f"{LIST}?limit={ARABIC_THREE}", "limit"),
    ],
)
def test_whole_numbers_are_the_digits_0_to_9_on_every_route(client, url, field):
    assert only_error(client, url)[0] == field
    assert client.get(url.replace(ARABIC_THREE, " 3 ")).status_code == 200


def test_the_search_page_reads_the_same_numbers_and_falls_back_on_the_rest(client):
    def title(url):
        return client.get(url).get_data(as_text=True).split("<title>")[1].split("</title>")[0]

    words = "/search?q=apply"  # more than a page of results
    assert title(f"{words}&page=2") == "Search: apply (page 2) - GOV.NM"
    assert title(f"{words}&page=%D9%A2") == title(words) == "Search: apply - GOV.NM"
