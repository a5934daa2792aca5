"""Postings read a block at a time are exactly those Whoosh's matcher walks through."""

from __future__ import annotations

import pytest

from app.search.postings import postings
from app.search.schema import SEARCHED_FIELDS
from app.search.service import SearchService
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    from app.pipeline import build

    folder = tmp_path_factory.mktemp("postings")
    build(SAMPLE, folder / "dist", index_dir=folder / "index")
    service = SearchService(folder / "index")
    # the service and the searcher are held for the module's tests: once collected, the searcher
    # closes the files its reader reads (a flaky "I/O operation on closed file" otherwise)
    searcher = service._current().searcher()
    yield searcher.reader()
    del searcher, service


def _walked(reader, name, stem):
    pages, weights = [], []
    if (name, stem) in reader:
        matcher = reader.postings(name, stem)
        while matcher.is_active():
            pages.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
    return pages, weights


@pytest.mark.parametrize("name", SEARCHED_FIELDS)
def test_every_words_postings_are_the_matchers(reader, name):
    words = [t.decode("utf-8") for t in reader.lexicon(name)]
    assert len(words) > 20
    for stem in [*words, "qzxwvq"]:
        assert postings(reader, name, stem) == _walked(reader, name, stem), stem


def test_long_lists_of_several_segments_with_deleted_pages(tmp_path):
    """Blocks of 128 postings, several segments (numbered on from each other), and a segment
    with deleted pages (as an incremental build leaves it): read as Whoosh's matcher reads them,
    the deleted pages left out."""
    from whoosh.filedb.filestore import FileStorage

    from app.search.schema import make_schema

    storage = FileStorage(str(tmp_path))
    index = storage.create_index(make_schema())
    for segment in range(3):
        writer = index.writer()
        for n in range(300):
            words = " ".join(["common"] * (1 + n % 7) + ["rare"] * (n % 50 == 0))
            writer.add_document(path=f"/{segment}/{n}", title=f"Page {n}", body=words)
        writer.commit(merge=False)
    reader = index.reader()
    assert len(reader.readers) == 3
    expected = _walked(reader, "body", "common")
    assert len(expected[0]) == 900
    assert postings(reader, "body", "common") == expected
    assert postings(reader, "body", "rare") == _walked(reader, "body", "rare")
    reader.close()

    writer = index.writer()
    for n in range(0, 300, 3):
        writer.delete_by_term("path", f"/1/{n}")
    writer.commit(merge=False)
    with index.reader() as reader:
        assert reader.has_deletions()
        pages = postings(reader, "body", "common")
        assert pages == _walked(reader, "body", "common")
        assert len(pages[0]) == 800
