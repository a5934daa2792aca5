"""Answering searches from the built index: one service per process, reopened when a build
publishes a new generation.

`SearchService.search(SearchRequest)` gives a `SearchResponse` (hits, total, facet counts, a
spelling suggestion); the HTML page and the JSON API both call it, so they always agree.
"""

from __future__ import annotations

import datetime as dt
import heapq
import json
import logging
import threading
import weakref
from array import array
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.query import Every, Query
from whoosh.support.levenshtein import distance as edit_distance

from . import completions, impacts
from .analysis import ENGLISH, folding
from .facets import FacetBits
from .indexer import SETTINGS_FILE, current_generation
from .query import PhraseChecks, PreparedQuery, QueryMaker, Speller, normalise
from .schema import FACET_FIELDS, SEARCHED_FIELDS
from .scoring import CACHED_WORD_BYTES, Ranker, Scores
from .snippets import query_stems, scan_chars, snippet

ORDERS = ("relevance", "-updated", "updated")
MAX_PAGE = 100
MAX_PAGE_SIZE = 100
MAX_FILTER_VALUES = 20
FEW_RESULTS = 3  # at or below this, offer "Did you mean"
SPELLING_FIELDS = ("title", "description", "headings")  # spelling=True in schema.py
# Fewer pages than this with every word: search for pages with any of them instead (a synonym's
# page may not use the other words typed, as with "who owns a house").
ENOUGH_WITH_EVERY_WORD = 10
# Searched for pages with any of the words (too few have them all) and ranked by relevance, a
# page lacking some of them is shown only if it scores at least this share of the best page's
# score: "benifits when out of work" matched "Apply for a postal vote" on "work" alone and
# showed it fifth. Sorted by date, every page matched is listed, as before: scoring them there
# (quoted phrases' positions read too) made those searches twice as slow.
WEAK_MATCH_FLOOR = 0.3
# Matching this many pages or more, those over the floor are found in the words' impact orders
# (impacts.above_share) rather than by scoring them all: the floor is high, so few are read.
FLOOR_IMPACT_ORDER_PAGES = 256
# the most common words' tables are filled when an index is opened (at most half the tables kept)
WARM_WORDS = 1_000
# Sorting by date a 16th of the site or more: the pages are taken in date order, not sorted
DATE_ORDER_SHARE = 16
# At least this many pages shown: the best are found in the words' impact orders (impacts.py)
IMPACT_ORDER_PAGES = 2_000
# stems whose page bitsets are kept: 20,000 at 10,000 pages (25 MB), 3,800 at 100,000 (48 MB)
TERM_BITS_CACHED = 20_000
TERM_BITS_BYTES = 48 * 2**20


class IndexMissing(Exception):
    """No index has been built yet at the configured folder."""


class UnknownLanguage(ValueError):
    """A search in a language the index has no pages in."""

    def __init__(self, code: str | None, known: tuple[str, ...]):
        super().__init__(f"no search index in language {code!r}: one of {', '.join(known)}")
        self.code, self.known = code, known


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    page: int = 1
    page_size: int = 20
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)  # facet -> values
    order: str = "relevance"
    exact: bool = False  # the words as typed: no spelling fixes ("Search instead for …")
    language: str | None = None  # the language of the pages searched; None: the default


@dataclass(frozen=True)
class Hit:
    path: str
    title: str
    description: str
    type: str
    type_label: str
    organisations: tuple[str, ...]
    organisation_labels: tuple[str, ...]
    updated: dt.date
    snippet: str  # HTML: escaped text with <mark> around the words that matched
    best_bet: bool = False


@dataclass(frozen=True)
class FacetCount:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResponse:
    request: SearchRequest
    searched_for: str  # the words searched, after spelling fixes
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetCount]]
    suggestion: str | None = None  # "Did you mean …"
    corrected_from: str | None = None  # "Showing results for …, not …"

    @property
    def pages(self) -> int:
        size = self.request.page_size
        return min(MAX_PAGE, (self.total + size - 1) // size)


class _Release:
    """One opened generation of the index: each language's index with its settings, opened
    when first searched (a search in one language pays nothing for the others)."""

    def __init__(self, folder: Path):
        self.folder = folder
        settings = json.loads((folder / SETTINGS_FILE).read_text(encoding="utf-8"))
        self.default: str = settings["default"]
        self._names: dict[str, str] = settings["indexes"]
        self._settings: dict[str, dict] = settings["languages"]
        self.languages = tuple(self._settings)
        self._opened: dict[str, _Generation] = {}
        self._lock = threading.Lock()

    def language(self, code: str | None) -> _Generation:
        """The index of the pages in `code` (None: the default language)."""
        code = code or self.default
        found = self._opened.get(code)
        if found is None:
            if code not in self._settings:
                raise UnknownLanguage(code, self.languages)
            with self._lock:
                found = self._opened.get(code)
                if found is None:
                    found = _Generation(self.folder, self._names[code], self._settings[code])
                    self._opened[code] = found
        return found


class _Generation:
    """One language's index in an opened generation, with its settings."""

    def __init__(self, folder: Path, indexname: str, settings: dict):
        self.name = folder.name
        self.folder = folder
        # Not mapped: Whoosh maps a segment's file, then copies each part it opens into memory
        # (its BufferFile's BytesIO), which at 100,000 pages took 660 MB a reader, and every
        # thread opens its own reader. Read from the file, the same bytes, only those needed.
        storage = FileStorage(str(folder), supports_mmap=False, readonly=True)
        self.index = storage.open_index(indexname)
        self.labels: dict[str, dict[str, str]] = settings["labels"]
        self.synonyms: list[list[str]] = settings["synonyms"]
        self.analyzer = self.index.schema["body"].analyzer
        self.language = settings.get("language", ENGLISH)
        self.fold = folding(self.language)
        self.maker = QueryMaker(self.analyzer, self.synonyms)
        self.completer = completions.Completer(
            lambda term: self.field_pages("title_prefixes", term),
            self._spelling_words,
            self.maker.stems,
            ([normalise(phrase) for phrase in group] for group in self.synonyms),
        )
        self._local = threading.local()  # Whoosh searchers are not shared between threads
        # Every thread's searcher, closed with the generation: unmapped, a reader holds its
        # segments' files open until it is closed.
        self._opened: list = []
        # (not at exit: a warming thread may still be reading, and the files close anyway)
        weakref.finalize(self, _close_all, self._opened).atexit = False
        with self.index.reader() as reader:
            self.facets = FacetBits(reader)
        # best bets are matched on the stems of the words, so "passports" finds "passport"'s;
        # their pages are looked up once, as document numbers
        self.best_bets: dict[tuple[str, ...], list[int]] = {}
        with self.index.searcher() as searcher:
            for bet in settings["best_bets"]:
                numbers = [searcher.document_number(path=path) for path in bet["pages"]]
                self.best_bets.setdefault(
                    self.maker.key(bet["query"]), [n for n in numbers if n is not None]
                )
        self._term_bits: dict[str, int] = {}
        bitset_bytes = max(1, self.facets.size) / 8
        self._term_bits_kept = min(TERM_BITS_CACHED, int(TERM_BITS_BYTES / bitset_bytes))
        self._updated_keys: list | None = None
        self._date_order: array | None = None
        self._spelling: dict[str, tuple[str, ...]] = {}
        self.scores = Scores()  # word score tables for ranking, filled as queries need them
        self.impacts = impacts.ImpactOrders()  # each word's pages, best scoring first
        # Fill the tables of the most common words in the background, so the first searches
        # after a new index is published do not each pay for the words they use.
        threading.Thread(target=self._warm, name="search-warm", daemon=True).start()

    def searcher(self):
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._local.searcher = self.index.searcher()
            self._opened.append(searcher)  # list.append is atomic: no lock
        return searcher

    def _warm(self) -> None:
        try:
            searcher = self.searcher()
            reader = searcher.reader()
            # the synonym phrases first: any query may name one, and checking where a phrase
            # of common words stands reads the word positions of thousands of pages
            for group in self.maker.groups:
                for _text, stems in group:
                    if len(stems) > 1:
                        for name in SEARCHED_FIELDS:
                            self.scores.keep_phrase(searcher, name, stems)
            # no more than half the word tables kept: the queries' own words need room too
            size = max(1, self.facets.size)
            room = CACHED_WORD_BYTES // (8 * size) // 2
            common = heapq.nlargest(
                min(WARM_WORDS, room),
                reader.lexicon("body"),
                key=lambda term: reader.doc_frequency("body", term),
            )
            self.date_order()
            # least common first: if the tables cannot all be kept, the commonest stay
            for term in reversed(common):
                stem = term.decode("utf-8") if isinstance(term, bytes) else term
                self.impacts.order(stem, self.scores.word(searcher, stem))
                self.term_bits(stem)
        except Exception:  # a warm cache is an optimisation: searches fill it anyway
            logging.getLogger(__name__).warning("could not warm the search tables", exc_info=True)

    def term_bits(self, stem: str) -> int:
        """The pages with `stem` in any searched field, as a bitset; cached, as the same words
        come back query after query (matching them through Whoosh cost a fifth of a search)."""
        bits = self._term_bits.get(stem)
        if bits is None:
            # from the word's score table (a score on every page with the word in a field), which
            # ranking needs anyway: its postings are read once, not once more for the bitset
            bits = _bits_of(self.scores.word(self.searcher(), stem))
            if not bits:
                return 0  # a word on no page is not kept: random words would evict real ones
            while len(self._term_bits) >= self._term_bits_kept:
                del self._term_bits[next(iter(self._term_bits))]  # the oldest, not all
            self._term_bits[stem] = bits
        return bits

    def unit_bits(self, typed: tuple[str, ...], partners: list[tuple[str, ...]]) -> int:
        """Pages a unit of meaning matches: any typed stem, or every stem of a partner."""
        bits = 0
        for stem in typed:
            bits |= self.term_bits(stem)
        for partner in partners:
            every = self.facets.all
            for stem in partner:
                every &= self.term_bits(stem)
            bits |= every
        return bits

    def updated_keys(self) -> list:
        """Each page's sort key for "updated", as Whoosh's sorting reads it; read once."""
        keys = self._updated_keys
        if keys is None:
            reader = self.searcher().reader()
            column = reader.column_reader("updated", translate=False)
            keys = self._updated_keys = [column[page] for page in range(reader.doc_count_all())]
        return keys

    def date_order(self) -> array:
        """Every page, oldest first (by `updated_keys`, then page number, as Whoosh sorts)."""
        order = self._date_order
        if order is None:
            keys = self.updated_keys()
            order = self._date_order = array("i", sorted(range(len(keys)), key=keys.__getitem__))
        return order

    def field_pages(self, name: str, stem: str) -> int:
        """The pages with `stem` in field `name` (deleted ones too: an upper bound)."""
        return self.searcher().reader().doc_frequency(name, stem)

    def known(self, word: str) -> bool:
        searcher = self.searcher()
        stems = [token.text for token in self.analyzer(word)]
        return any(self.scores.fields_with(searcher, stem) for stem in stems)

    def closest(self, word: str) -> str | None:
        """The indexed word nearest to `word` (in SPELLING_FIELDS): the fewest edits, then the
        most documents. One edit for short words, two for words of six letters or more; the
        first letter is kept (few misspellings change it, and it makes the look-up cheap)."""
        if not word:
            return None
        words = self._spelling_words(word[0])
        for most in (1, 2) if len(word) > 5 else (1,):
            found = {
                known
                for known in words
                if abs(len(known) - len(word)) <= most  # an edit changes the length by 1 at most
                and edit_distance(known, word, limit=most) <= most
            }
            found.discard(word)
            if found:
                return max(sorted(found), key=self._frequency)
        return None

    def _spelling_words(self, first: str) -> tuple[str, ...]:
        """The words of SPELLING_FIELDS that begin with `first`, of every segment, read once per
        letter. Whoosh's own look-up (`terms_within`: the same edit distance) merged the segments'
        word lists again for each word, 40 ms at 100,000 pages, and over several segments read
        the fields' stems rather than their words ("pothloe" became "pothol", not "pothole")."""
        words = self._spelling.get(first)
        if words is None:
            reader, found = self.searcher().reader(), set()
            for name in SPELLING_FIELDS:
                # the words as written, which Whoosh keeps beside the field's stems
                spelt = reader.schema[name].spelling_fieldname(name)
                found.update(term.decode("utf-8") for term in reader.expand_prefix(spelt, first))
            words = tuple(sorted(found))
            if words:  # a letter no word begins with is not kept: any character may be typed
                self._spelling[first] = words
        return words

    def _frequency(self, word: str) -> int:
        reader = self.searcher().reader()
        return sum(
            reader.doc_frequency(name, stem)
            for stem in self.maker.stems(word)
            for name in ("title", "body")
        )


class SearchService:
    def __init__(self, index_dir: Path | str):
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._release: _Release | None = None

    def _current(self, language: str | None = None) -> _Generation:
        """The live generation's index of the pages in `language` (None: the default)."""
        return self._live().language(language)

    def languages(self) -> tuple[str, ...]:
        """The languages the live index has pages in, the default first."""
        release = self._live()
        return (release.default, *(c for c in release.languages if c != release.default))

    def _live(self) -> _Release:
        """The live generation, reopened when a build has published a new one or a publish has
        switched the `current` symlink the index folder is reached through to a new release.

        The folder is resolved to its real path first, once: CURRENT and the generation are then
        read from the same release even while the symlink switches, and the generation keeps
        reading its own release's files (each thread opens its reader later) after a switch."""
        folder = current_generation(self.index_dir.resolve())
        if folder is None:
            raise IndexMissing(f"no search index in {self.index_dir}: run `python build.py`")
        release = self._release
        if release is None or release.folder != folder:
            with self._lock:
                if self._release is None or self._release.folder != folder:
                    self._release = _Release(folder)
                release = self._release
        return release

    def labels(self, language: str | None = None) -> dict[str, dict[str, str]]:
        return self._current(language).labels

    # -- searching ---------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResponse:
        generation = self._current(request.language)
        speller = None if request.exact else Speller(generation.closest)
        prepared = generation.maker.prepare(
            request.q, generation.known, speller, PhraseChecks(generation.field_pages)
        )
        if prepared.query is None and not request.filters:
            return SearchResponse(request, "", 0, [], self._facets(generation, 0, request))
        query, matched = self._match(generation, prepared)
        scored = None
        if request.order == "relevance" and query is prepared.query and prepared.every is not None:
            matched, scored = self._without_weak_matches(generation, prepared, matched)
        pinned = self._best_bets(generation, request, prepared)
        hits, total = self._hits(generation, query, matched, request, pinned, prepared, scored)
        counted = matched
        if request.order == "relevance" and prepared.key in generation.best_bets:
            # a facet's other values count the best bets that choosing them would show
            counted |= generation.facets.bits(generation.best_bets[prepared.key])
        response = SearchResponse(
            request, prepared.text, total, hits, self._facets(generation, counted, request)
        )
        if prepared.corrected:
            response.corrected_from = normalise(request.q)
        elif speller is not None and prepared.query is not None and total <= FEW_RESULTS:
            response.suggestion = self._suggestion(generation, speller, prepared)
        return response

    def _match(self, generation: _Generation, prepared: PreparedQuery) -> tuple[Query, int]:
        """The query to score and the bitset of documents it matches: pages with every unit of
        meaning when there are enough of them, else pages with any of the words."""
        if prepared.query is None:
            return Every(), generation.facets.all
        units = [
            (content, generation.unit_bits(typed, partners))
            for content, typed, partners in prepared.units
        ]
        if prepared.every is not None:
            matched = generation.facets.all
            for content, bits in units:
                if content:
                    matched &= bits
            if matched.bit_count() >= ENOUGH_WITH_EVERY_WORD:
                return prepared.every, matched
        matched = 0
        for _content, bits in units:
            matched |= bits
        return prepared.query, matched

    @staticmethod
    def _without_weak_matches(
        generation: _Generation, prepared: PreparedQuery, matched: int
    ) -> tuple[int, dict[int, float]]:
        """The pages matched by any of the words that are not weak matches, and their scores:
        a page with every unit of meaning is kept; one lacking some is kept if it scores at
        least WEAK_MATCH_FLOOR × the best page's score. Those over the floor are found in the
        words' impact orders when the pages matched are many, else by scoring them all; the
        scores are those ranking gives, kept so that the pages shown are not scored again."""
        if not matched:
            return matched, {}
        ranker = Ranker(generation.scores, generation.searcher(), prepared, every=False)
        complete = matched
        for content, typed, partners in prepared.units:
            if content:
                complete &= generation.unit_bits(typed, partners)
        kept = None
        if matched.bit_count() >= FLOOR_IMPACT_ORDER_PAGES:
            kept = impacts.above_share(
                ranker, generation.impacts, matched, generation.facets.size, WEAK_MATCH_FLOOR
            )
        if kept is None:
            pages = _pages(matched)
            scores = ranker.scores(pages)
            floor = WEAK_MATCH_FLOOR * max(scores)
            kept = {p: s for p, s in zip(pages, scores, strict=True) if s >= floor}
        # pages with every unit are kept whatever they score (fewer than 10 in this mode)
        missing = [page for page in _pages(complete) if page not in kept]
        if missing:
            kept.update(zip(missing, ranker.scores(missing), strict=True))
        if len(kept) == matched.bit_count():
            return matched, kept
        return generation.facets.bits(kept), kept

    def _best_bets(
        self, generation: _Generation, request: SearchRequest, prepared: PreparedQuery
    ) -> list[int]:
        """The document numbers of the query's best bets that pass the filters, in order."""
        if request.order != "relevance" or not prepared.key:
            return []
        allowed = generation.facets.filtered(request.filters)
        return [n for n in generation.best_bets.get(prepared.key, []) if allowed >> n & 1]

    def _hits(
        self, generation, query, matched: int, request, pinned, prepared, scored=None
    ) -> tuple[list[Hit], int]:
        """One page of hits (best bets first) and the total. `scored`: the matched pages'
        scores, when they are known already (`_without_weak_matches`)."""
        searcher = generation.searcher()
        start = (request.page - 1) * request.page_size
        end = start + request.page_size
        shown = matched & generation.facets.filtered(request.filters)
        shown &= ~generation.facets.bits(pinned)
        total = shown.bit_count() + len(pinned)
        wanted = max(end - len(pinned), 0)
        if request.order == "relevance" and scored is not None:
            best = heapq.nlargest(wanted, ((scored[page], -page) for page in _pages(shown)))
            ranked = [-negated for _score, negated in best]
        elif request.order == "relevance" and prepared.query is not None:
            ranker = Ranker(generation.scores, searcher, prepared, every=query is prepared.every)
            ranked = [-negated for _score, negated in self._top(generation, ranker, shown, wanted)]
        else:  # by date, or everything when only filters were given
            ranked = self._by_date(generation, shown, request.order, max(wanted, 1))
        page_docs = pinned[start:end]
        regular_start = max(0, start - len(pinned))
        regular = ranked[regular_start : regular_start + request.page_size - len(page_docs)]
        # the reader's own words are marked: not the synonyms searched beside them (a page of
        # "vehicle tax" for "car tax" shows its description), nor the stop words the index
        # leaves out ("the"; Welsh "yn", which every Welsh synonym phrase of a road had)
        stems = query_stems(prepared.text, generation.language, generation.maker.key)
        shown_docs = [*page_docs, *regular]
        scan = scan_chars(len(shown_docs))
        return [
            self._hit(generation, searcher.stored_fields(n), stems, n in pinned, scan)
            for n in shown_docs
        ], total

    @staticmethod
    def _top(generation, ranker: Ranker, shown: int, wanted: int) -> list[tuple[float, int]]:
        """The `wanted` best shown pages: read in impact order when the pages shown are many
        (`impacts.top`), else (or when the words' scores are too even) all scored."""
        if shown.bit_count() >= IMPACT_ORDER_PAGES:
            found = impacts.top(ranker, generation.impacts, shown, generation.facets.size, wanted)
            if found is not None:
                return found
        return ranker.top(_pages(shown), wanted)

    def _by_date(self, generation, shown: int, order: str, limit: int) -> list[int]:
        """The first `limit` pages shown, in Whoosh's order when sorting on "updated" (by date,
        then page number, both reversed for newest first) or, with no order, by page number.
        The pages matched are known already: matching them again through Whoosh checked every
        phrase's word positions on every page (400 ms for "must provide" at 10,000 pages),
        and its sorting read each page's date through a column reader (15 ms)."""
        if order != "relevance" and shown.bit_count() * DATE_ORDER_SHARE >= generation.facets.size:
            # most of the site: walk the pages in date order, taking the shown ones
            mask = shown.to_bytes(generation.facets.size // 8 + 1, "little")
            by_date = generation.date_order()
            walk = reversed(by_date) if order == "-updated" else iter(by_date)
            found = []
            for page in walk:
                if mask[page >> 3] >> (page & 7) & 1:
                    found.append(page)
                    if len(found) == limit:
                        break
            return found
        pages = _pages(shown)
        if order == "relevance":
            return pages[:limit]
        keys = generation.updated_keys()
        items = [(keys[page], page) for page in pages]
        pick = heapq.nlargest if order == "-updated" else heapq.nsmallest
        return [page for _key, page in pick(limit, items)]

    def _hit(
        self, generation, fields: dict, stems: frozenset[str], best_bet: bool, scan: int
    ) -> Hit:
        labels = generation.labels
        orgs = tuple(v for v in fields.get("organisations", "").split(",") if v)
        passage = snippet(fields.get("body", ""), stems, scan, generation.language)
        return Hit(
            path=fields["path"],
            title=fields["title"],
            description=fields["description"],
            type=fields["type"],
            type_label=labels["type"].get(fields["type"], fields["type"]),
            organisations=orgs,
            organisation_labels=tuple(labels["organisation"].get(o, o) for o in orgs),
            updated=fields["updated"].date(),
            snippet=passage or escape(fields["description"]),
            best_bet=best_bet,
        )

    def _facets(self, generation, matched: int, request) -> dict[str, list[FacetCount]]:
        """Counts for each facet's values. A facet with values selected is counted with the
        other facets' filters only, so its other values show what choosing them would add."""
        facets = {}
        for facet in FACET_FIELDS:
            allowed = generation.facets.filtered(request.filters, skip=facet)
            counts = generation.facets.counts(matched & allowed, facet) if matched else {}
            selected = set(request.filters.get(facet, ()))
            labels = generation.labels[facet]
            values = sorted(
                set(counts) | selected, key=lambda v: (-counts.get(v, 0), labels.get(v, v).lower())
            )
            facets[facet] = [
                FacetCount(v, labels.get(v, v), counts.get(v, 0), v in selected) for v in values
            ]
        return facets

    def _suggestion(
        self, generation: _Generation, speller: Speller, prepared: PreparedQuery
    ) -> str | None:
        """ "Did you mean": the closest words to those searched (not those typed in quotes),
        from the same bounded look-ups as the spelling fixes. Never for a word the index knows
        (in any field) nor a stop word: a word the pages use is spelt as they spell it, and its
        nearest neighbour is another word, not a better one ("content" got "contact"). Welsh,
        with no stemmer, has a word's plurals and mutations a few edits away ("ffordd",
        "ffyrdd"), and with few Welsh pages most of its searches find few."""
        words, changed = [], False
        for i, word in enumerate(prepared.text.split()):
            settled = (
                i in prepared.as_typed or not generation.maker.stems(word) or generation.known(word)
            )
            closest = None if settled else speller(word)
            if closest and closest != word:
                words.append(closest)
                changed = True
            else:
                words.append(word)
        return " ".join(words) if changed else None

    # -- title completions -------------------------------------------------------------------

    def suggest(
        self, text: str, limit: int = 5, language: str | None = None
    ) -> list[dict[str, str]]:
        """Titles with words starting as what was typed so far does, forgiving a misspelt
        word and knowing the synonyms (`completions.Completer`); weak matches left out.

        The index holds every title word's beginnings (up to 20 letters) as terms, so the word
        being typed is one term, not a prefix search: that read every term starting with it
        ("a": 87 terms, 380 ms at 10,000 pages) and ranked titles by how many there were."""
        words = normalise(text[:100]).split()
        if not words:
            return []
        generation = self._current(language)
        words = [generation.fold(word) for word in words]
        query = generation.completer.query(words)
        if query is None:
            return []
        results = generation.searcher().search(query, limit=50)
        ranked = sorted(results, key=lambda h: (-h.score, h["title_length"], h["title"]))
        ranked = completions.above_floor(ranked, lambda hit: hit.score)
        return [{"title": hit["title"], "path": hit["path"]} for hit in ranked[:limit]]


_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


def _bits_of(table: array) -> int:
    """A bitset of the pages with a score in `table`, made at C speed: a byte a page (1 where
    the score is not 0.0), read as the binary digits of the bitset, highest page first."""
    digits = bytes(map(bool, table)).translate(_DIGITS)[::-1]
    return int(digits, 2) if digits else 0


def _close_all(searchers: list) -> None:
    for searcher in searchers:
        searcher.close()


def _pages(bits: int) -> list[int]:
    """The page numbers set in a bitset, in order: when they are few, found by `str.find`, so
    a few pages of a 100,000-page site cost microseconds, not a Python step per page."""
    binary = bin(bits)[:1:-1]  # lowest bit first
    if bits.bit_count() * 8 > len(binary):  # many: one step a page either way
        return [index for index, bit in enumerate(binary) if bit == "1"]
    pages, found = [], binary.find("1")
    while found != -1:
        pages.append(found)
        found = binary.find("1", found + 1)
    return pages


def _exact_search(searcher, query: Query, options: dict):
    """Whoosh's search without its top-N shortcuts (block skipping, matcher replacement): they
    trust each matcher's estimate of its best possible score, which boosted and best-of
    queries get wrong, so a small page could miss the best result (seen: "tax", 5 a page).
    The tests' reference for `scoring.Ranker` and `_by_date`, which answer searches."""
    collector = searcher.collector(optimize=False, **options)
    inner = collector
    while inner is not None:
        if hasattr(inner, "replace"):
            inner.replace = 0
        inner = getattr(inner, "child", None)
    searcher.search_with_collector(query, collector)
    return collector.results()
