"""The build's Whoosh segment writer: the same segments as Whoosh's own SegmentWriter writes, at
about half its cost a document.

Indexing was the biggest part of a clean build (3.3 of 8.4 ms of CPU a page at 10,000 pages), and
most of that was Whoosh's generality rather than work: each word of a page went through a chain of
four generators (tokenizer, lower case, stop words, stemmer) and three checks, each posting through
a pool method with its assertions, and when the segment was written each posting looked its
document's field length up again in the column file just written. Here:

- the text fields analysed with positions (title, description, headings, body, organisation
  names) by one of the chains analysis.py makes (English: tokenizer, lower case, stop words,
  stemmer; Welsh: tokenizer, lower case, accent folding, stop words) are analysed in one loop
  doing what that chain does (`_Analysis`), the words found by a quicker equivalent of the
  tokenizer's pattern (`_words_pattern`), with each word's term (as UTF-8) kept in a dictionary
  for the writer's life;
- the fields whose values repeat from page to page (a type, a date, organisations) have their
  terms worked out once a value (`_value_terms`), and the title's prefixes once a word
  (`_WordGrams`);
- the postings of a field (and its spelling words) go straight into the field's terms in one
  step, counted by the pool's own size formula (the build closes a segment by that size: see
  SegmentsWriter), rather than as a tuple a posting through the pool;
- the field lengths are kept in memory as the length column stores them (one byte, so lengths are
  rounded) and given to the postings writer instead of the column reader;
- the postings are kept grouped by field and term as they come (a document's, then the next's),
  not as one list of tuples sorted when the segment is written, and each term's postings are
  written whole by term_postings.py (Whoosh's blocks, pickled and compressed more cheaply)
  rather than by Whoosh's postings writer, one call and four type assertions a posting: writing
  the segment took longer than adding its documents. Past the pool's limit they go back to
  Whoosh's pool, which sorts them on disk, and Whoosh's own writer writes them.

Every other field goes through Whoosh's own `field.index`. tests/search/test_segment_writer.py
holds that the segments read back the same: every term, posting, position, weight, field length
and stored field, for the sample site and for generated pages.
"""

from __future__ import annotations

import re
from collections import defaultdict
from operator import sub
from pickle import dumps

from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.analysis.filters import CharsetFilter, LowercaseFilter, StopFilter
from whoosh.analysis.morph import StemFilter
from whoosh.analysis.ngrams import NgramFilter
from whoosh.analysis.tokenizers import RegexTokenizer
from whoosh.codec.whoosh3 import W3FieldWriter
from whoosh.fields import ID, KEYWORD, NUMERIC
from whoosh.formats import Frequency, Positions
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from .term_postings import TermPostingsWriter


class _Analysis:
    """What the analyzer of one field does (`_is_plain_chain`), in one loop: the positions of
    each term."""

    def __init__(self, analyzer: CompositeAnalyzer):
        tokenizer, _lower, *middle, stop = analyzer.items
        stem = None
        if type(stop) is StemFilter:
            stem, stop = stop, middle.pop()
        self.words = _words_pattern(tokenizer.expression)
        # accent folding (Welsh: ŵ → w), before the stop list as the chain has it
        self.charmap = middle[0].charmap if middle else None
        self.stops, self.minsize, self.maxsize = stop.stops, stop.min, stop.max
        self.renumber = stop.renumber
        self.stem_word = stem.stemfn if stem is not None else None
        self.ignore = stem.ignore if stem is not None else frozenset()
        # each lower-case word met -> its term (UTF-8), or None for a word the stop filter drops
        self.stems: dict[str, bytes | None] = {}

    def _learn(self, words: set[str]) -> None:
        stops, minsize, maxsize, stems = self.stops, self.minsize, self.maxsize, self.stems
        charmap, stem_word = self.charmap, self.stem_word
        for word in words:
            term = word.translate(charmap) if charmap is not None else word
            too_short_or_long = len(term) < minsize or (maxsize is not None and len(term) > maxsize)
            if too_short_or_long or term in stops:
                stems[word] = None
            elif stem_word is None or term in self.ignore:
                stems[word] = term.encode("utf-8")
            else:
                stems[word] = stem_word(term).encode("utf-8")

    def lower_words(self, text: str) -> list[str]:
        """The tokenizer's words, lower-cased. (Lower-casing the text first finds the same words
        when it is ASCII; outside ASCII a letter's lower case may not be a word character.)"""
        if text.isascii():
            return self.words.findall(text.lower())
        return [word.lower() for word in self.words.findall(text)]

    def terms(self, words: list[str]) -> list[bytes | None]:
        """Each word's term, None for a word the stop filter drops."""
        stems = self.stems
        try:
            return list(map(stems.__getitem__, words))
        except KeyError:  # words not met before
            self._learn(set(words).difference(stems))
            return list(map(stems.__getitem__, words))

    def positions(self, words: list[str]) -> tuple[dict[bytes, list[int]], int]:
        """Each term of these words (`lower_words`) and its positions, numbered as the analyzer
        numbers them, and how many words are kept (the field's length). A stop word's position
        goes to the next word kept (StopFilter's `renumber`), so the words kept are numbered one
        after another from the first's."""
        terms = self.terms(words)
        found: dict[bytes, list[int]] = {}
        if self.renumber:
            first = next((n for n, term in enumerate(terms) if term is not None), 0)
            kept = list(filter(None, terms))  # a term is never empty (`minsize` is at least 1)
            numbered = enumerate(kept, first)
            count = len(kept)
        else:
            numbered = ((n, term) for n, term in enumerate(terms) if term is not None)
            count = len(terms) - terms.count(None)
        for position, term in numbered:
            if term in found:
                found[term].append(position)
            else:
                found[term] = [position]
        return found, count

    def spelling_words(self, words: list[str]) -> list[str]:
        """What FieldType.spellable_words gives for the text of these words: each word the stop
        filter keeps, unstemmed, once, in order (`positions` has seen them all)."""
        stems = self.stems
        return sorted({word for word in words if stems[word] is not None})


# Whoosh's default tokenizer pattern (whoosh.analysis.tokenizers.default_pattern), and one that
# finds the same words a quarter quicker. Once `[\w*]+` has taken every word character it can,
# the group `(\.?[\w*]+)` can only go on with a dot (without one, its `[\w*]+` has nothing left),
# so it is `\.[\w*]+`; and the first, greedy try at each step always succeeds (the group may
# match no more), so a match never gives characters back: possessive quantifiers find the same
# words without the regex engine keeping states to backtrack to.
_WHOOSH_WORDS = r"[\w\*]+(\.?[\w\*]+)*"
_WORDS = r"[\w*]++(?:\.[\w*]++)*+"


def _words_pattern(expression: re.Pattern) -> re.Pattern:
    """A pattern whose findall gives the words the tokenizer's `expression` finds: its groups
    made non-capturing, so that findall gives whole matches."""
    if expression.pattern == _WHOOSH_WORDS:
        return re.compile(_WORDS, expression.flags)
    return re.compile(re.sub(r"\((?!\?)", "(?:", expression.pattern), expression.flags)


def _is_plain_chain(analyzer) -> bool:
    """Whether `analyzer` is exactly tokenizer | lower case | [accent folding] | stop words |
    [stemmer], the chains _Analysis does (analysis.py makes each language's of these; another
    analyzer falls back to Whoosh's own path)."""
    if not isinstance(analyzer, CompositeAnalyzer) or not 3 <= len(analyzer.items) <= 5:
        return False
    tokenizer, lower, *rest = analyzer.items
    if rest and type(rest[-1]) is StemFilter:
        stem = rest.pop()
        if getattr(stem, "lang", None):
            return False
    if rest and type(rest[0]) is CharsetFilter:
        rest.pop(0)
    return (
        type(tokenizer) is RegexTokenizer
        and not tokenizer.gaps
        and type(lower) is LowercaseFilter
        and len(rest) == 1
        and type(rest[0]) is StopFilter
        and rest[0].min >= 1  # so no term is empty (_Analysis.positions drops empty ones)
    )


def _posting_size(fieldname: str, text: bytes, value: bytes | None) -> int:
    """PostingPool.add's estimate of a posting's memory."""
    return 150 + len(fieldname) + 2 * len(text) + len(value or b"")


class BuildSegmentWriter(SegmentWriter):
    """A SegmentWriter whose add_document is quicker for the build's documents. Documents with
    boosts (`_boost`, `_<field>_boost`) and fields with term vectors are refused: the build
    has neither."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self._analyses: dict[str, _Analysis] = {}
        for name, field in self.schema.items():
            if field.vector:
                raise ValueError(f"field {name} has term vectors, which this writer does not write")
            if (
                type(field.format) is Positions
                and field.format.field_boost == 1.0
                and _is_plain_chain(getattr(field, "analyzer", None))
            ):
                self._analyses[name] = _Analysis(field.analyzer)
        self._word_grams = {
            name: _WordGrams(field)
            for name, field in self.schema.items()
            if _WordGrams.handles(field) and not field.vector
        }
        # docnum -> rounded length, by field: what the length column gives back
        self._lengths: dict[str, dict[int, int]] = defaultdict(dict)
        # field -> term -> [docnum, weight, value, docnum, weight, value…] in the order added
        # (one list a term, as cheap to add to as the pool's one tuple a posting); None once
        # spilled into the pool
        self._grouped: dict[str, dict[bytes, list]] | None = defaultdict(dict)
        self._unsorted: set[tuple[str, bytes]] = set()  # terms with a docnum twice (spelling)
        self._terms_of_values: dict[tuple, tuple[list, int, int]] = {}  # see _REPEATING_VALUES

    def add_document(self, **fields) -> None:
        self._check_state()
        names = sorted(name for name in fields if not name.startswith("_"))
        if len(names) + sum(name.startswith("_stored_") for name in fields) != len(fields):
            raise ValueError("boosts are not supported by this writer")
        self._check_fields(self.schema, names)
        # Whoosh's add_document gives a field's spelling words the value of the last posting
        # the document added before them (a loop variable it reuses): kept the same
        last_value = None
        self.perdocwriter.start_doc(self.docnum)
        try:
            for name in names:
                if fields[name] is not None:
                    # what is stored and sorted on may be given apart (`_stored_title`)
                    stored = fields.get(f"_stored_{name}", fields[name])
                    last_value = self._add_field(name, fields[name], stored, last_value)
        except Exception:
            self.perdocwriter.cancel_doc()
            raise
        self.perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _add_field(self, fieldname: str, value, stored, last_value):
        field, docnum = self.schema[fieldname], self.docnum
        length, lower_words = 0, None
        if field.indexed:
            words, lower_words, last_value = self._add_postings(fieldname, field, value, last_value)
            if field.scorable:
                length = words
        if field.separate_spelling():
            spellfield = field.spelling_fieldname(fieldname)
            if lower_words is not None:
                words = self._analyses[fieldname].spelling_words(lower_words)
            else:
                words = field.spellable_words(value)
            self._add_spelling(spellfield, words, last_value)
        self.perdocwriter.add_field(fieldname, field, stored if field.stored else None, length)
        if length:
            self._lengths[fieldname][docnum] = byte_to_length(length_to_byte(length))
        if field.column_type and stored is not None:
            column_value = field.to_column_value(stored)
            self.perdocwriter.add_column_value(fieldname, field.column_type, column_value)
        return last_value

    def _add_spelling(self, spellfield: str, words: list[str], value) -> None:
        """A field's spelling words, as Whoosh adds them: each a posting of document 0, weight 1
        and the value of the document's last posting (so a word's postings are out of order
        from its second on: `_unsorted`)."""
        if self._grouped is None or not words:
            self._pool_add([(spellfield, word.encode("utf-8"), 0, 1, value) for word in words])
            return
        grouped, unsorted = self._grouped[spellfield], self._unsorted
        size = len(words) * (150 + len(spellfield) + len(value or b""))  # `_posting_size`
        for word in words:
            text = word.encode("utf-8")
            size += 2 * len(text)
            found = grouped.get(text)
            if found is None:
                grouped[text] = [0, 1, value]
            else:
                unsorted.add((spellfield, text))
                found += (0, 1, value)
        pool = self.pool
        pool.fieldnames.add(spellfield)
        pool.currentsize += size
        if pool.currentsize > pool.limit:
            self._spill()

    def _add_postings(self, fieldname: str, field, value, last_value):
        """A field's postings: its words, its words lower-cased when _Analysis found them (for
        its spelling words), and the value of the last posting added (`add_document`)."""
        docnum, lower_words = self.docnum, None
        analysis = self._analyses.get(fieldname)
        if analysis is not None and isinstance(value, str) and self._grouped is not None:
            lower_words = analysis.lower_words(value)
            positions, words = analysis.positions(lower_words)
            last_value = self._add_analysed(fieldname, positions, docnum) or last_value
        elif self._grouped is not None and (known := self._known_terms(fieldname, value)):
            terms, words, size = known
            if terms:
                self._add_terms(fieldname, terms, size, docnum)
                last_value = terms[-1][2]
        else:
            if analysis is not None and isinstance(value, str):
                postings, words = _analysed(fieldname, analysis, value, docnum)
            else:
                postings, words = self._other_postings(fieldname, field, value, docnum)
            if postings:
                last_value = postings[-1][4]
            self._pool_add(postings)
        return words, lower_words, last_value

    def _other_postings(self, fieldname: str, field, value, docnum: int):
        """The postings of a field _Analysis does not take: title prefixes a word at a time,
        repeating values once a value, anything else by Whoosh's field.index (`_indexed`)."""
        grams = self._word_grams.get(fieldname)
        if grams is not None and isinstance(value, str):
            return grams.postings(fieldname, value, docnum)
        known = self._value_terms(fieldname, value)
        if known is None:
            return _indexed(fieldname, field, value, docnum)
        terms, words, _size = known
        return [(fieldname, text, docnum, weight, vbytes) for text, weight, vbytes in terms], words

    def _known_terms(self, fieldname: str, value) -> tuple[list, int, int] | None:
        """A field's terms [(text, weight, value)] of a value, its words and the PostingPool size
        of their postings, for the title's prefixes and values that repeat; None for another
        field."""
        grams = self._word_grams.get(fieldname)
        if grams is not None:
            return grams.terms(fieldname, value) if isinstance(value, str) else None
        return self._value_terms(fieldname, value)

    def _value_terms(self, fieldname: str, value) -> tuple[list, int, int] | None:
        """The terms [(text, weight, value)] of a value of a field whose values repeat from page
        to page, its words, and the PostingPool size of its postings: worked out once a value
        (a date alone is eight terms, one a precision). None for another field."""
        field = self.schema[fieldname]
        if not isinstance(field, _REPEATING_VALUES) or isinstance(value, list | dict | set):
            return None
        key = (fieldname, value)
        known = self._terms_of_values.get(key)
        if known is None:
            if isinstance(field, NUMERIC) and field.shift_step and _is_number(value):
                terms = [(text, 1.0, b"") for text in _numeric_terms(field, value)]
                words = len(terms)
            else:
                postings, words = _indexed(fieldname, field, value, 0)
                terms = [(text, weight, vbytes) for _name, text, _doc, weight, vbytes in postings]
            size = sum(_posting_size(fieldname, text, vbytes) for text, _w, vbytes in terms)
            known = self._terms_of_values[key] = (terms, words, size)
        return known

    def _add_terms(self, fieldname: str, terms: list, size: int, docnum: int) -> None:
        """A document's postings of these terms [(text, weight, value)], straight into the
        field's terms, `size` added to the pool's (`_pool_add` for a field's known terms)."""
        grouped = self._grouped[fieldname]
        for text, weight, value in terms:
            found = grouped.get(text)
            if found is None:
                grouped[text] = [docnum, weight, value]
            else:
                if found[-3] >= docnum:
                    self._unsorted.add((fieldname, text))
                found += (docnum, weight, value)
        pool = self.pool
        pool.fieldnames.add(fieldname)
        pool.currentsize += size
        if pool.currentsize > pool.limit:
            self._spill()

    def add_reader(self, reader) -> None:
        # a merged segment's documents would need their lengths in _lengths too: the build never
        # merges while it writes (IndexBuild.update does, with Whoosh's own writer)
        raise NotImplementedError("BuildSegmentWriter only writes new documents")

    def _pool_add(self, postings: list[tuple]) -> None:
        """PostingPool.add for many postings at once: the same size counted, kept grouped by
        field and term until past the pool's limit, then in the pool (which spills to disk)."""
        if not postings:
            return
        pool = self.pool
        pool.fieldnames.update({posting[0] for posting in postings})
        if self._grouped is None:
            for posting in postings:
                pool.currentsize += _posting_size(posting[0], posting[1], posting[4])
                if pool.currentsize > pool.limit:
                    pool.save()
                pool.current.append(posting)
            return
        terms = self._grouped[postings[0][0]]  # a list holds one field's postings
        for fieldname, text, docnum, weight, value in postings:
            pool.currentsize += _posting_size(fieldname, text, value)
            found = terms.get(text)
            if found is None:
                terms[text] = [docnum, weight, value]
            else:
                if found[-3] >= docnum:
                    self._unsorted.add((fieldname, text))
                found += (docnum, weight, value)
        if pool.currentsize > pool.limit:
            self._spill()

    def _add_analysed(self, fieldname: str, positions: dict, docnum: int):
        """The postings of an analysed text field (`_Analysis.positions`), straight into the
        field's terms (each term once a document, so in order); the last posting's value."""
        terms, one_position, value = self._grouped[fieldname], _ONE_POSITION, None
        size = 0
        for text, where in positions.items():
            if len(where) == 1:  # most terms of a page
                weight = 1.0
                value = one_position.get(where[0]) or _encode_positions(where)
            else:
                weight = float(len(where))
                value = _encode_several(where)
            size += len(value)
            found = terms.get(text)
            if found is None:
                terms[text] = [docnum, weight, value]
            else:
                found += (docnum, weight, value)
        if positions:
            pool = self.pool
            pool.fieldnames.add(fieldname)
            # PostingPool.add's estimate (`_posting_size`), added up
            size += len(positions) * (150 + len(fieldname)) + 2 * sum(map(len, positions))
            pool.currentsize += size
            if pool.currentsize > pool.limit:
                self._spill()
        return value

    def _spill(self) -> None:
        """Hand the grouped postings to Whoosh's pool, which sorts them into a run on disk; the
        segment's later postings go to the pool too."""
        self.pool.current.extend(self._sorted_postings())
        self._grouped = None
        self.pool.save()

    def _terms(self, fieldname: str) -> list[tuple[bytes, list, list, list]]:
        """A field's terms in order, each with its postings sorted as the pool sorts them."""
        found = []
        for text, flat in sorted(self._grouped[fieldname].items()):
            docnums, weights, values = flat[0::3], flat[1::3], flat[2::3]
            if (fieldname, text) in self._unsorted:
                ordered = sorted(zip(docnums, weights, values, strict=True), key=_posting_order)
                docnums, weights, values = (list(column) for column in zip(*ordered, strict=True))
            found.append((text, docnums, weights, values))
        return found

    def _sorted_postings(self):
        for fieldname in sorted(self._grouped):
            for text, docnums, weights, values in self._terms(fieldname):
                for posting in zip(docnums, weights, values, strict=True):
                    yield (fieldname, text, *posting)

    def _flush_segment(self) -> None:
        """Whoosh's _flush_segment, with the field lengths from memory rather than read back
        from the column just written, and the grouped postings written a term at a time."""
        self.perdocwriter.close()
        lengths = _Lengths(self._lengths) if self.codec.length_stats else None
        fieldwriter = self.fieldwriter
        if self._grouped is None:
            fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        elif type(fieldwriter) is not W3FieldWriter:  # another codec: its own way in
            fieldwriter.add_postings(self.schema, lengths, self._sorted_postings())
        else:
            self._write_grouped(fieldwriter, lengths is not None)
        fieldwriter.close()

    def _write_grouped(self, fieldwriter: W3FieldWriter, with_lengths: bool) -> None:
        """What FieldWriter.add_postings does with the sorted postings, a term at a time."""
        terms = TermPostingsWriter(fieldwriter)
        for fieldname in sorted(self._grouped):
            terms.start_field(fieldname, self.schema[fieldname])
            known = self._lengths.get(fieldname, {}) if with_lengths else None
            for text, docnums, weights, values in self._terms(fieldname):
                lengths = None if known is None else list(map(known.get, docnums))
                terms.add_term(text, docnums, weights, values, lengths)
            terms.finish_field()


def _posting_order(posting: tuple) -> tuple:
    docnum, weight, value = posting
    return docnum, weight, value or b""


class _Lengths:
    """The field lengths the postings writer asks for, as the segment's length column would
    answer (None for a document without the field: its column holds 0)."""

    def __init__(self, lengths: dict[str, dict[int, int]]):
        self.lengths = lengths

    def doc_field_length(self, docnum: int, fieldname: str, default=0):
        return self.lengths.get(fieldname, {}).get(docnum)


def _analysed(fieldname: str, analysis: _Analysis, text: str, docnum: int):
    """The postings of a text field analysed by _Analysis, as Positions.word_values makes
    them, and the number of words (the field's length)."""
    found, words = analysis.positions(analysis.lower_words(text))
    postings = [
        (fieldname, term, docnum, float(len(where)), _encode_positions(where))
        for term, where in found.items()
    ]
    return postings, words


def _is_number(value) -> bool:
    """A value NUMERIC.index takes as one number (a date is one): not a list of them, not bytes
    (taken as already a term) and not None (no term)."""
    return value is not None and not isinstance(value, list | tuple | bytes)


def _numeric_terms(field: NUMERIC, value) -> list[bytes]:
    """NUMERIC.index's terms of a number: the number at each precision (its bits shifted right
    by a multiple of `shift_step`), the number made sortable once rather than at each."""
    whole = field.to_bytes(value)  # the shift (0), then the sortable number
    (number,) = field._struct.unpack(whole[1:])
    shifts = range(field.shift_step, field.bits, field.shift_step)
    return [whole, *(field.sortable_to_bytes(number, shift) for shift in shifts)]


def _indexed(fieldname: str, field, value, docnum: int):
    """The postings of any other field, by Whoosh's own field.index."""
    postings, words = [], 0
    for text, frequency, weight, vbytes in field.index(value):
        words += frequency
        postings.append((fieldname, text, docnum, weight * 1.0, vbytes))
    return postings, words


class _WordGrams:
    """What an N-gram words field (the title's prefixes for completions) indexes, a word at a
    time: the grams of each word are worked out by the field's own analyzer once a process,
    since they depend on the word alone, and counted for the text as Frequency.word_values
    counts them."""

    def __init__(self, field):
        self.words = _words_pattern(field.analyzer.items[0].expression)
        self.analyzer, self.boost = field.analyzer, field.format.field_boost
        self.grams: dict[str, list[str]] = {}

    @staticmethod
    def handles(field) -> bool:
        analyzer = getattr(field, "analyzer", None)
        if not isinstance(analyzer, CompositeAnalyzer) or len(analyzer.items) != 3:
            return False
        tokenizer, lower, grams = analyzer.items
        return (
            type(field.format) is Frequency
            and type(tokenizer) is RegexTokenizer
            and not tokenizer.gaps
            and type(lower) is LowercaseFilter
            and type(grams) is NgramFilter
        )

    def terms(self, fieldname: str, text: str) -> tuple[list, int, int]:
        """The terms [(gram, weight, value)] of a text as Frequency.word_values makes them, the
        number of grams (the field's words), and the PostingPool size of their postings."""
        counts: dict[bytes, int] = {}
        for word in self.words.findall(text):
            grams = self.grams.get(word)
            if grams is None:
                analysed = self.analyzer(word, mode="index", boosts=True)
                grams = self.grams[word] = [token.text.encode("utf-8") for token in analysed]
            for gram in grams:
                counts[gram] = counts.get(gram, 0) + 1
        boost = self.boost
        terms = [(gram, count * boost, pack_uint(count)) for gram, count in counts.items()]
        size = len(terms) * (150 + len(fieldname) + _UINT_SIZE) + 2 * sum(map(len, counts))
        return terms, sum(counts.values()), size

    def postings(self, fieldname: str, text: str, docnum: int):
        terms, words, _size = self.terms(fieldname, text)
        return [(fieldname, gram, docnum, weight, value) for gram, weight, value in terms], words


# Fields whose values repeat from page to page (a date, a type, a list of organisations): their
# terms are worked out once a value (a date alone is eight terms, one a precision).
_REPEATING_VALUES = (ID, KEYWORD, NUMERIC)


_ONE_POSITION: dict[int, bytes] = {}
_UINT_SIZE = len(pack_uint(0))  # a Frequency posting's value: its count


def _encode_positions(where: list[int]) -> bytes:
    """Positions.encode. Most stems are once in a field, so the bytes of one position are made
    once a process, not pickled again for each term of each page."""
    if len(where) != 1:
        return _encode_several(where)
    found = _ONE_POSITION.get(where[0])
    if found is None:
        found = _ONE_POSITION[where[0]] = _encode_several(where)
    return found


def _encode_several(where: list[int]) -> bytes:
    """Positions.encode's bytes (how many, then the pickled gaps from each position to the
    next), the gaps taken in one map call rather than a Python loop."""
    return pack_uint(len(where)) + dumps(list(map(sub, where, [0, *where])), 2)
