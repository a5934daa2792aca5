"""An incremental build's small segments are merged once there are too many, and the build's big
segments never are (Whoosh's own policy merged the whole index every few builds at 100,000
pages)."""

from __future__ import annotations

from whoosh import index as whoosh_index

from app.search import indexer
from app.search.schema import make_schema


def _document(n: int) -> dict:
    return {"path": f"/page-{n}", "title": f"Page {n}", "body": "words"}


def _segment(index, numbers) -> None:
    writer = index.writer()
    for n in numbers:
        writer.add_document(**_document(n))
    writer.commit(merge=False)


def _commit_change(index, n: int) -> None:
    """One incremental build's commit, as IndexBuild.update makes it."""
    writer = index.writer()
    writer.delete_by_term("path", "/page-0")
    writer.add_document(**_document(n))
    writer.commit(mergetype=indexer.merge_small_segments)


def test_small_segments_are_merged_and_big_ones_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(indexer, "SMALL_SEGMENT_DOCS", 20)
    monkeypatch.setattr(indexer, "SMALL_SEGMENTS_KEPT", 3)
    index = whoosh_index.create_in(str(tmp_path), make_schema())
    for first in range(0, 150, 50):  # three segments as a clean build writes them
        _segment(index, range(first, first + 50))
    for n in range(150, 153):  # three changes, one small segment each: kept as they are
        _commit_change(index, n)
    assert sorted(s.doc_count_all() for s in index.refresh()._segments()) == [1, 1, 1, 50, 50, 50]
    _commit_change(index, 153)  # a fourth small segment: too many
    _commit_change(index, 154)
    # the four small ones merged into the fifth change's; the big ones untouched
    assert sorted(s.doc_count_all() for s in index.refresh()._segments()) == [5, 50, 50, 50]
    with index.refresh().searcher() as searcher:
        paths = {fields["path"] for fields in searcher.all_stored_fields()}
    assert paths == {f"/page-{n}" for n in range(1, 155)}
