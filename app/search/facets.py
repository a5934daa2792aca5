"""Facet filters and counts from bitsets, read once when an index generation is opened.

Counting "how many results are from each organisation" by visiting every matched document cost
most of a query's time on a large site. Instead each facet value's documents are a bitset (a
Python int, one bit a document), and a count is `(matched & value).bit_count()`: microseconds.
"""

from __future__ import annotations

from collections.abc import Iterable

from .schema import FACET_FIELDS


class FacetBits:
    def __init__(self, reader):
        self.size = reader.doc_count_all()
        self.all = (1 << self.size) - 1
        self.values: dict[str, dict[str, int]] = {}
        for facet, field_name in FACET_FIELDS.items():
            by_value = {}
            for term in reader.lexicon(field_name):
                value = term.decode("utf-8") if isinstance(term, bytes) else term
                ids = reader.postings(field_name, term).all_ids()
                by_value[value] = self.bits(ids)
            self.values[facet] = by_value

    def bits(self, docnums: Iterable[int]) -> int:
        """A bitset of document numbers."""
        mask = bytearray(self.size // 8 + 1)
        for docnum in docnums:
            mask[docnum >> 3] |= 1 << (docnum & 7)
        return int.from_bytes(mask, "little")

    def filtered(self, filters: dict[str, tuple[str, ...]], skip: str | None = None) -> int:
        """Documents passing the filters (any value of a facet, every facet), but `skip`'s."""
        allowed = self.all
        for facet, values in filters.items():
            if values and facet != skip:
                chosen = 0
                for value in values:
                    chosen |= self.values[facet].get(value, 0)
                allowed &= chosen
        return allowed

    def counts(self, documents: int, facet: str) -> dict[str, int]:
        found = {}
        for value, bits in self.values[facet].items():
            count = (documents & bits).bit_count()
            if count:
                found[value] = count
        return found
