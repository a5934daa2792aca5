"""Reading pages in impact order must find exactly the top pages that scoring every page finds,
while scoring fewer of them when the best stand out."""

from __future__ import annotations

import pytest

from app.search import impacts
from app.search import service as service_module
from app.search.impacts import ImpactOrders
from app.search.scoring import Ranker, Scores
from app.search.service import SearchRequest, SearchService, _pages
from tests.conftest import SAMPLE
from tests.search.test_relevance import judged
from tests.search.test_scoring import EXTRA

QUERIES = [case["q"] for case in judged()] + EXTRA + ['"vehicle tax" "renew passport" fees']


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> SearchService:
    from app.pipeline import build

    folder = tmp_path_factory.mktemp("impacts")
    build(SAMPLE, folder / "dist", index_dir=folder / "index")
    return SearchService(folder / "index")


def _ranker(service, q, every=None):
    generation = service._current()
    prepared = generation.maker.prepare(q, generation.known, generation.closest)
    query, matched = service._match(generation, prepared)
    every = query is prepared.every if every is None else every
    return generation, Ranker(Scores(), generation.searcher(), prepared, every=every), matched


@pytest.mark.parametrize("q", QUERIES)
def test_no_page_scores_above_the_bound(service, q):
    """The bound `impacts.top` stops on holds on every page of the site, for both matchings."""
    for every in (True, False):
        generation, ranker, _matched = _ranker(service, q, every)
        for page in range(generation.facets.size):
            bound = sum(c * table[page] for c, table in ranker.bounds.values())
            assert ranker.score(page) <= bound * (1 + 1e-12), (q, page)


@pytest.mark.parametrize("q", QUERIES)
def test_impact_order_finds_the_same_top_pages_as_scoring_every_page(service, monkeypatch, q):
    """Same pages, same scores, same order (ties to the lower page), for several page sizes and
    with a filter's pages only; read from one page of each word's order up."""
    monkeypatch.setattr(impacts, "FIRST_SLICE", 1)
    monkeypatch.setattr(impacts, "GIVE_UP_SHARE", 1)  # never give up here
    generation, ranker, matched = _ranker(service, q)
    size = generation.facets.size
    every_third = generation.facets.bits(range(0, size, 3))
    for shown in (matched, matched & every_third):
        for count in (1, 3, 20, 200):
            expected = ranker.top(_pages(shown), count)
            found = impacts.top(ranker, ImpactOrders(), shown, size, count)
            if found is None:  # gave up: only when pages not in any order could tie
                assert len(expected) < count or expected[-1][0] == 0.0
            else:
                assert found == expected, (q, count)


def test_a_query_whose_best_pages_stand_out_scores_few_pages(service, monkeypatch):
    """Its best pages have the words in their titles: they come first in the words' orders and
    beat every page read later, so most pages matched are never scored."""
    monkeypatch.setattr(impacts, "FIRST_SLICE", 1)
    monkeypatch.setattr(impacts, "GIVE_UP_SHARE", 1)
    generation, ranker, matched = _ranker(service, "tax")
    expected = ranker.top(_pages(matched), 3)
    scored = []
    real_scores = ranker.scores
    monkeypatch.setattr(ranker, "scores", lambda pages: scored.extend(pages) or real_scores(pages))
    found = impacts.top(ranker, ImpactOrders(), matched, generation.facets.size, 3)
    assert found == expected
    assert len(scored) <= matched.bit_count() // 2, (len(scored), matched.bit_count())


def test_an_order_lists_the_pages_with_the_word_best_first_ties_by_page(service):
    generation, ranker, _matched = _ranker(service, "tax")
    table = ranker.bounds["tax"][1]
    order = ImpactOrders().order("tax", table)
    assert sorted(order) == [page for page in range(len(table)) if table[page]]
    assert list(order) == sorted(order, key=lambda page: (-table[page], page))


def test_orders_of_words_on_no_page_are_not_kept(service):
    generation, ranker, _matched = _ranker(service, "tax qzxwvq")
    orders = ImpactOrders()
    assert len(orders.order("qzxwvq", ranker.bounds["qzxwvq"][1])) == 0
    orders.order("tax", ranker.bounds["tax"][1])
    assert list(orders._orders) == ["tax"]


def test_a_full_order_cache_forgets_its_least_recently_used_orders(service):
    generation, ranker, _matched = _ranker(service, "tax passport")
    tax, passport = ranker.bounds["tax"][1], ranker.bounds["passport"][1]
    orders = ImpactOrders(limit=len(ImpactOrders().order("tax", tax)) + 1)
    orders.order("tax", tax)
    orders.order("passport", passport)
    assert list(orders._orders) == ["passport"]


@pytest.mark.parametrize("q", QUERIES[:40])
def test_search_results_are_the_same_read_in_impact_order(service, monkeypatch, q):
    """Through the service, with impact order used for any number of pages shown: the same hits
    as with every page scored, on the first pages and a later one."""
    requests = [SearchRequest(q=q), SearchRequest(q=q, page_size=5, page=2)]
    monkeypatch.setattr(service_module, "IMPACT_ORDER_PAGES", 10**9)
    expected = [service.search(r).hits for r in requests]
    monkeypatch.setattr(service_module, "IMPACT_ORDER_PAGES", 0)
    monkeypatch.setattr(impacts, "FIRST_SLICE", 1)
    assert [service.search(r).hits for r in requests] == expected
