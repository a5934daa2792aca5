"""A cached page comes back as it was read, without its bodies; a file's digest is taken again
only when its size, time or inode changed."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from app.content import load_content
from app.pipeline.sources import FileDigests, PageEntry, shell_of
from tests.conftest import SAMPLE


def test_every_sample_page_comes_back_from_its_cache_entry_as_read():
    site, problems = load_content(SAMPLE, render=False)
    assert not problems.errors
    for page in site.pages.values():
        entry = PageEntry(page.source.path, bool(page.parts), {}, page.url, b"", b"", (), [], "")
        entry.shell = shell_of(page)
        back = pickle.loads(pickle.dumps(entry)).page()
        assert back.meta == page.meta and back.url == page.url
        assert [(p.slug, p.url, p.title) for p in back.parts] == [
            (p.slug, p.url, p.title) for p in page.parts
        ]
        assert back.kind == page.kind and back.source.folder == page.source.folder
        for index, _old in enumerate(page.meta.redirect_from):  # what site-wide checks read
            loc = ("redirect_from", index)
            assert back.source.lines.line_of(loc) == page.source.lines.line_of(loc)


def test_a_digest_is_reused_only_while_the_files_stat_is_unchanged(tmp_path):
    path = tmp_path / "page.md"
    path.write_text("one")
    first = FileDigests()
    before = first.of(str(path))
    path.write_text("two")  # the same size: the time and the content differ
    os.utime(path, ns=(1, 1))
    later = FileDigests(known=first.seen)
    assert later.of(str(path)) != before
    # the same size, time and inode: taken as unchanged without reading it, as git does
    path.write_text("TWO")
    os.utime(path, ns=(1, 1))
    again = FileDigests(known=later.seen)
    assert again.of(str(path)) == later.of(str(path))
    assert FileDigests().of(str(Path(tmp_path / "missing.md"))) is None
