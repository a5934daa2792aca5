"""Writing the search index: linear in the pages, with each writer's memory bounded."""

from __future__ import annotations

from whoosh import index as whoosh_index
from whoosh.writing import PostingPool

from app import parallel
from app.pipeline import check
from app.search import indexer
from app.search.indexer import IndexBuild, current_generation
from tests.site.test_listings import write_tree


def test_a_writer_closes_its_segment_rather_than_sorting_postings_on_disk(tmp_path, monkeypatch):
    # Past its limit Whoosh's pool sorts postings on disk in runs and merges them back: the more
    # pages, the more runs, and indexing cost more per page the bigger the site.
    spills = []
    save = PostingPool.save
    monkeypatch.setattr(PostingPool, "save", lambda pool: spills.append(1) or save(pool))
    monkeypatch.setattr(indexer, "WRITER_LIMIT_MB", 0.5, raising=False)  # about 80 pages
    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_JOB", 1)
    site, _problems = check(write_tree(tmp_path / "content", 300, organisations=3, topics=2))
    for jobs in (1, 2):
        build = IndexBuild(tmp_path / f"index-{jobs}", procs=jobs)
        assert build.add_site(site) == 303
        build.commit()
        index = whoosh_index.open_dir(str(current_generation(tmp_path / f"index-{jobs}")))
        assert len(index._segments()) >= 3
        with index.searcher() as searcher:
            assert searcher.doc_count() == 303
            paths = {fields["path"] for fields in searcher.all_stored_fields()}
        assert paths == {*site.pages, *(org.url for org in site.organisations.values())}
    assert spills == []  # counted in this process: jobs=1 wrote here
