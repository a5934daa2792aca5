"""A copy of the sample content built again and again with the build cache, and clean beside it,
for the incremental build tests (tests/pipeline/test_incremental*.py)."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest

from app.pipeline import build
from app.pipeline import cache as build_cache
from tests.conftest import SAMPLE
from tests.pipeline.build_compare import Snapshot
from tests.pipeline.content_tree import ContentTree


@contextlib.contextmanager
def code_probe_fingerprinted(probe: Path):
    """Count `probe` as one of the portal's code files in the cache's build key, so a test can
    change "the code" without touching the repository."""
    code_files = build_cache.code_files
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build_cache, "code_files", lambda: [*code_files(), probe])
        yield


class Builds:
    """One content tree built again and again into the same output, index and cache, and, to
    compare with, clean into folders of its own each time."""

    def __init__(self, work: Path):
        self.work = work
        self.tree = ContentTree.copy_of(SAMPLE, work / "content", work / "code-probe.txt")
        self.out, self.index, self.cache = work / "site" / "out", work / "index", work / "cache"
        self.clean_builds = 0

    def incremental(self, clean: bool = False):
        """A build with the cache (`clean`: a clean build that writes the cache afresh)."""
        return build(
            self.tree.root,
            self.out,
            index_dir=self.index,
            cache_dir=self.cache,
            today=self.tree.today,
            jobs=1,
            clean=clean,
        )

    def clean(self) -> Snapshot:
        self.clean_builds += 1
        folder = self.work / f"clean-{self.clean_builds}"
        try:
            result = build(
                self.tree.root,
                folder / "out",
                index_dir=folder / "index",
                today=self.tree.today,
                jobs=1,
            )
            return Snapshot.of(result)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def page_file(self, url: str) -> Path:
        return Path(self.tree.site.pages[url].source.path)

    def append_to(self, url: str, text: str) -> None:
        path = self.page_file(url)
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
        assert self.tree.settle()
