"""A word's postings in one field, read a block at a time.

Building a common word's score table at 100,000 pages walked 90,000 postings through Whoosh's
matcher wrappers, three Python calls each (id, weight, next): about 75 ms a word. Whoosh keeps
postings in blocks of up to 128, each one pickled array of document numbers and one of
frequencies; reading those arrays whole gives the same numbers several times faster. Segments
with deleted documents (after an incremental build) and words stored inline in the term index
are read through the matcher as before, so deleted documents are left out exactly as Whoosh
leaves them out.
"""

from __future__ import annotations

from itertools import accumulate

from whoosh.codec.whoosh3 import W3LeafMatcher


def postings(reader, name: str, stem: str) -> tuple[list[int], list[float]]:
    """The pages with `stem` in field `name`, in order, and its frequency (weight) on each."""
    pages: list[int] = []
    weights: list[float] = []
    if hasattr(reader, "readers"):  # several segments, numbered from each one's offset
        parts = zip(reader.readers, reader.doc_offsets, strict=True)
    else:
        parts = [(reader, 0)]
    for segment, offset in parts:
        if (name, stem) in segment:
            _read(segment.postings(name, stem), offset, pages, weights)
    return pages, weights


def _read(matcher, offset: int, pages: list[int], weights: list[float]) -> None:
    if type(matcher) is W3LeafMatcher:  # no deletions, postings in blocks
        while matcher.is_active():
            matcher._read_data()  # (document numbers, weights, values), as Whoosh reads them
            ids, frequencies = matcher._data[0], matcher._data[1]
            if not matcher._byteids:  # stored as differences: what Whoosh's delta_decode adds up
                ids = accumulate(ids)
            pages.extend(map(offset.__add__, ids))
            if frequencies is None or isinstance(frequencies, float):  # all the same (or 1.0)
                weights.extend([1.0 if frequencies is None else frequencies] * matcher._blocklength)
            else:
                weights.extend(frequencies)
            matcher._next_block()
        return
    while matcher.is_active():
        pages.append(matcher.id() + offset)
        weights.append(matcher.weight())
        matcher.next()
