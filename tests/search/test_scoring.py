"""The Python ranker must give exactly Whoosh's scores for the prepared query, and so the same
order: it replaces Whoosh's matcher walk for speed, not for different results."""

from __future__ import annotations

import pytest

from app.search import query as query_module
from app.search import scoring
from app.search.query import PhraseChecks
from app.search.scoring import Ranker, Scores
from app.search.service import SearchService, _exact_search, _pages
from tests.conftest import SAMPLE
from tests.search.test_relevance import judged

EXTRA = [
    '"vehicle tax" rates',
    "how do i pay my tax",
    "car tax",
    "passport fees cost",
    "who owns a house",
    "flood warnings river",
    "tax tax tax",
]


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> SearchService:
    from app.pipeline import build

    folder = tmp_path_factory.mktemp("scoring")
    build(SAMPLE, folder / "dist", index_dir=folder / "index")
    return SearchService(folder / "index")


@pytest.mark.parametrize("q", [case["q"] for case in judged()] + EXTRA)
def test_python_scores_equal_whoosh_scores(service, q):
    generation = service._current()
    searcher = generation.searcher()
    prepared = generation.maker.prepare(q, generation.known, generation.closest)
    assert prepared.query is not None
    query, matched = service._match(generation, prepared)
    ranker = Ranker(Scores(), searcher, prepared, every=query is prepared.every)
    whoosh = _exact_search(searcher, query, {"limit": 50})
    for hit in whoosh:
        assert ranker.score(hit.docnum) == pytest.approx(hit.score, rel=1e-9), hit["path"]
    ours = [-negated for _score, negated in ranker.top(_pages(matched), 20)]
    assert ours == [hit.docnum for hit in whoosh][:20]


def test_bitset_of_a_score_table():
    from array import array

    from app.search.service import _bits_of

    assert _bits_of(array("d", [0.0, 1.5, 0.0, 2.0])) == 0b1010
    assert _bits_of(array("d", [0.0] * 100)) == 0
    assert _bits_of(array("d")) == 0
    table = array("d", [float(p % 3 == 0) for p in range(1000)])
    assert _pages(_bits_of(table)) == list(range(0, 1000, 3))


def test_pages_of_a_bitset():
    assert _pages(0) == []
    assert _pages(0b1011) == [0, 1, 3]
    assert _pages(1 << 200) == [200]


@pytest.mark.parametrize(
    "q",
    [case["q"] for case in judged()]
    + EXTRA
    + ["tax passport vehicle flood house benefit council register apply pay fees rates"],
)
def test_scores_a_unit_at_a_time_equal_scores_a_page_at_a_time(service, q):
    """`Ranker.scores` (columns of table look-ups, what ranking uses: its cost grows with the
    words, not with Python calls per page and word) gives each page `Ranker.score`'s number,
    on every page of the site and on a few pages (a filter's), with and without the bonus for
    pages with every word."""
    generation = service._current()
    searcher = generation.searcher()
    prepared = generation.maker.prepare(q, generation.known, generation.closest)
    _query, matched = service._match(generation, prepared)
    for every in (True, False):
        ranker = Ranker(Scores(), searcher, prepared, every=every)
        for pages in (_pages(matched), _pages(matched)[::9]):
            expected = [ranker.score(page) for page in pages]
            assert ranker.scores(pages) == pytest.approx(expected, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("room", [0, 2, 5])
@pytest.mark.parametrize(
    "q",
    [
        '"vehicle tax" rates',
        '"pay your tax" "renew passport"',
        '"tax" "flood warning" "passport fees"',
        '"car tax" house',
    ],
)
def test_quoted_phrases_checked_in_some_fields_score_as_whoosh_scores(
    service, monkeypatch, room, q
):
    """With room to check quoted phrases on few pages, a phrase is checked in the fields that
    fit and nowhere else, by the ranker and Whoosh's query alike: the same scores and order."""
    monkeypatch.setattr(query_module, "QUOTED_PHRASE_PAGES", room)
    generation = service._current()
    searcher = generation.searcher()
    checks = PhraseChecks(generation.field_pages)
    prepared = generation.maker.prepare(q, generation.known, generation.closest, checks)
    everywhere = generation.maker.prepare(q, generation.known, generation.closest)
    assert prepared.quoted_fields != everywhere.quoted_fields  # some fields left unchecked
    query, matched = service._match(generation, prepared)
    ranker = Ranker(Scores(), searcher, prepared, every=query is prepared.every)
    whoosh = _exact_search(searcher, query, {"limit": 50})
    assert len(whoosh) == matched.bit_count() or len(whoosh) == 50
    for hit in whoosh:
        assert ranker.score(hit.docnum) == pytest.approx(hit.score, rel=1e-9), hit["path"]
    ours = [-negated for _score, negated in ranker.top(_pages(matched), 20)]
    assert ours == [hit.docnum for hit in whoosh][:20]


def test_a_full_field_table_cache_forgets_its_least_recently_used_tables(service, monkeypatch):
    """Clearing them all made every query after rebuild its common words' tables; tables of
    words not in the field were kept, empty, without bound."""
    searcher = service._current().searcher()
    scores = Scores()
    tax = scores.field(searcher, "body", "tax")
    passport = scores.field(searcher, "body", "passport")
    assert tax and passport
    monkeypatch.setattr(scoring, "CACHED_FIELD_ENTRIES", len(tax) + len(passport))
    scores.field(searcher, "body", "tax")  # used again: now the most recent
    assert scores.field(searcher, "body", "qzxwvq") == {}
    flood = scores.field(searcher, "body", "flood")
    assert flood and len(flood) <= len(passport)
    assert set(scores._fields) == {("body", "tax"), ("body", "flood")}
