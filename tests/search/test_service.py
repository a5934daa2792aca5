"""The search service over a small content tree built into tmp: synonyms, best bets, filters and
facet counts, sorting, pagination, spelling, bounded queries, snippets, completions, and the index
generations a build swaps in."""

from __future__ import annotations

import datetime as dt
import random
import shutil
import string
import textwrap
import threading
from pathlib import Path

import pytest
from whoosh.matching.mcore import LeafMatcher
from whoosh.query import And, Or, Term
from whoosh.reading import SegmentReader
from whoosh.support.levenshtein import distance as edit_distance

from app.pipeline import ContentErrors, build
from app.search import query as query_module
from app.search import service as service_module
from app.search import snippets as snippets_module
from app.search.indexer import CURRENT, current_generation
from app.search.query import MAX_SPELLING_CHARS, MAX_SPELLING_WORDS, MAX_WORDS
from app.search.schema import FACET_FIELDS
from app.search.service import (
    WEAK_MATCH_FLOOR,
    IndexMissing,
    SearchRequest,
    SearchService,
    _exact_search,
    _Generation,
)
from app.search.snippets import SCAN_CHARS, SCAN_CHARS_PER_QUERY, scan_chars, snippet
from tests.conftest import SMALL, SMALL_TODAY

PERMITS = 25

SEARCH_YAML = """\
synonyms:
  - [pothole, crater]
  - [parking permit, resident permit]
best_bets:
  - query: roads
    pages: [/road-rules, /cookies]
  - query: speed limits
    pages: [/road-rules#speed-limits, /cookies/, /learn-the-roads?from=search]
"""


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def _page(
    tree: Path,
    slug: str,
    title: str,
    body: str,
    *,
    type_: str = "answer",
    organisation: str = "roads-agency",
    topic: str = "roads",
    updated: str = "2026-02-01",
) -> None:
    _write(
        tree / "extra" / f"{slug}.md",
        f"""
        ---
        title: {title}
        description: About {title.lower()}.
        type: {type_}
        organisation: {organisation}
        topics: [{topic}]
        updated: {updated}
        ---
        {body}
        """,
    )


def make_tree(root: Path) -> Path:
    """The small fixture, plus search settings, pages to page through and awkward pages."""
    tree = root / "content"
    shutil.copytree(SMALL, tree)
    (tree / "search.yaml").write_text(SEARCH_YAML, encoding="utf-8")
    for n in range(1, PERMITS + 1):
        _page(
            tree,
            f"permit-{n:02}",
            f"Permit {n:02}",
            f"Apply for a resident permit for zone {n}.",
            organisation="test-office",
            topic="government",
            updated=f"2026-01-{n:02}",
        )
    _page(
        tree,
        "craters",
        "Craters in the verge",
        "A crater in the verge is not ours to fill. Parkng on the verge is not allowed.",
    )
    _page(
        tree,
        "scripted",
        "Scripted messages",
        "Never paste `<script>alert('verge')</script>` into a form & never trust it.",
        type_="news",
    )
    return tree


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("search-service")
    tree = make_tree(root)
    build(tree, root / "dist", index_dir=root / "index", today=SMALL_TODAY)
    return tree, root / "index"


@pytest.fixture(scope="module")
def service(built) -> SearchService:
    return SearchService(built[1])


def paths(response) -> list[str]:
    return [hit.path for hit in response.hits]


def search(service, q="", **options):
    return service.search(SearchRequest(q=q, **options))


# -- synonyms and best bets ------------------------------------------------------------------


def test_synonyms_expand_both_ways(service):
    assert "/craters" not in paths(search(service, "report"))
    assert "/craters" in paths(search(service, "pothole"))  # says only "crater"
    found = paths(search(service, "crater"))
    assert "/report-a-pothole" in found  # says only "pothole"
    assert search(service, "crater").searched_for == "crater"


def test_multi_word_synonyms_expand_both_ways(service):
    assert "/permit-01" in paths(search(service, "parking permit", page_size=50))
    assert search(service, "parking permit").total >= PERMITS


def test_best_bets_are_pinned_first_for_their_query_only(service):
    response = search(service, "Roads")
    assert paths(response)[:2] == ["/road-rules", "/cookies"]
    assert [hit.best_bet for hit in response.hits[:3]] == [True, True, False]
    assert paths(response).count("/road-rules") == 1  # not shown again below
    assert not any(hit.best_bet for hit in search(service, "road rules").hits)
    assert not any(hit.best_bet for hit in search(service, "roads rules").hits)


def test_best_bets_written_with_a_fragment_query_or_trailing_slash_are_pinned(service):
    """`build.py check` accepts them as links to their page, so they pin that page."""
    response = search(service, "speed limits")
    assert [(hit.path, hit.best_bet) for hit in response.hits[:3]] == [
        ("/road-rules", True),
        ("/cookies", True),
        ("/learn-the-roads", True),
    ]


def test_best_bets_respect_filters_and_order(service):
    filtered = search(service, "roads", filters={"organisation": ("roads-agency",)})
    assert [h.path for h in filtered.hits if h.best_bet] == ["/road-rules"]
    assert "/cookies" not in paths(filtered)  # no organisation: filtered out
    by_date = search(service, "roads", order="-updated")
    assert not any(hit.best_bet for hit in by_date.hits)


def test_best_bets_count_in_totals_and_facets(service):
    response = search(service, "roads")
    assert response.total == len(response.hits)  # one page holds them all
    type_counts = {f.value: f.count for f in response.facets["type"]}
    assert sum(type_counts.values()) >= response.total
    assert type_counts["page"] == 1  # /cookies, pinned though it does not say "roads"


# -- filters, facets, order, pages -----------------------------------------------------------


def test_filter_by_type_keeps_the_counts_of_other_types(service):
    everything = search(service, "road")
    answers = search(service, "road", filters={"type": ("answer",)})
    assert answers.hits and all(hit.type == "answer" for hit in answers.hits)
    all_types = {f.value: f.count for f in everything.facets["type"]}
    selected = {f.value: (f.count, f.selected) for f in answers.facets["type"]}
    assert {v: c for v, (c, _) in selected.items()} == all_types
    assert selected["answer"][1] and not selected["news"][1]
    # the other facets count what is shown
    organisations = {f.value: f.count for f in answers.facets["organisation"]}
    assert organisations["roads-agency"] == answers.total


def test_filter_by_organisation_and_topic(service):
    response = search(
        service,
        "permit",
        filters={"organisation": ("test-office",), "topic": ("government",)},
        page_size=50,
    )
    assert response.total == PERMITS
    assert all(hit.organisations == ("test-office",) for hit in response.hits)
    labels = {f.value: f.label for f in response.facets["organisation"]}
    assert labels["test-office"] == "Test Office"
    nothing = search(service, "permit", filters={"topic": ("potholes",)})
    assert nothing.total == 0 and nothing.hits == []
    assert [f.value for f in nothing.facets["topic"] if f.selected] == ["potholes"]


def test_filters_alone_list_everything_they_select(service):
    response = search(service, "", filters={"type": ("news",)})
    assert {hit.type for hit in response.hits} == {"news"}
    assert response.total == 2


def test_sort_by_updated_both_ways(service):
    newest = search(service, "permit", order="-updated", page_size=50)
    oldest = search(service, "permit", order="updated", page_size=50)
    dates = [hit.updated for hit in newest.hits]
    assert dates == sorted(dates, reverse=True) and len(dates) >= PERMITS
    assert [hit.updated for hit in oldest.hits] == sorted(dates)
    assert newest.hits[0].updated >= dt.date(2026, 1, PERMITS)


def test_pagination_boundaries(service):
    first = search(service, "permit", page_size=10)
    total = first.total
    assert total >= PERMITS and first.pages == -(-total // 10)
    seen = []
    for page in range(1, first.pages + 1):
        response = search(service, "permit", page=page, page_size=10)
        expected = min(10, total - (page - 1) * 10)
        assert len(response.hits) == expected, page
        seen += paths(response)
    assert len(seen) == len(set(seen)) == total
    beyond = search(service, "permit", page=first.pages + 1, page_size=10)
    assert beyond.hits == [] and beyond.total == total


def test_pagination_with_best_bets(service):
    one = search(service, "roads", page_size=1, page=1)
    two = search(service, "roads", page_size=1, page=2)
    three = search(service, "roads", page_size=1, page=3)
    assert paths(one) == ["/road-rules"] and paths(two) == ["/cookies"]
    assert len(three.hits) == 1 and not three.hits[0].best_bet


# -- spelling ----------------------------------------------------------------------------------


def test_a_misspelt_word_is_corrected(service):
    response = search(service, "pothloe")
    assert response.corrected_from == "pothloe"
    assert response.searched_for == "pothole"
    assert "/report-a-pothole" in paths(response)


def test_no_did_you_mean_for_a_word_the_pages_use(service):
    """A word the index knows is searched as the pages spell it, never second-guessed: the
    content's own one-off misspelling cannot be told from a correct word used once ("content"
    was offered "contact"), and the page that has it is found."""
    response = search(service, "parkng")  # a word the content itself misspells, once
    assert response.total <= 3 and "/craters" in paths(response)
    assert response.corrected_from is None and response.suggestion is None
    assert search(service, "crater verge").suggestion is None


def test_no_suggestion_when_the_query_finds_plenty(service):
    response = search(service, "permit")
    assert response.suggestion is None and response.corrected_from is None


def test_stop_words_and_synonyms_are_not_corrected(service):
    assert search(service, "permit for the roads").corrected_from is None
    assert search(service, "crater").corrected_from is None


@pytest.fixture
def lookups(monkeypatch) -> list[str]:
    """The words the service looks up for spelling fixes, each one Levenshtein automata walked
    over the index's word lists: the costly part of a search for words it has never seen."""
    looked_up = []
    closest = _Generation.closest

    def counted(self, word):
        looked_up.append(word)
        return closest(self, word)

    monkeypatch.setattr(_Generation, "closest", counted)
    return looked_up


def test_spelling_looks_up_a_few_words_of_a_query_once_each(service, lookups):
    """12 random 16-letter words once cost a second of CPU: 12 look-ups to correct them, and
    the same 12 again for "Did you mean"."""
    rng = random.Random(7)
    q = " ".join(
        "".join(rng.choice(string.ascii_lowercase) for _ in range(16)) for _ in range(MAX_WORDS)
    )
    response = search(service, q)
    assert response.total == 0 and response.suggestion is None
    assert len(lookups) == MAX_SPELLING_WORDS < MAX_WORDS
    assert lookups == q.split()[:MAX_SPELLING_WORDS]


def test_spelling_still_fixes_the_words_within_its_bound(service, lookups):
    response = search(service, "pothloe verge")
    assert response.searched_for == "pothole verge" and lookups == ["pothloe"]


def test_words_too_long_to_be_misspellings_are_not_looked_up(service, lookups):
    response = search(service, "pothole" + "e" * MAX_SPELLING_CHARS)
    assert response.corrected_from is None and response.suggestion is None
    assert lookups == []


def test_a_quoted_phrase_is_searched_as_typed_without_suggestions(service, lookups):
    quoted = search(service, '"pothloe verge"')
    assert quoted.corrected_from is None and quoted.suggestion is None
    assert quoted.searched_for == "pothloe verge" and lookups == []
    mixed = search(service, 'pothloe "parkng verge"')
    assert mixed.searched_for == "pothole parkng verge" and lookups == ["pothloe"]
    assert mixed.suggestion is None


def test_an_exact_search_gets_no_suggestion_and_looks_nothing_up(service, lookups):
    response = search(service, "parkng", exact=True)
    assert response.total <= 3
    assert response.suggestion is None and response.corrected_from is None
    assert lookups == []


# -- bounded queries ---------------------------------------------------------------------------


def test_quoted_phrases_count_within_the_words_kept(service):
    """Quoted phrases were read from all 200 characters, beyond the 12 words kept: each one a
    phrase query over every searched field."""
    generation = service._current()
    q = " ".join(['"road rules"'] * 40)
    prepared = generation.maker.prepare(q, generation.known, None)
    assert len(prepared.text.split()) == MAX_WORDS
    assert len(prepared.quoted) == MAX_WORDS // 2
    assert sum(len(stems) for stems in prepared.quoted) <= MAX_WORDS
    # a phrase cut by the bound keeps the words within it
    cut = generation.maker.prepare(
        'one two three four five six seven eight nine ten "road rules verge"',
        generation.known,
        None,
    )
    assert cut.quoted == [("road", "rule")]


@pytest.mark.parametrize(
    "q",
    [
        "road " * 2000,  # 10,000 characters
        " ".join(f"word{n}" for n in range(100)),
        "title:x",
        "*",
        "road*",
        "AND NOT (",
        "road AND NOT (rules",
        '"unclosed quote',
        '""',
        '"road rules"',
        "path:/cookies",
        "(((",
        "~2 ^3 -road +road",
        "\\",
        "' OR 1=1 --",
        "\u200b\u0000",
        "日本語",
        "",
    ],
)
def test_bounded_queries_never_raise(service, q):
    response = search(service, q)
    assert len(response.searched_for.split()) <= MAX_WORDS
    assert response.total >= 0


def test_a_query_of_syntax_is_read_as_words(service):
    assert "/road-rules" in paths(search(service, "title:rules"))
    assert paths(search(service, '"road rules"'))[0] == "/road-rules"


# -- snippets ----------------------------------------------------------------------------------


def test_snippets_mark_matches_and_escape_the_text(service):
    hit = next(h for h in search(service, "alert").hits if h.path == "/scripted")
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;<mark>alert</mark>(&#x27;verge&#x27;)&lt;/script&gt;" in hit.snippet
    assert "&amp;" in hit.snippet
    both = next(h for h in search(service, "script alert").hits if h.path == "/scripted")
    assert "&lt;<mark>script</mark>&gt;<mark>alert</mark>" in both.snippet


def test_snippets_mark_stemmed_matches(service):
    hit = next(h for h in search(service, "permits").hits if h.path == "/permit-03")
    assert "<mark>permit</mark>" in hit.snippet


# -- completions -------------------------------------------------------------------------------


def test_suggest_completes_titles(service):
    titles = [s["title"] for s in service.suggest("rep")]
    assert "Report a pothole" in titles
    assert len(service.suggest("permit")) == 5
    assert service.suggest("report a pot") == [
        {"title": "Report a pothole", "path": "/report-a-pothole"}
    ]
    assert service.suggest("") == [] and service.suggest("   ") == []
    assert service.suggest("x" * 10_000) == []


# -- index generations -------------------------------------------------------------------------


def _generations(index: Path) -> list[str]:
    return sorted(p.name for p in index.iterdir() if p.is_dir())


def test_index_missing(tmp_path):
    with pytest.raises(IndexMissing):
        SearchService(tmp_path / "nowhere").search(SearchRequest(q="road"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(IndexMissing):
        SearchService(tmp_path / "empty").suggest("road")


def test_a_new_build_is_swapped_in_and_the_service_reopens(tmp_path):
    tree = make_tree(tmp_path)
    index = tmp_path / "index"
    build(tree, tmp_path / "dist", index_dir=index, today=SMALL_TODAY, jobs=1)
    first = (index / CURRENT).read_text().strip()
    service = SearchService(index)
    assert search(service, "zebra").total == 0

    _page(tree, "zebra-crossings", "Zebra crossings", "Where to put a zebra crossing.")
    build(tree, tmp_path / "dist", index_dir=index, today=SMALL_TODAY, jobs=1)
    second = (index / CURRENT).read_text().strip()
    assert second != first
    assert paths(search(service, "zebra")) == ["/zebra-crossings"]  # the same service
    assert _generations(index) == sorted([first, second])  # the replaced one is kept

    build(tree, tmp_path / "dist", index_dir=index, today=SMALL_TODAY, jobs=1)
    third = (index / CURRENT).read_text().strip()
    assert _generations(index) == sorted([second, third])  # older ones are tidied
    assert not [p for p in index.iterdir() if p.name.startswith(".")]  # no pointer left over

    _write(
        tree / "extra" / "broken.md",
        """
        ---
        title: Broken
        description: A page of an organisation that does not exist.
        type: answer
        organisation: no-such-agency
        updated: 2026-01-01
        ---
        Broken.
        """,
    )
    with pytest.raises(ContentErrors):
        build(tree, tmp_path / "dist", index_dir=index, today=SMALL_TODAY, jobs=1)
    assert (index / CURRENT).read_text().strip() == third
    assert current_generation(index).name == third
    assert _generations(index) == sorted([second, third])
    assert paths(search(service, "zebra")) == ["/zebra-crossings"]


def test_small_pages_list_results_in_the_same_order_as_one_big_page(service):
    """Whoosh's top-N shortcuts once dropped the best page from small pages ("tax", 5 a page)."""
    whole = paths(search(service, "resident permit zone", page_size=50))
    assert len(whole) > 5
    for size in (1, 2, 5):
        paged = []
        for page in range(1, len(whole) // size + 2):
            paged += paths(search(service, "resident permit zone", page=page, page_size=size))
        assert paged == whole, size


@pytest.mark.parametrize(
    "q",
    [
        "resident permit zone",
        "parking permit",
        "crater verge",
        "how do i get a permit",
        "verge",
        "zone 3 permit",
    ],
)
def test_counts_from_term_bitsets_equal_whoosh_matching(service, q):
    """Totals and facet counts come from cached per-stem bitsets; they must match exactly the
    pages Whoosh itself matches for the query searched, less (searched for any of the words)
    the pages lacking some that score under WEAK_MATCH_FLOOR × the best, by Whoosh's scores."""
    generation = service._current()
    searcher = generation.searcher()
    prepared = generation.maker.prepare(q, generation.known, generation.closest)
    query, matched = service._match(generation, prepared)
    whoosh = set(searcher.docs_for_query(query))
    assert matched == generation.facets.bits(whoosh)
    expected = whoosh
    if query is prepared.query and prepared.every is not None:
        scored = {hit.docnum: hit.score for hit in _exact_search(searcher, query, {"limit": None})}
        complete = set(searcher.docs_for_query(prepared.every))
        floor = WEAK_MATCH_FLOOR * max(scored.values())
        expected = {page for page in whoosh if page in complete or scored[page] >= floor}
    response = search(service, q)
    assert response.total == len(expected)
    counts = {c.value: c.count for c in response.facets["type"]}
    assert sum(counts.values()) == len(expected)  # every page has one type


def test_words_on_no_page_do_not_take_the_place_of_real_words_kept(service):
    """Tables of the words searched are kept, a bounded number: random words once filled them,
    and the full tables were cleared, so every query after rebuilt its common words' tables."""
    generation = service._current()
    search(service, "permit verge")
    search(service, "qzxwv qzxwvb qzxwvbn qzxwvbnm", exact=True)
    assert {"permit", "verg"} <= set(generation.scores._words)
    assert {"permit", "verg"} <= set(generation._term_bits)
    assert not {"qzxwv", "qzxwvb"} & (set(generation.scores._words) | set(generation._term_bits))


# -- filters with several values of one facet --------------------------------------------------


@pytest.mark.parametrize("order", ["relevance", "-updated", "updated"])
@pytest.mark.parametrize("q", ["", "permit", "roads", "verge"])
def test_two_values_of_a_facet_find_the_pages_of_either_and_count_them(service, q, order):
    """organisation=a&organisation=b: the union of what each finds, the total the number of
    pages listed over every page of results, in relevance and date order, best bets included."""

    def everything(values, page_size=100):
        return search(
            service, q, filters={"organisation": values}, order=order, page_size=page_size
        )

    roads, office = everything(("roads-agency",)), everything(("test-office",))
    both = everything(("roads-agency", "test-office"))
    assert roads.total and office.total or q  # the words may be on one organisation's pages
    assert set(paths(both)) == set(paths(roads)) | set(paths(office))
    assert both.total == len(paths(both)) == len(set(paths(roads)) | set(paths(office)))
    listed = []
    for number in range(1, (both.total + 6) // 7 + 1):
        listed += paths(
            service.search(
                SearchRequest(
                    q=q,
                    filters={"organisation": ("roads-agency", "test-office")},
                    order=order,
                    page=number,
                    page_size=7,
                )
            )
        )
    assert listed == paths(both)
    counts = {c.value: c.count for c in both.facets["organisation"]}
    assert counts["roads-agency"] == roads.total and counts.get("test-office", 0) == office.total


# -- work bounded per query: word positions, highlighting, completions ----------------------------


@pytest.fixture
def positions_read(monkeypatch) -> list[tuple[str, int]]:
    """(word, page) each time Whoosh reads a word's positions on a page: what checking where a
    phrase stands costs (25 µs a page; a phrase of common words was thousands of pages)."""
    read = []
    spans = LeafMatcher.spans

    def counted(self):
        read.append((self.term(), self.id()))
        return spans(self)

    monkeypatch.setattr(LeafMatcher, "spans", counted)
    return read


@pytest.fixture
def cold(built) -> SearchService:
    """A process's first service on the index, its tables of common words and synonym phrases
    filled (as the benchmark's are), no query yet."""
    fresh = SearchService(built[1])
    fresh.labels()
    for thread in threading.enumerate():
        if thread.name == "search-warm":
            thread.join()
    return fresh


def test_quoted_phrases_of_common_words_read_the_positions_of_few_pages(
    cold, positions_read, monkeypatch
):
    """Each permit page says "resident permit for zone": with room for 10 pages, the phrases
    are not checked in bodies (25 pages each) and their words count as words."""
    monkeypatch.setattr(query_module, "QUOTED_PHRASE_PAGES", 10)
    response = search(cold, '"permit for zone" "resident permit zone"', page_size=50)
    assert {f"/permit-{n:02}" for n in range(1, PERMITS + 1)} <= set(paths(response))
    assert len(positions_read) <= 10 * 3  # each page checked reads its words' positions
    monkeypatch.setattr(query_module, "QUOTED_PHRASE_PAGES", 1000)
    generation = cold._current()
    checks = query_module.PhraseChecks(generation.field_pages)
    prepared = generation.maker.prepare('"permit for zone"', generation.known, None, checks)
    assert prepared.quoted_fields == [("body",)]  # the fields without both words are skipped
    assert checks.left == 1000 - PERMITS


def test_date_order_reads_no_word_positions(cold, positions_read):
    """Phrases change how pages rank, never which match: sorting by date checks none."""
    for order in ("-updated", "updated"):
        by_date = search(cold, '"permit for zone" "resident permit"', order=order, page_size=50)
        assert by_date.total >= PERMITS
        dates = [hit.updated for hit in by_date.hits]
        assert dates == sorted(dates, reverse=order == "-updated")
    assert positions_read == []


def test_synonym_phrases_are_checked_once_when_the_index_is_opened(cold, positions_read):
    """ "resident permit" is a synonym phrase: any query may name it, so where it stands is
    worked out with the tables of common words, not by the first query naming it."""
    response = search(cold, "resident permit", page_size=50)
    assert "/permit-01" in paths(response)
    assert positions_read == []


def test_a_page_of_results_scans_a_bounded_number_of_characters():
    """20 results (a page of /search) are each read SCAN_CHARS far for their snippet; a longer
    page of results shares SCAN_CHARS_PER_QUERY between them (100 of 6,000 cost 30 ms)."""
    assert scan_chars(20) == scan_chars(1) == SCAN_CHARS
    for results in (21, 50, 100):
        assert scan_chars(results) * results <= SCAN_CHARS_PER_QUERY
    body = "x " * 1000 + "\nthe permit line"
    assert "<mark>permit</mark>" in snippet(body, frozenset({"permit"}), scan=3000)
    assert snippet(body, frozenset({"permit"}), scan=1500) == ""


def test_a_long_page_of_results_marks_what_it_scanned(service, monkeypatch):
    monkeypatch.setattr(snippets_module, "SCAN_CHARS_PER_QUERY", 25 * 10)
    hits = search(service, "permit", page_size=25).hits
    assert len(hits) == 25
    assert not any("<mark>" in hit.snippet for hit in hits)  # "Apply for a resident permit"
    assert "<mark>permit</mark>" in search(service, "permit", page_size=1).hits[0].snippet


@pytest.fixture
def postings_read(monkeypatch) -> list[tuple[str, str]]:
    read = []
    postings = SegmentReader.postings

    def counted(self, fieldname, text, *args, **kwargs):
        read.append((fieldname, text.decode() if isinstance(text, bytes) else text))
        return postings(self, fieldname, text, *args, **kwargs)

    monkeypatch.setattr(SegmentReader, "postings", counted)
    return read


def test_completions_read_one_word_list_per_word_typed(cold, postings_read):
    """The index holds the beginnings of title words: "r" is one list, not one for every
    beginning that starts with "r" (at 10,000 pages "a" was 87 lists, 380 ms)."""
    titles = [s["title"] for s in cold.suggest("r")]
    assert titles and all(any(w.lower().startswith("r") for w in t.split()) for t in titles)
    assert "Report a pothole" in [s["title"] for s in cold.suggest("report a po")]
    # "a", a stop word before the last word, need not be in the title: its list is not read
    assert sorted(set(postings_read)) == [
        ("title_prefixes", "po"),
        ("title_prefixes", "r"),
        ("title_prefixes", "report"),
    ]


@pytest.mark.parametrize("order", ["-updated", "updated", "relevance"])
@pytest.mark.parametrize("q", ["", "permit", "verge", "roads", '"resident permit" zone'])
@pytest.mark.parametrize(
    "filters", [{}, {"organisation": ("test-office", "roads-agency")}, {"type": ("answer",)}]
)
@pytest.mark.parametrize("walk", [False, True])
def test_date_order_is_whoosh_sorting_the_same_matches(
    service, monkeypatch, q, order, filters, walk
):
    """The pages matched, sorted by date as Whoosh sorts them (ties by page number, reversed
    for newest first); with only filters, in page order. Only the matching is not Whoosh's.
    Both ways: the matches sorted, and (`walk`, for many matches) the site's pages walked in
    date order."""
    monkeypatch.setattr(service_module, "DATE_ORDER_SHARE", 10**9 if walk else 0)
    if order == "relevance" and q:
        return  # ranked by score: tests/search/test_scoring.py
    if not q and not filters:
        return  # nothing searched
    generation = service._current()
    searcher = generation.searcher()
    prepared = generation.maker.prepare(q, generation.known, None)
    query, _matched = service._match(generation, prepared)
    options = {"limit": 100}
    parts = [
        Or([Term(FACET_FIELDS[facet], value) for value in values])
        for facet, values in filters.items()
    ]
    if parts:
        options["filter"] = And(parts)
    if order != "relevance":
        options.update(sortedby="updated", reverse=order == "-updated")
    expected = [hit["path"] for hit in _exact_search(searcher, query, options)]
    found = search(service, q, order=order, filters=filters, page_size=100, exact=True)
    assert paths(found) == expected


@pytest.mark.parametrize(
    "word", ["pothloe", "potholes", "parkng", "verje", "craterz", "permt", "xq", "zzzzzzzz", "a"]
)
def test_spelling_fixes_come_from_every_word_written_in_the_spelling_fields(service, word):
    """The word lists read once per letter hold every word of titles, descriptions and headings
    (as written, not stemmed) of every segment, with the first letter typed: the nearest of
    them within one or two edits (a swap of two letters is one) is the fix."""
    generation = service._current()
    reader = generation.searcher().reader()
    segments = reader.readers if hasattr(reader, "readers") else [reader]
    written = set()
    for segment in segments:
        for name in ("title", "description", "headings"):
            spelt = segment.schema[name].spelling_fieldname(name)
            written.update(term.decode("utf-8") for term in segment.lexicon(spelt))
    assert set(generation._spelling_words(word[0])) == {w for w in written if w[0] == word[0]}
    if word == "pothloe":
        assert edit_distance("pothole", word) == 1
        assert generation.closest(word) == "pothole"


def test_an_open_index_reads_its_files_rather_than_copies_of_them(service):
    """Whoosh's mapped segments are copied into memory part by part as they are opened (660 MB
    a reader at 100,000 pages, one reader a thread): the service's readers read the files."""
    from whoosh.filedb.structfile import BufferFile

    reader = service._current().searcher().reader()
    segments = reader.readers if hasattr(reader, "readers") else [reader]
    for segment in segments:
        assert not isinstance(segment._terms._postfile, BufferFile)
        assert not isinstance(segment._terms._dbfile, BufferFile)


def test_a_words_fields_are_looked_up_once(cold, monkeypatch):
    """Which fields have a word costs a look-up in each field of each segment (0.5 ms a word
    at 100,000 pages): a search asked it of every segment up to a dozen times a word."""
    asked = []
    contains = SegmentReader.__contains__

    def counted(self, term):
        asked.append(term)
        return contains(self, term)

    monkeypatch.setattr(SegmentReader, "__contains__", counted)
    search(cold, "qzxwvq permit", exact=True)
    first = [term for term in asked if term[1] in ("qzxwvq", b"qzxwvq")]
    assert 0 < len(first) <= 5 * len(cold._current().searcher().reader().leaf_readers())
    asked.clear()
    search(cold, "permit qzxwvq", exact=True)
    assert not [term for term in asked if term[1] in ("qzxwvq", b"qzxwvq")]
