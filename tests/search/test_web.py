"""Search on the web: the results page and the JSON API, through real requests to the app
serving the sample content and its index."""

from __future__ import annotations

import shutil
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from app import create_app
from app.pipeline import build
from app.search.service import MAX_FILTER_VALUES
from app.site_settings import SiteSettingsError
from tests.conftest import SAMPLE


def fetch(client, url: str, method: str = "GET"):
    """Request `url`, read the body and close the response (it may hold an open file)."""
    response = client.open(url, method=method)
    response.get_data()
    response.close()
    return response


def serving_app(site, index=None, content=SAMPLE):
    return create_app(
        {
            "DIST_DIR": str(site.out),
            "SEARCH_INDEX_DIR": str(index or site.index),
            "CONTENT_DIR": str(content),
        }
    )


@pytest.fixture(scope="module")
def client(sample_search):
    return serving_app(sample_search).test_client()


def page(client, url: str, status: int = 200) -> BeautifulSoup:
    response = fetch(client, url)
    assert response.status_code == status, url
    assert response.mimetype == "text/html"
    soup = BeautifulSoup(response.data, "html.parser")
    ids = Counter(tag["id"] for tag in soup.select("[id]"))
    assert [i for i, n in ids.items() if n > 1] == [], "duplicate ids"
    return soup


def api(client, url: str, status: int = 200) -> dict:
    response = fetch(client, url)
    assert response.status_code == status, response.data
    assert response.mimetype == (
        "application/json" if status == 200 else "application/problem+json"
    )
    return response.get_json()


def count(soup: BeautifulSoup) -> int:
    return int(soup.select_one(".app-search__count strong").get_text().replace(",", ""))


def result_paths(soup: BeautifulSoup) -> list[str]:
    return [a["href"] for a in soup.select(".app-search-result__title a")]


def query_of(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)


# -- the JSON API -------------------------------------------------------------------------------


def test_api_answers_a_known_query_with_the_right_page_first(client):
    body = api(client, "/api/v1/search?q=Request+a+copy+of+a+birth+certificate")
    assert body["results"][0]["path"] == "/request-a-copy-of-a-birth-certificate"
    assert body["query"] == "Request a copy of a birth certificate"
    assert body["corrected_from"] is None
    assert body["page"] == 1 and body["page_size"] == 20 and body["total"] >= len(body["results"])
    first = body["results"][0]
    assert set(first) >= {
        "path",
        "title",
        "description",
        "type",
        "organisations",
        "updated",
        "snippet",
        "best_bet",
    }
    assert first["title"] == "Request a copy of a birth certificate"
    assert first["organisations"] == ["general-register-office"]
    assert len(first["updated"]) == 10 and first["updated"][4] == "-"  # YYYY-MM-DD
    assert "<mark>" in first["snippet"]
    assert set(body["facets"]) == {"organisation", "type", "topic"}
    facet = body["facets"]["organisation"][0]
    assert set(facet) == {"value", "label", "count", "selected"}


def test_api_filters_narrow_the_results_and_mark_the_facet_selected(client):
    everything = api(client, "/api/v1/search?q=passport")
    narrowed = api(client, "/api/v1/search?q=passport&filter_organisation=passport-office")
    assert 0 < narrowed["total"] < everything["total"]
    assert all("passport-office" in r["organisations"] for r in narrowed["results"])
    chosen = [f for f in narrowed["facets"]["organisation"] if f["selected"]]
    assert [f["value"] for f in chosen] == ["passport-office"]
    both = api(
        client, "/api/v1/search?q=passport&filter_organisation=passport-office&filter_type=answer"
    )
    assert both["total"] <= narrowed["total"]
    assert all(r["type"] == "answer" for r in both["results"])


@pytest.mark.parametrize("order, newest_first", [("-updated", True), ("updated", False)])
def test_api_sorts_by_date(client, order, newest_first):
    body = api(client, f"/api/v1/search?q=tax&order={order}&page_size=50")
    dates = [r["updated"] for r in body["results"]]
    assert len(dates) > 5 and dates == sorted(dates, reverse=newest_first)


def test_api_pages_through_results(client):
    first = api(client, "/api/v1/search?q=tax&page_size=5")
    second = api(client, "/api/v1/search?q=tax&page_size=5&page=2")
    assert first["total"] == second["total"] > 10
    assert second["page"] == 2 and len(second["results"]) == 5
    assert not {r["path"] for r in first["results"]} & {r["path"] for r in second["results"]}


def test_api_corrects_a_misspelt_query(client):
    body = api(client, "/api/v1/search?q=pasport")
    assert body["corrected_from"] == "pasport" and body["query"] == "passport"
    assert body["total"] > 0


def test_api_suggest_completes_titles(client):
    body = api(client, "/api/v1/search/suggest?q=pass")
    assert 0 < len(body["suggestions"]) <= 5
    for suggestion in body["suggestions"]:
        assert set(suggestion) == {"title", "path"}
        assert any(w.lower().startswith("pass") for w in suggestion["title"].split())
    assert api(client, "/api/v1/search/suggest?q=")["suggestions"] == []
    # what full search corrects, completions complete too (issue 18)
    for typed, title in (
        ("car ta", "Tax your vehicle"),
        ("benif", "Benefit rates for 2026 to 2027"),
        ("pot hole", "Report a pothole"),
        ("passprt", "Passport fees"),
    ):
        body = api(client, f"/api/v1/search/suggest?q={typed.replace(' ', '+')}")
        assert title in [suggestion["title"] for suggestion in body["suggestions"]], typed
    problem = api(client, "/api/v1/search/suggest?q=pass&limit=9", 422)
    assert [e["field"] for e in problem["errors"]] == ["limit"]


BAD_PARAMS = {
    "colour": "colour=blue",
    "page": "page=0",
    "page_size": "page_size=1000",
    "order": "order=bogus",
    "filter_topic": "&".join(f"filter_topic=t{i}" for i in range(30)),
    "q": "q=" + "a" * 10_000,
}


@pytest.mark.parametrize(
    "field, params",
    [
        *BAD_PARAMS.items(),
        ("page", "page=abc"),
        ("filter_type", "filter_type=bogus"),
        ("q", "q=a&q=b"),
    ],
)
def test_api_rejects_each_bad_parameter_with_422(client, field, params):
    problem = api(client, f"/api/v1/search?{params}", 422)
    assert problem["type"].endswith("/api/v1/problems/invalid-parameters")
    assert problem["status"] == 422 and problem["title"] and problem["detail"]
    assert [e["field"] for e in problem["errors"]] == [field]
    assert problem["errors"][0]["message"]


def test_api_lists_every_bad_parameter_at_once(client):
    problem = api(client, "/api/v1/search?" + "&".join(BAD_PARAMS.values()), 422)
    assert {e["field"] for e in problem["errors"]} == set(BAD_PARAMS)
    too_many = next(e for e in problem["errors"] if e["field"] == "filter_topic")
    assert str(MAX_FILTER_VALUES) in too_many["message"]


def test_api_unknown_urls_and_methods_answer_in_problem_shape(client):
    missing = api(client, "/api/v1/nope", 404)
    assert missing == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": missing["detail"],
    }
    response = fetch(client, "/api/v1/search", method="POST")
    assert response.status_code == 405 and response.mimetype == "application/problem+json"
    assert response.get_json()["title"] == "Method Not Allowed"
    assert "GET" in response.headers["Allow"]
    # everywhere else the site's own HTML 404 page
    assert page(client, "/no-such-page", 404).select_one("h1").get_text() == "Page not found"


def test_missing_index_is_a_503(sample_search, tmp_path):
    client = serving_app(sample_search, index=tmp_path / "empty").test_client()
    problem = api(client, "/api/v1/search?q=tax", 503)
    assert problem["type"].endswith("/api/v1/problems/search-unavailable")
    soup = page(client, "/search?q=tax", 503)
    assert "not available" in soup.select_one("h1").get_text()


# -- the results page ---------------------------------------------------------------------------


def test_results_page_shows_results_like_the_api(client):
    soup = page(client, "/search?q=passport")
    body = api(client, "/api/v1/search?q=passport")
    assert soup.select_one("title").get_text() == "Search: passport - GOV.NM"
    assert soup.select_one("h1").get_text() == "Search"
    assert count(soup) == body["total"]
    assert result_paths(soup) == [r["path"] for r in body["results"]]
    first = soup.select_one(".app-search-result")
    assert first.select_one("time")["datetime"] == body["results"][0]["updated"]
    assert "Last updated" in first.select_one(".app-search-result__attributes").get_text()
    assert soup.select(".app-search-result__snippet mark")
    assert soup.select_one("#search-main")["value"] == "passport"
    assert soup.select_one(".app-search__count")["aria-live"] == "polite"


def test_filters_are_checkboxes_in_fieldsets_and_narrow_the_count(client):
    # (a query with no best bets: the service leaves pinned pages out of the facet counts)
    soup = page(client, "/search?q=office")
    form = soup.select_one("form.app-search-filters")
    assert form["method"] == "get" and form.select_one("input[type=hidden][name=q]")["value"] == (
        "office"
    )
    legends = [legend.get_text(strip=True) for legend in form.select("fieldset legend")]
    assert legends == ["Organisation", "Type of content", "Topic"]
    box = form.select_one("input[name=filter_organisation][value=passport-office]")
    label = form.select_one(f"label[for='{box['id']}']").get_text(strip=True)
    assert label.startswith("Northmere Passport Office (")
    expected = int(label.rsplit("(", 1)[1].rstrip(")"))
    assert [o["value"] for o in form.select("select[name=order] option")] == [
        "relevance",
        "-updated",
        "updated",
    ]
    assert form.select_one("button").get_text(strip=True) == "Apply filters"

    filtered = page(client, "/search?q=office&filter_organisation=passport-office")
    assert count(filtered) == expected < count(soup)
    assert filtered.select_one("input[value=passport-office]").has_attr("checked")
    clear = filtered.select_one("a[href^='/search']", string="Clear filters")
    assert query_of(clear["href"]) == {"q": ["office"]}


def test_pagination_keeps_the_query_filters_and_order(client):
    url = "/search?filter_type=answer&order=-updated"
    soup = page(client, url)
    assert count(soup) > 20 and len(result_paths(soup)) == 20
    next_link = soup.select_one(".govuk-pagination__next a")
    assert query_of(next_link["href"]) == {
        "filter_type": ["answer"],
        "order": ["-updated"],
        "page": ["2"],
    }
    second = page(client, next_link["href"])
    assert second.select_one(".govuk-pagination__item--current").get_text(strip=True) == "2"
    assert not set(result_paths(second)) & set(result_paths(soup))
    previous = second.select_one(".govuk-pagination__prev a")
    assert query_of(previous["href"]) == {"filter_type": ["answer"], "order": ["-updated"]}
    titled = page(client, "/search?q=register+a&page=2")
    assert titled.select_one("title").get_text() == "Search: register a (page 2) - GOV.NM"


def test_sorted_by_date_newest_first(client):
    soup = page(client, "/search?q=tax&order=-updated")
    dates = [t["datetime"] for t in soup.select(".app-search-result__attributes time")]
    assert len(dates) > 5 and dates == sorted(dates, reverse=True)
    assert soup.select_one("select[name=order] option[selected]")["value"] == "-updated"


def test_misspelt_query_shows_what_was_searched_for(client):
    soup = page(client, "/search?q=pasport")
    spelling = soup.select_one(".app-search__spelling").get_text(" ", strip=True)
    assert "Showing results for passport" in spelling and "pasport" in spelling
    assert count(soup) > 0


def test_no_results_page_gives_advice(client):
    soup = page(client, "/search?q=zzyzx+qqqj")
    assert count(soup) == 0
    advice = soup.select_one(".app-search__no-results")
    assert "There are no matching results." in advice.get_text()
    links = {a["href"] for a in advice.select("a")}
    assert {"/browse", "/a-to-z"} <= links
    assert not soup.select("form.app-search-filters")


def test_empty_query_shows_the_form_and_guidance(client):
    soup = page(client, "/search")
    assert soup.select_one("title").get_text() == "Search - GOV.NM"
    form = soup.select_one("form.app-search__form")
    assert form["action"] == "/search" and form["method"] == "get"
    assert soup.select_one("label[for=search-main]").get_text() == "Search GOV.NM"
    assert soup.select_one(".app-search__guidance")
    assert not soup.select(".app-search__count")


def test_bad_parameters_never_break_the_page(client):
    soup = page(
        client,
        "/search?q=tax&page=abc&page_size=9&order=bogus&colour=blue"
        "&filter_type=nonsense&" + BAD_PARAMS["filter_topic"],
    )
    assert count(soup) == count(page(client, "/search?q=tax"))
    assert len(result_paths(page(client, "/search?q=" + "tax+" * 3000))) > 0
    beyond = page(client, "/search?q=tax&page=100")
    assert "first page of results" in beyond.select_one(".app-search__results").get_text()
    assert page(client, "/search?q=tax&page=0").select(".app-search-result")


def test_header_search_box_on_static_pages(sample_search, client):
    for soup in (
        sample_search.soup("/"),
        sample_search.soup("/passport-fees"),
        page(client, "/passport-fees"),
    ):
        form = soup.select_one("header form.app-search-box[role=search]")
        assert form["action"] == "/search" and form["method"] == "get"
        field = form.select_one("input[name=q][type=search]")
        label = form.select_one(f"label[for='{field['id']}']")
        # a visible label, not one only screen readers hear (issue 18)
        assert label.get_text() == "Search GOV.NM" and label["class"] == ["app-search-box__label"]
        assert not label.find_parent(class_="govuk-visually-hidden")
        assert form.select_one("button .govuk-visually-hidden").get_text() == "Search"
    # the search page has its own box instead
    assert not page(client, "/search?q=tax").select("header form")


def test_new_index_generation_is_found_without_restarting(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    out, index = tmp_path / "dist", tmp_path / "index"
    build(content, out, index_dir=index, jobs=1)
    app = create_app(
        {"DIST_DIR": str(out), "SEARCH_INDEX_DIR": str(index), "CONTENT_DIR": str(content)}
    )
    client = app.test_client()
    assert api(client, "/api/v1/search?q=zanzibarian")["total"] == 0
    page_text = (SAMPLE / "passport-office" / "passport-fees.md").read_text(encoding="utf-8")
    page_text = page_text.replace("title: Passport fees", "title: Zanzibarian passport fees")
    (content / "passport-office" / "passport-fees.md").write_text(page_text, encoding="utf-8")
    build(content, out, index_dir=index, jobs=1)
    body = api(client, "/api/v1/search?q=zanzibarian")
    assert [r["path"] for r in body["results"]] == ["/passport-fees"]


def test_serving_needs_the_site_settings(sample_search, tmp_path):
    with pytest.raises(SiteSettingsError, match="site.yaml"):
        serving_app(sample_search, content=tmp_path)


def test_search_instead_for_the_words_as_typed(client):
    corrected = api(client, "/api/v1/search?q=pasport")
    assert corrected["corrected_from"] == "pasport" and corrected["exact"] is False
    exact = api(client, "/api/v1/search?q=pasport&exact=true")
    assert exact["corrected_from"] is None and exact["query"] == "pasport"
    assert exact["exact"] is True
    soup = page(client, "/search?q=pasport")
    link = soup.select_one(".app-search__spelling a")
    assert link.get_text(strip=True) == "pasport"
    assert query_of(link["href"]) == {"q": ["pasport"], "exact": ["1"]}
    as_typed = page(client, link["href"])
    assert "Showing results for" not in as_typed.get_text()


def test_exact_must_be_true_or_false(client):
    problem = api(client, "/api/v1/search?q=tax&exact=maybe", status=422)
    assert problem["errors"] == [
        {
            "field": "exact",
            "message": "exact must be true or false",
            "code": "not_a_choice",
            "allowed": ["true", "false"],
        }
    ]


# -- rate limits ---------------------------------------------------------------------------------

SEARCH_ROUTES = ["/search?q=passport", "/api/v1/search?q=passport", "/api/v1/search/suggest?q=pass"]


def limited_client(site, **settings):
    return create_app(
        {
            "DIST_DIR": str(site.out),
            "SEARCH_INDEX_DIR": str(site.index),
            "CONTENT_DIR": str(SAMPLE),
            "RATELIMIT_SEARCH": "3 per minute",
            **settings,
        }
    ).test_client()


@pytest.mark.parametrize("url", SEARCH_ROUTES)
def test_searches_are_limited_per_client_with_retry_after(sample_search, url):
    """A search costs CPU, so a client sending many holds up everyone's: each search route
    counts each client's requests apart."""
    client = limited_client(sample_search)
    assert [fetch(client, url).status_code for _ in range(3)] == [200, 200, 200]
    response = fetch(client, url)
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 61
    if url.startswith("/api/"):
        assert response.mimetype == "application/problem+json"
        assert response.get_json()["detail"].startswith(
            "Too many searches from this client: at most 3 per minute"
        )
    # another client (address) has its own count, and the other routes theirs
    other = client.open(url, environ_overrides={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 200
    assert all(fetch(client, route).status_code == 200 for route in SEARCH_ROUTES if route != url)


def test_the_default_search_limit_lets_a_person_type_with_suggestions(sample_search):
    """The search box asks for suggestions at most every 200 ms as a person types (5 a
    second): a query typed and searched, twice over, stays within the default limit."""
    client = create_app(
        {
            "DIST_DIR": str(sample_search.out),
            "SEARCH_INDEX_DIR": str(sample_search.index),
            "CONTENT_DIR": str(SAMPLE),
        }
    ).test_client()
    typed = "how do i renew my passport"
    for _ in range(2):
        for end in range(1, len(typed) + 1):
            assert fetch(client, f"/api/v1/search/suggest?q={typed[:end]}").status_code == 200
        assert fetch(client, f"/search?q={typed}").status_code == 200


# -- filters with several values of one facet ----------------------------------------------------


def _listed_on_every_page(client, url: str) -> tuple[int, list[str]]:
    first = page(client, url)
    shown, listed = count(first), result_paths(first)
    for number in range(2, (shown + 19) // 20 + 1):
        listed += result_paths(page(client, f"{url}&page={number}"))
    return shown, listed


@pytest.mark.parametrize("order", ["relevance", "-updated", "updated"])
@pytest.mark.parametrize("q", ["", "apply"])
def test_two_values_of_a_facet_on_the_page_and_the_api(client, q, order):
    """filter_type=answer&filter_type=news: the page's count is the number of results listed
    over all its pages, the union of each value's; the API lists the same, in the same order."""
    one = {
        value: _listed_on_every_page(client, f"/search?q={q}&order={order}&filter_type={value}")
        for value in ("answer", "news")
    }
    url = f"/search?q={q}&order={order}&filter_type=answer&filter_type=news"
    shown, listed = _listed_on_every_page(client, url)
    assert shown > 20 or q  # more than one page of results without words
    assert shown == len(listed) == len(set(listed))
    assert set(listed) == set(one["answer"][1]) | set(one["news"][1])
    assert all(n == len(found) for n, found in one.values())
    body = api(
        client,
        f"/api/v1/search?q={q}&order={order}&filter_type=answer&filter_type=news&page_size=100",
    )
    assert body["total"] == shown
    assert [r["path"] for r in body["results"]] == listed
    selected = {f["value"] for f in body["facets"]["type"] if f["selected"]}
    assert selected == {"answer", "news"}


# -- languages (issue 16) ----------------------------------------------------------------------


def test_each_language_searches_its_own_pages(client):
    # the English page finds no Welsh page, the Welsh page (/cy/search) no English one, and the
    # Welsh results link to the Welsh pages
    english = result_paths(page(client, "/search?q=pothole"))
    assert "/report-a-pothole" in english
    assert not [path for path in english if path.startswith("/cy/")]
    welsh = page(client, "/cy/search?q=adrodd+twll+yn+y+ffordd")
    assert result_paths(welsh)[0] == "/cy/report-a-pothole"
    assert all(path.startswith("/cy/") for path in result_paths(welsh))
    # `lang` searches another language's pages from the page in this one, and stays in its links
    asked = page(client, "/search?q=lwfans+byw&lang=cy&filter_type=guide")
    assert result_paths(asked) == ["/cy/living-allowance"]
    forms = asked.select("form.app-search__form, form#search-filters")
    assert [form.select_one("input[name=lang]")["value"] for form in forms] == ["cy", "cy"]
    assert query_of(asked.select_one("#search-filters a.govuk-link")["href"])["lang"] == ["cy"]
    assert not page(client, "/search?q=pothole").select("input[name=lang]")


def test_api_searches_the_default_language_unless_lang_is_given(client):
    english = api(client, "/api/v1/search?q=lwfans+byw")
    assert english["lang"] == "en"
    assert not [r for r in english["results"] if r["path"].startswith("/cy/")]
    welsh = api(client, "/api/v1/search?q=lwfans+byw&lang=cy")
    assert welsh["lang"] == "cy"
    assert welsh["results"][0]["path"] == "/cy/living-allowance"
    assert welsh["results"][0]["url"].endswith("/cy/living-allowance")
    # with and without the circumflex, the same page
    paths = [
        [r["path"] for r in api(client, f"/api/v1/search?q={q}&lang=cy")["results"]]
        for q in ("18+oed+neu%27n+h%C5%B7n", "18+oed+neu%27n+hyn")
    ]
    assert paths[0] == paths[1] and paths[0][0] == "/cy/living-allowance"
    # completions follow the language
    titles = [
        s["title"] for s in api(client, "/api/v1/search/suggest?q=rhoi+gwy&lang=cy")["suggestions"]
    ]
    assert titles == ["Rhoi gwybod am dwll yn y ffordd"]
    assert api(client, "/api/v1/search/suggest?q=rhoi+gwy")["suggestions"] == []


# Correctly spelt Welsh, from the sample's Welsh pages: each was offered a "Did you mean" for
# another Welsh word a plural, a mutation or an edit or two away (in titles: "ffordd" got
# "ffyrdd"; only in bodies: "credyd" got "cerbyd", "pensiwn" "phensiwn").
WELSH_WORDS = [
    "ffordd",
    "gwasanaeth",
    "cerbyd",
    "budd-daliadau",
    "adrodd twll yn y ffordd",
    "credyd",
    "pensiwn",
    "costau",
    "rheoli",
]


@pytest.mark.parametrize("q", WELSH_WORDS)
def test_a_correctly_spelt_welsh_word_gets_no_did_you_mean(client, q):
    results = page(client, f"/cy/search?q={q}")
    assert result_paths(results), q  # the Welsh pages have it
    assert results.select(".app-search__spelling") == [], q
    body = api(client, f"/api/v1/search?q={q}&lang=cy")
    assert body["suggestion"] is None and body["corrected_from"] is None


def test_a_misspelt_welsh_word_is_still_corrected(client):
    results = page(client, "/cy/search?q=palmnat")  # palmant: a pavement
    assert "palmant" in results.select_one(".app-search__spelling strong").get_text()
    assert result_paths(results) == ["/cy/report-a-pothole"]


@pytest.mark.parametrize(
    "url", ["/api/v1/search?q=tax&lang=fr", "/api/v1/search/suggest?q=ta&lang=xx"]
)
def test_api_rejects_a_language_the_site_does_not_have(client, url):
    problem = api(client, url, 422)
    assert [e["field"] for e in problem["errors"]] == ["lang"]
    assert "cy" in problem["errors"][0]["message"]


def test_did_you_mean_is_kept_for_a_synonyms_word_the_pages_do_not_use(client):
    """ "license" is on no page: as part of a synonym ("fishing license") it is not corrected,
    and the reader is offered the pages' own spelling."""
    body = api(client, "/api/v1/search?q=fishing+license")
    assert body["corrected_from"] is None and body["suggestion"] == "fishing licence"


def marked(soup: BeautifulSoup) -> list[str]:
    return [mark.get_text().lower() for mark in soup.select(".app-search-result__snippet mark")]


def test_a_welsh_snippet_marks_only_the_readers_own_words(client):
    # "twll" is searched with its synonyms ("twll yn y ffordd", "tyllau yn y ffordd"): their
    # words are not the reader's, and "yn" is a stop word the index leaves out
    assert set(marked(page(client, "/cy/search?q=twll"))) == {"twll"}
    # Welsh words are compared as the Welsh index has them: accents folded, no English stemmer
    assert "hŷn" in marked(page(client, "/cy/search?q=hyn"))
    assert set(marked(page(client, "/cy/search?q=ffon"))) == {"ffôn"}


def test_an_english_snippet_marks_no_stop_word(client):
    words = marked(page(client, "/search?q=permit+for+the+roads"))
    assert words and not {"for", "the"} & set(words)
