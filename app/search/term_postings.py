"""A term's postings written as Whoosh 3 postings blocks, a whole term in one step, in an encoding
Whoosh's own reader reads as it reads its own.

Writing a segment's postings through Whoosh's W3PostingsWriter cost about 40 % of indexing a page
(a quarter of that zlib, another quarter pickling). Two things in its encoding, not in the format,
made it dear:

- it pickles each block with protocol 2, which has no opcode for bytes: each posting's value (a
  field's positions) is pickled as a call to `codecs.encode` with a latin-1 string, and read back
  by calling it; protocol 3 stores bytes as bytes: a block of 128 postings about ten times
  cheaper to write and to read, and half the size before compression. (Not 4: it adds a frame
  header to every pickle.) Whoosh's reader unpickles whatever protocol it finds;
- it compresses every block, though a block records its own compression and the reader
  decompresses only a block marked compressed: most terms of a segment (a page's path, its dates'
  terms, rare words) have one or two postings, whose pickle zlib makes longer, not shorter.
  Blocks of fewer than COMPRESS_FROM bytes are stored as they are.

What is written is otherwise what W3PostingsWriter and W3TermInfo write: the same blocks of up to
`blocklimit` postings, the same statistics in each block's header and in the term's entry of the
term index (total weight and highest weight, document frequency, first and last document,
shortest and longest field length, rounded as Whoosh rounds them), so searches read the same
numbers (tests/search/test_segment_writer.py compares every one with Whoosh's own writer's).
Whoosh's "inline" postings (a rare term's postings in its term index entry) are not used: Whoosh
itself never writes them (its limit is one posting, below which there is none), and its reader
of them (ListMatcher) differs from the block reader in small ways (a value of "" for None).
"""

from __future__ import annotations

import zlib
from array import array
from operator import sub
from pickle import dumps

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3FieldWriter, W3TermInfo
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte

BLOCK_PROTOCOL = 3
# Below this many bytes a block's pickle is stored uncompressed. (zlib adds 11 bytes of header and
# checksum. Measured on 2,000 pages of the benchmark corpus: the 9,371 blocks of under 64 bytes, a
# posting or two each, came out half as long again compressed; from 64 bytes up zlib saved a
# third and more, and seven tenths on full blocks.)
COMPRESS_FROM = 64

_TERM_INFO = W3TermInfo._struct  # flags, weight, doc frequency, lengths, max weight, first, last id


class TermPostingsWriter:
    """Writes a segment's terms, field by field and term by term in order, into a W3FieldWriter's
    postings file and term index."""

    def __init__(self, fieldwriter: W3FieldWriter):
        self._fieldwriter = fieldwriter
        self._postfile = fieldwriter._postfile
        self._terms = fieldwriter._tindex
        codec = fieldwriter._codec
        self._blocklimit, self._compression = codec._blocklimit, codec._compression
        self._key_prefix = b""
        self._fixedsize: int | None = None

    def start_field(self, fieldname: str, field) -> None:
        self._fieldwriter.start_field(fieldname, field)
        self._key_prefix = pack_ushort(self._fieldwriter._fieldid)
        self._fixedsize = field.format.fixed_value_size()

    def finish_field(self) -> None:
        self._fieldwriter.finish_field()

    def add_term(self, text: bytes, docnums: list, weights: list, values: list, lengths) -> None:
        """One term's postings, in document order: `lengths` is each document's field length as
        the length column gives it back (0 or None for none), or None when not kept."""
        limit, count = self._blocklimit, len(docnums)
        parts = [WHOOSH3_HEADER_MAGIC]
        total_weight, max_weight = 0, 0
        shortest = None
        longest = 0
        for start in range(0, count, limit):
            end = min(count, start + limit)
            block_lengths = lengths[start:end] if lengths is not None else ()
            block, block_weight, block_max, block_shortest, block_longest = self._block(
                docnums[start:end],
                weights[start:end],
                values[start:end],
                block_lengths,
                last=end == count,
            )
            parts.append(block)
            # as W3TermInfo.add_block adds up its blocks
            total_weight += block_weight
            max_weight = max(max_weight, block_max)
            if shortest is None:
                shortest = block_shortest
            elif block_shortest is not None:
                shortest = min(shortest, block_shortest)
            longest = max(longest, block_longest)
        postings = b"".join(parts)
        offset = self._postfile.tell()
        self._postfile.write(postings)
        info = _TERM_INFO.pack(
            False,
            total_weight,
            count,
            length_to_byte(shortest),
            length_to_byte(longest),
            max_weight,
            docnums[0],
            docnums[-1],
        )
        self._terms.add(self._key_prefix + text, info + pack_long(offset) + pack_int(len(postings)))

    def _block(self, ids: list, weights: list, values: list, lengths, last: bool):
        """A block's bytes as W3PostingsWriter._write_block writes them, and the statistics
        W3TermInfo.add_block takes from it."""
        count = len(ids)
        # the writer keeps weights as 32-bit floats: stored, and added up, rounded so
        stored_weights = array("f", weights).tolist()
        if stored_weights.count(1.0) == count:
            mini_weights = None
        elif stored_weights.count(stored_weights[0]) == count:
            mini_weights = stored_weights[0]
        else:
            mini_weights = tuple(stored_weights)
        fixedsize = self._fixedsize
        if fixedsize == 0:
            mini_values = None
        else:
            kept = tuple(filter(None, values))  # the writer keeps non-empty values only
            mini_values = kept if fixedsize is None or fixedsize < 0 else b"".join(kept)
        deltas = tuple(map(sub, ids, [0, *ids]))  # the first id, then each from the one before
        data = dumps((deltas, mini_weights, mini_values), BLOCK_PROTOCOL)
        compression = self._compression if len(data) >= COMPRESS_FROM else 0
        if compression:
            data = zlib.compress(data, compression)
        found = [length for length in lengths if length]
        shortest = min(found) if found else None
        longest = max(found) if found else 0
        max_weight = max(0, max(weights))  # the writer's starts at 0
        info = dumps(
            (
                count,
                ids[-1],
                max_weight,
                compression,
                length_to_byte(shortest),
                length_to_byte(longest),
            ),
            2,
        )
        size = len(info) + len(data)
        header = pack_int(-size if last else size)
        return header + info + data, sum(stored_weights), max_weight, shortest, longest
