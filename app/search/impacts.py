"""The best pages of a query without scoring every page it matches.

A query of common words on a national site matches tens of thousands of pages, and scoring
them all to show 20 cost most of a search (a column of table look-ups per word over 100,000
pages, then picking the best). Instead each word's pages are kept in its impact order: sorted
by the word's score on them, best first, worked out once per process from the word's score
table. A query reads its words' orders a slice at a time, scores exactly (`Ranker.scores`) the
shown pages it meets, and stops as soon as the k-th best page so far scores more than any page
not met yet could: the sum over the query's words of the ranker's coefficient for the word
(`Ranker.bounds`) times the word's score where its order is being read (Fagin's threshold
algorithm). The answer is the very top k that scoring every page gives, ties included (lower
page numbers first); when the words' scores are too even for that to come early, the query
scores every page after all.

The orders are derived from the generation's score tables, which hold whole-index statistics
(BM25F's idf and average lengths), so they belong to the opened generation and are rebuilt,
lazily, when a build publishes a new one (an incremental build changes those statistics too).
"""

from __future__ import annotations

import heapq
from array import array
from collections import OrderedDict
from itertools import compress
from operator import neg

FIRST_SLICE = 64  # pages read from each word's order before the first check
# Give up and score every shown page once the pages scored are more than this share of them: the
# words' scores are too even for their best pages to stand out, and reading on would cost more.
# (At 100,000 pages, a 16th made 93 of the benchmark's 200 queries give up, +45 % CPU, to save
# a quarter on queries of a dozen common words; a quarter gives up on 1 of the 200.)
GIVE_UP_SHARE = 4
# Margin on the bound: the ranker adds the same numbers in other orders, so its sums may differ
# from the bound's in the last bits.
ROUNDING = 1e-9
CACHED_ORDER_ENTRIES = 20_000_000  # page numbers kept, 4 bytes each: 80 MB (docs/search.md)


class ImpactOrders:
    """Each word's pages, best scoring first: one generation's, kept least recently used."""

    def __init__(self, limit: int = CACHED_ORDER_ENTRIES):
        self._orders: OrderedDict[str, array] = OrderedDict()
        self._entries = 0
        self._limit = limit

    def order(self, stem: str, table: array) -> array:
        """The pages with a score in `table` (the word's), highest first, ties by page."""
        found = self._orders.get(stem)
        if found is not None:
            self._orders.move_to_end(stem)
            return found
        pages = list(compress(range(len(table)), table))  # a score of 0.0: not on the page
        pages.sort(key=table.__getitem__, reverse=True)  # stable: ties stay in page order
        found = array("i", pages)
        if found:  # a word on no page is not kept (random words would evict real ones)
            self._entries += len(found)
            while self._entries > self._limit and self._orders:
                self._entries -= len(self._orders.popitem(last=False)[1])
            self._orders[stem] = found
        return found


def top(ranker, orders: ImpactOrders, shown: int, size: int, count: int):
    """`ranker.top` over the pages set in the bitset `shown`, reading pages in impact order:
    the same [(score, -page)], best first; None when it gave up (score every page instead)."""
    if count <= 0:
        return []
    lists = [
        (coefficient, table, orders.order(stem, table))
        for stem, (coefficient, table) in ranker.bounds.items()
    ]
    best = _Best(ranker, shown, size, count)
    give_up = shown.bit_count() // GIVE_UP_SHARE
    start, end = 0, FIRST_SLICE
    while True:
        for _coefficient, _table, order in lists:
            best.meet(order[start:end])
        best.score()
        unread = [(c, table[order[end]]) for c, table, order in lists if end < len(order)]
        bound = sum(c * score for c, score in unread) * (1 + ROUNDING)
        if best.beats(bound):
            return sorted(best.heap, reverse=True)
        if not unread or best.scored > give_up:
            # every order read: the pages not met score 0.0 and may tie; or too many scored
            return None
        start, end = end, end * 2


class _Best:
    """The best `count` shown pages met so far, exactly scored."""

    def __init__(self, ranker, shown: int, size: int, count: int):
        self.ranker, self.count = ranker, count
        self.mask = shown.to_bytes(size // 8 + 1, "little")
        self.heap: list[tuple[float, int]] = []  # a min-heap: the worst kept first
        self.seen: set[int] = set()
        self.met: list[int] = []  # shown pages met, not yet scored
        self.scored = 0

    def meet(self, pages) -> None:
        seen, mask, met = self.seen, self.mask, self.met
        for page in pages:
            if page not in seen:
                seen.add(page)
                if mask[page >> 3] >> (page & 7) & 1:
                    met.append(page)

    def score(self) -> None:
        heap, met = self.heap, self.met
        if not met:
            return
        for item in zip(self.ranker.scores(met), map(neg, met), strict=True):
            if len(heap) < self.count:
                heapq.heappush(heap, item)
            elif item > heap[0]:
                heapq.heapreplace(heap, item)
        self.scored += len(met)
        self.met = []

    def beats(self, bound: float) -> bool:
        """Whether the k-th best so far scores more than `bound`."""
        return len(self.heap) == self.count and self.heap[0][0] > bound


def above_share(ranker, orders: ImpactOrders, matched: int, size: int, share: float):
    """{page: score} of the pages set in the bitset `matched` that score at least `share` × the
    best one's score, reading pages in impact order (the same threshold algorithm as `top`):
    stops once what a page not met yet could score is under that share of the best page met, so
    the best is the best of all and no page left unmet reaches the floor. None when it gave up
    (too many pages scored): then every page is to be scored."""
    lists = [
        (coefficient, table, orders.order(stem, table))
        for stem, (coefficient, table) in ranker.bounds.items()
    ]
    mask = matched.to_bytes(size // 8 + 1, "little")
    seen: set[int] = set()
    scored: dict[int, float] = {}
    give_up = matched.bit_count() // GIVE_UP_SHARE
    start, end = 0, FIRST_SLICE
    while True:
        met = []
        for _coefficient, _table, order in lists:
            for page in order[start:end]:
                if page not in seen:
                    seen.add(page)
                    if mask[page >> 3] >> (page & 7) & 1:
                        met.append(page)
        if met:
            scored.update(zip(met, ranker.scores(met), strict=True))
        unread = [(c, table[order[end]]) for c, table, order in lists if end < len(order)]
        bound = sum(c * score for c, score in unread) * (1 + ROUNDING)
        floor = share * max(scored.values(), default=0.0)
        if not unread or (scored and bound < floor):
            return {page: score for page, score in scored.items() if score >= floor}
        if len(scored) > give_up:
            return None
        start, end = end, end * 2
