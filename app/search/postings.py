"""A word's postings in one field, read a block at a time.

Building a common word's score table at 100,000 pages walked 90,000 postings through Whoosh's
matcher wrappers, three Python calls each (id, weight, next): about 75 ms a word. Whoosh keeps
postings in blocks of up to 128, each one pickled array of document numbers and one of
frequencies; reading a word's blocks from one read of its extent, and those arrays whole, gives
the same numbers several times faster. Segments
with deleted documents (after an incremental build) and words stored inline in the term index
are read through the matcher as before, so deleted documents are left out exactly as Whoosh
leaves them out.
"""

from __future__ import annotations

import pickle
import struct
import zlib
from io import BytesIO
from itertools import accumulate

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3LeafMatcher

_INT = struct.Struct("!i")  # Whoosh's block length (whoosh.system's unpack_int)


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
        _read_blocks(matcher, offset, pages, weights)
        return
    while matcher.is_active():
        pages.append(matcher.id() + offset)
        weights.append(matcher.weight())
        matcher.next()


def _read_blocks(matcher: W3LeafMatcher, offset: int, pages: list[int], weights: list[float]):
    """The blocks as Whoosh's W3LeafMatcher reads them (`_goto`, `_read_data`), from one read
    of the word's whole extent rather than a score of small reads a block."""
    extent = matcher._length  # a 1-tuple: Whoosh's term info leaves it unpacked
    extent = extent[0] if isinstance(extent, tuple) else extent
    data = matcher._postfile.get(matcher._startoffset, extent)
    if data[:4] != WHOOSH3_HEADER_MAGIC:
        raise ValueError(f"not a Whoosh 3 postings list: {data[:4]!r}")
    stream, position, last = BytesIO(data), 4, False
    while not last:
        (length,) = _INT.unpack_from(data, position)
        last = length < 0  # the last block's length is stored negated
        end = position + 4 + abs(length)
        stream.seek(position + 4)
        count, _maxid, _maxweight, compressed = pickle.load(stream)[:4]
        block = data[stream.tell() : end]
        ids, frequencies = pickle.loads(zlib.decompress(block) if compressed else block)[:2]
        if not matcher._byteids:  # stored as differences: what Whoosh's delta_decode adds up
            ids = accumulate(ids)
        pages.extend(map(offset.__add__, ids))
        if frequencies is None or isinstance(frequencies, float):  # all the same (or 1.0)
            weights.extend([1.0 if frequencies is None else frequencies] * count)
        else:
            weights.extend(frequencies)
        position = end
