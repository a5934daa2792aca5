"""The service reads its index through a `current -> releases/<id>` symlink that a publish
switches (app/pipeline/publish.py): it must follow the switch without a restart, and a search
begun on the old release must finish on it."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from app.pipeline import build
from app.search.service import SearchRequest, SearchService
from tests.conftest import SMALL, SMALL_TODAY

PAGE = Path("roads") / "road-rules.md"


def _switch(root: Path, release: str) -> None:
    link = root / ".current.new"
    link.symlink_to(Path("releases") / release)
    os.replace(link, root / "current")


@pytest.fixture(scope="module")
def releases(tmp_path_factory) -> Path:
    """Two releases of the small content, the second with a page retitled."""
    root = tmp_path_factory.mktemp("releases")
    tree = root / "content"
    shutil.copytree(SMALL, tree)
    for release in ("one", "two"):
        if release == "two":
            page = tree / PAGE
            text = page.read_text(encoding="utf-8")
            page.write_text(text.replace("title: ", "title: Quarrelsome ", 1), encoding="utf-8")
        folder = root / "releases" / release
        build(tree, folder / "dist", index_dir=folder / "search-index", today=SMALL_TODAY)
    _switch(root, "one")
    return root


def _titles(service: SearchService, q: str) -> list[str]:
    return [hit.title for hit in service.search(SearchRequest(q=q)).hits]


def test_the_service_follows_a_switch_of_the_release_symlink(releases):
    service = SearchService(releases / "current" / "search-index")
    try:
        assert _titles(service, "quarrelsome") == []
        _switch(releases, "two")
        assert any(title.startswith("Quarrelsome") for title in _titles(service, "quarrelsome"))
    finally:
        _switch(releases, "one")


def test_a_search_begun_on_the_old_release_finishes_on_it(releases):
    """A request that picked up the live index just before the switch still reads the old
    release's files (each thread opens its own reader, possibly after the switch), not the
    same-named path inside the new release, where that generation does not exist."""
    service = SearchService(releases / "current" / "search-index")
    try:
        generation = service._current()  # what a request holds while it runs
        _switch(releases, "two")
        found: list = []

        def another_thread_reads():
            found.append(generation.searcher().doc_count())

        reader = threading.Thread(target=another_thread_reads)
        reader.start()
        reader.join()
        assert found and found[0] > 0
    finally:
        _switch(releases, "one")
