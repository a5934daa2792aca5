"""An incremental build updates the live index's documents in a new generation: the running
search service finds a page's new words and no longer finds its old ones or a deleted page's,
without a restart, even with its per-generation tables (impact orders, word tables) warm."""

from __future__ import annotations

import shutil
from pathlib import Path

from app.pipeline import build
from app.search.service import SearchRequest, SearchService
from tests.conftest import SMALL, SMALL_TODAY

PAGE = Path("roads") / "road-rules.md"


def _paths(service: SearchService, q: str) -> list[str]:
    return [hit.path for hit in service.search(SearchRequest(q=q)).hits]


def test_the_service_finds_what_an_incremental_build_changed(tmp_path):
    tree = tmp_path / "content"
    shutil.copytree(SMALL, tree)
    options = {"index_dir": tmp_path / "index", "cache_dir": tmp_path / "cache", "jobs": 1}
    build(tree, tmp_path / "dist", today=SMALL_TODAY, **options)
    service = SearchService(tmp_path / "index")
    assert "/road-rules" in _paths(service, "drive left")  # warms the tables of this generation
    assert _paths(service, "zebracrossing") == []

    page = tree / PAGE
    page.write_text(page.read_text() + "\nMind the zebracrossing.\n")
    assert build(tree, tmp_path / "dist", today=SMALL_TODAY, **options).incremental
    assert _paths(service, "zebracrossing") == ["/road-rules"]
    assert "/road-rules" in _paths(service, "drive left")  # still found for its old words

    page.write_text(page.read_text().replace("Mind the zebracrossing.", ""))
    news = tree / "roads" / "new-roads-announced.md"
    assert "/new-roads-announced" in _paths(service, "announced")
    news.unlink()
    assert build(tree, tmp_path / "dist", today=SMALL_TODAY, **options).incremental
    assert _paths(service, "zebracrossing") == []
    assert "/new-roads-announced" not in _paths(service, "announced")
