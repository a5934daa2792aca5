"""The build's segment writer writes what Whoosh's own SegmentWriter writes: read back through
Whoosh, every term, posting (document, weight, positions), term statistic, field length, stored
field and column is the same, for the sample site, generated pages and awkward text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from app.pipeline import check
from app.search.indexer import _documents
from app.search.schema import make_schema
from app.search.segment_writer import BuildSegmentWriter
from tests.site.test_listings import write_tree

ROOT = Path(__file__).resolve().parents[2]

AWKWARD_TEXTS = [
    "",
    "the and of a",  # stop words only: no postings, no length
    "The cat; the CAT, the cats and the catting cat.",
    "İstanbul ﬁle Straße naïve café — ½ ² x₂ ΑΒΓ σς",
    "hi there 3.141 big-time under_score a.b.c. ..dots.. 1.2.3",
    "word " * 300 + "end",
    "a" * 500 + " short",
    "Tab\tseparated\nlines\r\nand\u00a0non-breaking\u2009spaces",
]
# Welsh, for the Welsh chain (accent folding, the Welsh stop list, no stemmer): circumflexes
# and other accents upper and lower case, stop words only, mutated forms, apostrophes
WELSH_TEXTS = [
    "Ynglŷn â'r ŵyl YNGLŶN Â'R ŴYL",
    "a'r yn y i o ac ar",  # stop words only
    "Rhoi gwybod am dwll yn y ffordd: twll, dwll, nhwll; ffyrdd ffordd",
    "hŷn ffôn FFÔN phlât plât caniatâd Ŵyr tŷ TŶ",
    "Ëe èè éé naïve café ﬁle İ σς ½",
]


def _document(number: int, text: str) -> dict:
    return {
        "path": f"/awkward-{number}",
        "title": text[:80] or "Untitled",
        "description": text[::-1],
        "headings": text.upper(),
        "body": text * 2,
        "organisation_names": text[:10],
        "organisations": "agency-one,agency-two" if number % 2 else "",
        "type": "guide",
        "topics": "roads",
        "updated": dt.datetime(2026, 1, 1 + number % 28),
        "title_prefixes": text[:40],
        "title_length": len(text),
    }


def _written(
    folder: Path, writer_class, documents: list[dict], limitmb: int = 256, language: str = "en"
) -> Path:
    folder.mkdir(parents=True)
    index = whoosh_index.create_in(str(folder), make_schema(language))
    writer = writer_class(index, limitmb=limitmb)
    for document in documents:
        writer.add_document(**document)
    writer.commit()
    return folder


def _postings(reader, fieldname: str, text: bytes) -> list:
    matcher = reader.postings(fieldname, text)
    found = []
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight(), matcher.value()))
        matcher.next()
    return found


def _min_max(reader, fieldname: str) -> tuple | None:
    try:
        return reader.min_field_length(fieldname), reader.max_field_length(fieldname)
    except TypeError:  # Whoosh's answer for a field no document has words in
        return None


def contents(folder: Path) -> dict:
    """Everything a reader gives back of the index, by field."""
    index = whoosh_index.open_dir(str(folder))
    with index.reader() as reader:
        docs = range(reader.doc_count_all())
        found: dict = {"stored": [reader.stored_fields(n) for n in docs]}
        for fieldname, field in index.schema.items():
            if field.column_type:
                found[f"column {fieldname}"] = list(reader.column_reader(fieldname))
        for fieldname, text in reader.all_terms():
            info = reader.term_info(fieldname, text)
            found.setdefault(fieldname, {})[text] = (
                info.weight(),
                info.doc_frequency(),
                info.min_length(),
                info.max_length(),
                info.max_weight(),
                _postings(reader, fieldname, text),
            )
        for fieldname in index.schema.scorable_names():
            found[f"lengths {fieldname}"] = (
                reader.field_length(fieldname),
                _min_max(reader, fieldname),
                [reader.doc_field_length(n, fieldname) for n in docs],
            )
    return found


def assert_same_index(
    tmp_path: Path, documents: list[dict], limitmb: int = 256, language: str = "en"
) -> dict:
    whoosh = contents(_written(tmp_path / "whoosh", SegmentWriter, documents, limitmb, language))
    build = contents(_written(tmp_path / "build", BuildSegmentWriter, documents, limitmb, language))
    assert build.keys() == whoosh.keys()
    for key in whoosh:
        assert build[key] == whoosh[key], key
    return build


def _in(language: str, documents) -> list[dict]:
    return [document for code, document in documents if code == language]


def test_the_sample_sites_documents_are_written_as_whoosh_writes_them(tmp_path):
    site, problems = check(ROOT / "content")
    assert not problems.errors
    documents = list(_documents(site))
    welsh_pages = sum(page.language == "cy" for page in site.pages.values())
    assert welsh_pages >= 2
    written = assert_same_index(tmp_path / "en", _in("en", documents))
    assert len(written["stored"]) == len(site.pages) - welsh_pages + len(site.organisations)
    assert len(written["body"]) > 1000  # a real index was compared, not two empty ones
    # the Welsh pages, and the organisations' Welsh pages, by the Welsh chain
    welsh = assert_same_index(tmp_path / "cy", _in("cy", documents), language="cy")
    assert len(welsh["stored"]) == welsh_pages + len(site.organisations)
    assert b"twll" in welsh["body"] and b"yn" not in welsh["body"]


def test_generated_pages_are_written_as_whoosh_writes_them(tmp_path):
    site, _problems = check(write_tree(tmp_path / "content", 120, organisations=3, topics=2))
    assert_same_index(tmp_path, [document for _language, document in _documents(site)])


def test_awkward_text_is_analysed_as_whoosh_analyses_it(tmp_path):
    written = assert_same_index(
        tmp_path, [_document(n, text) for n, text in enumerate(AWKWARD_TEXTS)]
    )
    assert written["body"][b"cat"][1] == 1  # "cats", "catting" and "CAT" stemmed to one term
    assert b"the" not in written["body"]  # stop words dropped


def test_welsh_text_is_analysed_as_whoosh_analyses_it(tmp_path):
    texts = WELSH_TEXTS + AWKWARD_TEXTS
    written = assert_same_index(
        tmp_path, [_document(n, text) for n, text in enumerate(texts)], language="cy"
    )
    body = written["body"]
    # folded, not stemmed: "ŵyl" and "ŴYL" one term; "ffordd" and "ffyrdd" two; stop words gone
    assert body[b"wyl"][1] == 1 and b"\xc5\xb5yl" not in body
    assert b"ffordd" in body and b"ffyrdd" in body and b"ffor" not in body
    assert b"cats" in body and b"cat" in body  # no English stemmer
    assert not {b"yn", b"ar", b"ac"} & body.keys()


@pytest.mark.parametrize("language", ["en", "cy"])
def test_each_languages_text_fields_take_the_one_loop_not_whooshs_generic_path(tmp_path, language):
    index = whoosh_index.create_in(str(tmp_path), make_schema(language))
    writer = BuildSegmentWriter(index)
    analysed = {"title", "description", "headings", "body", "organisation_names"}
    assert set(writer._analyses) == analysed
    writer.cancel()


def test_the_pool_counts_the_postings_size_as_whoosh_counts_it(tmp_path):
    # the build closes a segment by this count (SegmentsWriter), so it decides the segments
    site, _problems = check(write_tree(tmp_path / "content", 30, organisations=2, topics=1))
    sizes = []
    for writer_class in (SegmentWriter, BuildSegmentWriter):
        (tmp_path / writer_class.__name__).mkdir()
        index = whoosh_index.create_in(str(tmp_path / writer_class.__name__), make_schema())
        writer = writer_class(index)
        for _language, document in _documents(site):
            writer.add_document(**document)
        sizes.append((writer.pool.currentsize, sorted(writer.pool.fieldnames)))
        writer.cancel()
    assert sizes[0] == sizes[1]
    assert sizes[0][0] > 100_000


def test_a_pool_spilling_to_disk_gives_the_same_index(tmp_path):
    # past its limit the pool sorts its postings into runs on disk: counted the same way
    site, _problems = check(write_tree(tmp_path / "content", 60, organisations=2, topics=1))
    documents = [document for _language, document in _documents(site)]
    assert_same_index(tmp_path, documents, limitmb=0.05)


def test_boosts_are_refused_rather_than_ignored(tmp_path):
    (tmp_path / "index").mkdir()
    index = whoosh_index.create_in(str(tmp_path / "index"), make_schema())
    writer = BuildSegmentWriter(index)
    with pytest.raises(ValueError, match="boosts"):
        writer.add_document(path="/a", title="A", _boost=2.0)
    writer.cancel()


def test_merging_a_segment_in_is_refused(tmp_path):
    # its documents' lengths would be missing from the writer's memory
    folder = _written(tmp_path / "whoosh", SegmentWriter, [_document(1, "one segment")])
    index = whoosh_index.open_dir(str(folder))
    writer = BuildSegmentWriter(index)
    with index.reader() as reader, pytest.raises(NotImplementedError):
        writer.add_reader(reader)
    writer.cancel()


def _blocks_compression(folder: Path, fieldname: str, text: bytes) -> list[int]:
    """The compression each block of a term's postings is marked with, in order."""
    index = whoosh_index.open_dir(str(folder))
    with index.reader() as reader:
        matcher = reader.postings(fieldname, text)
        found = [matcher._compression]
        while not matcher._lastblock:
            matcher._next_block()
            found.append(matcher._compression)
    return found


def test_terms_of_several_blocks_are_written_as_whoosh_writes_them(tmp_path):
    # Whoosh writes a term's postings in blocks of 128: a word on 130 pages, as often as a
    # page's number says (weights that differ, and a block whose weights are all the same), and
    # a word on one page
    documents = [
        _document(n, f"common {'often ' * (1 + n % 5)}" + ("once " * 3 if n == 7 else ""))
        for n in range(130)
    ]
    written = assert_same_index(tmp_path, documents)
    assert written["body"][b"common"][1] == 130
    often = {weight for _doc, weight, _value in written["body"][b"often"][5]}
    assert often == {2.0, 4.0, 6.0, 8.0, 10.0}
    assert written["body"][b"onc"][:2] == (6.0, 1)
    # zlib would make a block of a posting or two longer: such blocks are stored as they are;
    # a full block it makes much shorter
    build, whoosh = tmp_path / "build", tmp_path / "whoosh"
    assert _blocks_compression(build, "path", b"/awkward-7") == [0]
    assert _blocks_compression(whoosh, "path", b"/awkward-7") == [3]
    assert _blocks_compression(build, "body", b"often")[0] == 3

    def size(folder: Path) -> int:
        return sum(file.stat().st_size for file in folder.iterdir())

    assert size(build) < size(whoosh)


def test_the_quicker_words_pattern_finds_whooshs_tokens():
    from whoosh.analysis import RegexTokenizer

    from app.search.segment_writer import _words_pattern

    tokenizer = RegexTokenizer()
    words = _words_pattern(tokenizer.expression)
    assert words.pattern != tokenizer.expression.pattern  # the quicker one, not a copy
    texts = [*AWKWARD_TEXTS, *WELSH_TEXTS, "a*b *c* d.*e f*.g h..i j. .k 1.2.3. x_y.z", "é.ü*ß"]
    for text in texts:
        assert words.findall(text) == [token.text for token in tokenizer(text)], text


def test_positions_and_dates_are_encoded_as_whoosh_encodes_them():
    from whoosh.fields import DATETIME, NUMERIC
    from whoosh.formats import Positions

    from app.search.segment_writer import _encode_positions, _numeric_terms

    for where in ([0], [3], [300], [1, 2], [0, 5, 900, 70_000], list(range(0, 3000, 7))):
        assert _encode_positions(where) == Positions().encode(where)
    numbers = [
        (DATETIME(), dt.datetime(2026, 1, 2)),
        (DATETIME(), dt.datetime(1901, 12, 31, 23, 59, 59, 999)),
        (NUMERIC(), -17),
        (NUMERIC(bits=64), 2**40),
        (NUMERIC(float), 2.5),
    ]
    for field, value in numbers:
        assert _numeric_terms(field, value) == [term for term, *_ in field.index(value)], value
