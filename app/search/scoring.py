"""Ranking matched pages in plain Python, with the very scores Whoosh gives the prepared query.

Whoosh walks a tree of matchers for every matched page (five fields a word, synonyms, phrases,
bonuses): about 0.3 ms a page, and a common query on a 10,000-page site matches thousands. Here
each word's BM25F score in each field is read from Whoosh once per process (its own scorer over
its own postings) and kept as {page: score}; a query's score for a page is then a few dictionary
look-ups. The arithmetic mirrors how Whoosh scores the query that `QueryMaker` builds, quirks
included, and a test holds the two equal:
- a word: the sum over fields of field boost × BM25F;
- several words typed together: the larger of the phrase (the words' sum in each field where they
  stand side by side, from Whoosh's own phrase matching) and PART_OF_PHRASE × the words' sum;
- a unit with synonym partners: the best of the typed words and each partner that has all its
  words (a single-child group's own boost is ignored by Whoosh, so partners and fillers count
  in full, as Whoosh counts them);
- the title bonus: for each unit, the best variant with all its words in the title, if all have;
- with any-word matching, ALL_WORDS_BONUS × the units' sum for pages with every unit;
- quoted phrases: QUOTED_BOOST × the phrase's sum in each field where it stands, of the fields
  where the query checks it (`query.PhraseChecks`: Whoosh's query has the phrase in those only).

`Ranker.score` says it for one page; `Ranker.scores`, which ranking uses, does the same sums a
word at a time over all the pages ranked, so a query of a dozen common words, matching every
page, costs a dozen C-level passes over its tables rather than Python calls per page and word.
"""

from __future__ import annotations

import heapq
from array import array
from collections import OrderedDict
from operator import add, neg

from whoosh.query import Phrase
from whoosh.scoring import BM25F

from .postings import postings
from .query import ALL_WORDS_BONUS, PART_OF_PHRASE, QUOTED_BOOST, PreparedQuery
from .schema import FIELD_BOOSTS, SEARCHED_FIELDS

# Dense word tables kept: 8 bytes a page each, so 2,400 words at 10,000 pages and 240 at 100,000
# (a table costs 100 to 200 ms to build there, its postings read and decompressed).
CACHED_WORD_BYTES = 192 * 2**20
CACHED_FIELD_ENTRIES = 1_000_000  # entries of sparse field tables kept (about 80 MB)
CACHED_PHRASES = 5_000
CACHED_STEM_FIELDS = 50_000  # words whose fields are remembered (about 12 MB)
# Ranking a quarter of the site or more (pages × DENSE_SHARE ≥ pages of the site), every page
# is scored: reading whole tables at C speed costs less than picking out the pages ranked.
DENSE_SHARE = 4
# A word's scores on some pages are read by skipping to them when they are fewer than 1/16 of its
# pages (a skip costs about what reading 16 entries does).
SKIP_SHARE = 16


class Scores:
    """Per-process score tables of one index generation.

    A word's table is dense, one float a page (0.0: the word is not on the page, as every
    BM25F score of a present word is above 0): a tenth of the memory of a dictionary for a common
    word, and looked up as fast. Field tables, needed only for titles and phrases, stay sparse.
    """

    def __init__(self):
        self.weighting = BM25F()
        self._fields: OrderedDict[tuple[str, str], dict[int, float]] = OrderedDict()
        self._words: dict[str, array] = {}
        self._phrases: dict[tuple[str, tuple[str, ...]], frozenset[int]] = {}
        self._kept_phrases: dict[tuple[str, tuple[str, ...]], frozenset[int]] = {}
        self._lengths: dict[str, list[int]] = {}
        self._field_entries = 0
        self._stem_fields: dict[str, tuple[str, ...]] = {}
        self._no_word: array | None = None

    def fields_with(self, searcher, stem: str) -> tuple[str, ...]:
        """The searched fields with `stem` on some page. Asking costs a look-up in each field
        of each segment (0.5 ms a word at 100,000 pages, 18 segments), and a query asked up to
        a dozen times a word: looked up once, remembered (the most recent CACHED_STEM_FIELDS)."""
        found = self._stem_fields.get(stem)
        if found is None:
            reader = searcher.reader()
            found = tuple(name for name in SEARCHED_FIELDS if (name, stem) in reader)
            self._remember(self._stem_fields, stem, found, CACHED_STEM_FIELDS)
        return found

    def _zeros(self, searcher) -> array:
        """The table of a word on no page (shared: tables are only read once made)."""
        if self._no_word is None or len(self._no_word) != searcher.doc_count_all():
            self._no_word = array("d", bytes(8 * searcher.doc_count_all()))
        return self._no_word

    def _remember(self, table: dict, key, value, limit: int):
        """Keep `value`, forgetting the least recently used when full: clearing the lot let
        a stream of words nobody else searches for flush the common words' tables, which every
        query then rebuilt (5 ms a word at 10,000 pages)."""
        while len(table) >= limit:
            del table[next(iter(table))]
        table[key] = value
        return value

    def field(self, searcher, name: str, stem: str, keep: bool = True) -> dict[int, float]:
        """{page: BM25F score of `stem` in field `name`} (no boost)."""
        found = self._fields.get((name, stem))
        if found is not None:
            self._fields.move_to_end((name, stem))  # now the most recently used
            return found
        found = {}
        if name in self.fields_with(searcher, stem):
            pages, weights = postings(searcher.reader(), name, stem)
            found = self._bm25f(searcher, name, stem, pages, weights)
        # a word not in the field is not kept (random words would fill the cache with nothing);
        # when full, the least recently used tables go, not all of them (the common words'
        # tables were rebuilt after every flush, 5 ms each at 10,000 pages)
        if keep and found:
            self._field_entries += len(found)
            while self._field_entries > CACHED_FIELD_ENTRIES and self._fields:
                self._field_entries -= len(self._fields.popitem(last=False)[1])
            self._fields[(name, stem)] = found
        return found

    def field_on(self, searcher, name: str, stem: str, pages: frozenset[int]) -> dict[int, float]:
        """`field`'s scores, at least on `pages`: when they are few beside the pages with the
        word (as the pages where a phrase stands are), read by skipping through the postings
        to them and not kept. A phrase of common words once read ten-thousand-page tables for
        each word and field, and thrashed the kept tables."""
        found = self._fields.get((name, stem))
        if found is not None or not pages:
            return found or {}
        reader = searcher.reader()
        if name not in self.fields_with(searcher, stem):
            return {}
        if len(pages) * SKIP_SHARE >= reader.doc_frequency(name, stem):
            return self.field(searcher, name, stem)
        matcher, present, weights = searcher.postings(name, stem), [], []
        for page in sorted(pages):
            if not matcher.is_active():
                break
            if matcher.id() < page:
                matcher.skip_to(page)
            if matcher.is_active() and matcher.id() == page:
                present.append(page)
                weights.append(matcher.weight())
        return self._bm25f(searcher, name, stem, present, weights)

    def _bm25f(self, searcher, name, stem, pages, weights) -> dict[int, float]:
        """{page: score} from the word's frequency on each page: Whoosh's own BM25F (its
        scorer's idf, average length, B and K1), with the field lengths read once: the same
        numbers, twice as fast."""
        scorer = self.weighting.scorer(searcher, name, stem)
        idf, average, b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
        lengths = self._field_lengths(searcher, name)
        return {
            page: idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * lengths[page] / average)))
            for page, tf in zip(pages, weights, strict=True)
        }

    def _field_lengths(self, searcher, name: str) -> list[int]:
        """Every page's length of a field, as Whoosh's scorer reads it."""
        lengths = self._lengths.get(name)
        if lengths is None:
            lengths = self._lengths[name] = [
                searcher.doc_field_length(page, name, 1) for page in range(searcher.doc_count_all())
            ]
        return lengths

    def word(self, searcher, stem: str) -> array:
        """[score of the word on each page, over every searched field, with field boosts]."""
        found = self._words.pop(stem, None)
        if found is not None:
            self._words[stem] = found  # now the most recently used
        elif not self.fields_with(searcher, stem):
            return self._zeros(searcher)  # not kept: no evictions
        else:
            found = array("d", bytes(8 * searcher.doc_count_all()))
            for name in SEARCHED_FIELDS:
                boost = FIELD_BOOSTS[name]
                # the title's table serves the title bonus too; the others are only summed here
                for page, score in self.field(searcher, name, stem, keep=name == "title").items():
                    found[page] = found[page] + boost * score
            limit = max(1, CACHED_WORD_BYTES // max(1, 8 * searcher.doc_count_all()))
            self._remember(self._words, stem, found, limit)
        return found

    def keep_phrase(self, searcher, name: str, stems: tuple[str, ...]) -> None:
        """Work out `phrase` now and keep it for good: for the synonym phrases, which any query
        may name, so checking them (25 µs a page with all their words) is never a query's cost."""
        if (name, stems) not in self._kept_phrases:
            found = frozenset(searcher.docs_for_query(Phrase(name, list(stems))))
            self._kept_phrases[(name, stems)] = found

    def phrase(self, searcher, name: str, stems: tuple[str, ...]) -> frozenset[int]:
        """The pages where the stems stand side by side in field `name` (Whoosh decides)."""
        found = self._kept_phrases.get((name, stems))
        if found is None:
            found = self._phrases.get((name, stems))
        if found is None:
            found = frozenset(searcher.docs_for_query(Phrase(name, list(stems))))
            self._remember(self._phrases, (name, stems), found, CACHED_PHRASES)
        return found


class Ranker:
    """The scoring of one prepared query, set up once, applied to each matched page."""

    def __init__(self, scores: Scores, searcher, prepared: PreparedQuery, every: bool):
        self.every = every
        self.size = searcher.doc_count_all()
        self.units = [
            self._unit(scores, searcher, typed, partners)
            for _content, typed, partners in prepared.units
        ]
        self.content = [
            u for (content, _t, _p), u in zip(prepared.units, self.units, strict=True) if content
        ]
        self.titles = [
            [
                [scores.field(searcher, "title", s) for s in variant]
                for variant in (typed, *partners)
            ]
            for content, typed, partners in prepared.units
            if content
        ]
        self.quoted = [
            self._phrase(scores, searcher, stems, boosted=False, fields=fields)
            for stems, fields in zip(prepared.quoted, prepared.quoted_fields, strict=True)
        ]
        self.title_bonus = self._title_bonus()
        self.bounds = self._bounds(scores, searcher, prepared, every)

    def _bounds(self, scores, searcher, prepared, every) -> dict[str, tuple[float, array]]:
        """{stem: (coefficient, the word's table)} such that no page scores more than the sum
        over the stems of coefficient × the word's score on the page: what `impacts.top` stops
        on. Every unit counts its typed and partners' words once (a phrase scores at most its
        words' sum, the best of two at most their sum); a content unit's words add the title
        bonus (a word's title score is at most its score over the title's boost) and, matching
        any word, the all-words bonus; a quoted phrase's words add QUOTED_BOOST over the least
        field boost (its fields' scores, unboosted, sum to at most that share of the word's)."""
        title = 1 / FIELD_BOOSTS["title"]
        everywhere = ALL_WORDS_BONUS if not every and len(self.content) > 1 else 0.0
        found: dict[str, float] = {}
        for content, typed, partners in prepared.units:
            for stem in (*typed, *(s for partner in partners for s in partner)):
                found[stem] = found.get(stem, 0.0) + 1 + (title + everywhere if content else 0)
        for stems in prepared.quoted:
            for stem in stems:
                found[stem] = found.get(stem, 0.0) + QUOTED_BOOST / min(FIELD_BOOSTS.values())
        return {stem: (c, scores.word(searcher, stem)) for stem, c in found.items()}

    @staticmethod
    def _phrase(scores, searcher, stems, boosted: bool, fields=SEARCHED_FIELDS):
        """[(pages with the phrase in a field, that field's tables there, its boost)]."""
        parts = []
        for name in fields:
            found = scores.phrase(searcher, name, stems)
            parts.append(
                (
                    found,
                    [scores.field_on(searcher, name, s, found) for s in stems],
                    FIELD_BOOSTS[name] if boosted else 1.0,
                )
            )
        return parts

    def _unit(self, scores, searcher, typed, partners):
        words = [scores.word(searcher, s) for s in typed]
        phrase = self._phrase(scores, searcher, typed, boosted=True) if len(typed) > 1 else None
        partner_words = [[scores.word(searcher, s) for s in p] for p in partners]
        return words, phrase, partner_words

    @staticmethod
    def _phrase_score(parts, page: int) -> float:
        return sum(
            boost * sum(table.get(page, 0.0) for table in tables)
            for pages, tables, boost in parts
            if page in pages
        )

    @staticmethod
    def _all(words, page: int) -> float | None:
        """The words' sum for a page that has every one of them; None otherwise."""
        total = 0.0
        for word in words:
            score = word[page]
            if score == 0.0:
                return None
            total += score
        return total

    def _unit_score(self, unit, page: int) -> float:
        words, phrase, partners = unit
        if phrase is None:
            best = words[0][page]
        else:
            best = max(
                self._phrase_score(phrase, page), PART_OF_PHRASE * sum(w[page] for w in words)
            )
        for partner in partners:
            score = self._all(partner, page)
            if score is not None and score > best:
                best = score
        return best

    def _variants(self, unit, page: int) -> float | None:
        """The best of the unit's typed words and partners that are all on the page."""
        words, _phrase, partners = unit
        found = [s for s in (self._all(v, page) for v in (words, *partners)) if s is not None]
        return max(found) if found else None

    def _title_bonus(self) -> _TitleBonus | dict[int, float]:
        """{page: bonus} for the pages whose title has every unit (through one of its variants):
        which pages qualify is worked out once for the query, and a page's bonus when it is first
        scored (reading the best pages only, most are never scored). The pages are those of
        the unit with the fewest titles, kept if in the others' tables (a common word's set of
        title pages was built whole for each query)."""
        if not self.titles:
            return {}
        holding = []  # for each unit, what answers "does this page's title hold the unit?"
        for variants in self.titles:
            if len(variants) == 1 and len(variants[0]) == 1:
                holding.append(variants[0][0])  # one word: its title table itself
            else:
                holding.append({page for tables in variants for page in _on_every(tables)})
        holding.sort(key=len)
        pages = list(holding[0])
        for held in holding[1:]:
            pages = [page for page in pages if page in held]
        return _TitleBonus(self.titles, pages)

    def score(self, page: int) -> float:
        total = sum(self._unit_score(unit, page) for unit in self.units)
        bonus = self.title_bonus.get(page)
        if bonus is not None:
            total += bonus
        if not self.every and len(self.content) > 1:
            everywhere = [self._variants(unit, page) for unit in self.content]
            if None not in everywhere:
                total += ALL_WORDS_BONUS * sum(everywhere)
        for parts in self.quoted:
            total += QUOTED_BOOST * self._phrase_score(parts, page)
        return total

    def top(self, pages, count: int) -> list[tuple[float, int]]:
        """The `count` best pages, best first; ties go to the lower page number, as in Whoosh."""
        pages = list(pages)
        return heapq.nlargest(count, zip(self.scores(pages), map(neg, pages), strict=True))

    def scores(self, pages: list[int]) -> list[float]:
        """`score` of each page, worked out a unit at a time over all the pages (a column of
        table look-ups and C-level additions) rather than a page at a time through Python
        calls: a dozen common words on 10,000 pages cost 110 ms that way, and the number of
        pages a query of common words matches is the site's size. Every addition is made in
        the order `score` makes it, so the numbers are the same (to the last bit where `sum`
        adds plainly, as before Python 3.12)."""
        # most of the site: score every page, reading the tables whole, and pick the pages after
        dense = len(pages) * DENSE_SHARE >= self.size
        rows = range(self.size) if dense else pages
        column = _Columns(rows)
        totals = [0.0] * len(rows)
        for unit in self.units:
            totals = list(map(add, totals, self._unit_column(unit, column)))
        if self.title_bonus:
            bonus = self.title_bonus
            totals = [t + bonus[p] if p in bonus else t for t, p in zip(totals, rows, strict=True)]
        if not self.every and len(self.content) > 1:
            # few pages have every unit (else the query would match only those): find them
            # column by column, then add their bonus as `score` does
            together = range(len(rows))
            for unit in self.content:
                present = self._variants_column(unit, column)
                together = [i for i in together if present[i]]  # 0.0: the unit is missing
            for i in together:
                everywhere = [self._variants(unit, rows[i]) for unit in self.content]
                totals[i] += ALL_WORDS_BONUS * sum(everywhere)
        for parts in self.quoted:
            phrased = set().union(*(found for found, _tables, _boost in parts))
            if phrased:
                totals = [
                    t + QUOTED_BOOST * self._phrase_score(parts, p) if p in phrased else t
                    for t, p in zip(totals, rows, strict=True)
                ]
        return [totals[p] for p in pages] if dense else totals

    def _unit_column(self, unit, column: _Columns) -> list[float]:
        """`_unit_score` of each page."""
        words, phrase, partners = unit
        rows = column.rows
        if phrase is None:
            best = column(words[0])
        else:
            summed = _sum_column(words, column)
            phrased = set().union(*(found for found, _tables, _boost in phrase))
            best = [
                max(self._phrase_score(phrase, p), PART_OF_PHRASE * s)
                if p in phrased
                else PART_OF_PHRASE * s
                for s, p in zip(summed, rows, strict=True)
            ]
        for partner in partners:
            best = _best_of(best, partner, column)
        return best

    def _variants_column(self, unit, column: _Columns) -> list[float]:
        """`_variants` of each page, with 0.0 for None (a present variant scores above 0)."""
        words, _phrase, partners = unit
        if len(words) == 1 and not partners:
            return column(words[0])
        best = [0.0] * len(column.rows)
        for variant in (words, *partners):
            best = _best_of(best, variant, column)
        return best


class _TitleBonus:
    """{page: title bonus} over the pages whose title has every unit, each worked out when it is
    first asked for."""

    def __init__(self, titles, pages: list[int]):
        self._titles = titles
        self._pages = set(pages)
        self._found: dict[int, float] = {}

    def __bool__(self) -> bool:
        return bool(self._pages)

    def __contains__(self, page: int) -> bool:
        return page in self._pages

    def __getitem__(self, page: int) -> float:
        found = self._found.get(page)
        if found is None:
            if page not in self._pages:
                raise KeyError(page)
            found = 0  # added unit by unit in the query's order, as Whoosh adds them
            for variants in self._titles:
                found += _best_variant(variants, page)
            self._found[page] = found
        return found

    def get(self, page: int, default=None):
        return self[page] if page in self._pages else default


def _on_every(tables: list[dict[int, float]]) -> list[int]:
    """The pages in every table, found from the smallest."""
    smallest = min(tables, key=len)
    return [page for page in smallest if all(page in table for table in tables)]


def _best_variant(variants, page: int) -> float | None:
    """The best sum of a variant's title tables on a page whose title has all its words."""
    best = None
    for tables in variants:
        if all(page in table for table in tables):
            score = 0.0
            for table in tables:  # added in the order Whoosh adds them
                score += table[page]
            if best is None or score > best:
                best = score
    return best


class _Columns:
    """A word table's scores on the pages being ranked, in their order: read once per query."""

    def __init__(self, rows: list[int] | range):
        self.rows = rows
        self._read: dict[int, list[float] | array] = {}

    def __call__(self, table: array) -> list[float] | array:
        found = self._read.get(id(table))
        if found is None:
            # every page of the site: the table is the column
            found = table if len(self.rows) == len(table) else [table[p] for p in self.rows]
            self._read[id(table)] = found
        return found


def _sum_column(tables, column: _Columns) -> list[float]:
    """The tables' sum on each page, added in the order `Ranker._all` adds them."""
    summed = column(tables[0])
    for table in tables[1:]:
        summed = list(map(add, summed, column(table)))
    return summed


def _best_of(best: list[float], tables, column: _Columns) -> list[float]:
    """Each page's `best`, or the tables' sum where it is larger and every table is on it."""
    summed = _sum_column(tables, column)
    if len(tables) == 1:
        return list(map(max, best, summed))  # absent: 0.0, never larger than best
    least = column(tables[0])
    for table in tables[1:]:
        least = list(map(min, least, column(table)))
    return [s if m > 0.0 and s > b else b for b, s, m in zip(best, summed, least, strict=True)]
