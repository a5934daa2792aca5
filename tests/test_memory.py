"""release_free_memory gives back to the system what the process freed amid what it keeps (the
build's parent, once its workers have each page's Markdown: app/pipeline/page_pass.py)."""

from __future__ import annotations

import sys

import pytest

from app.memory import release_free_memory

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20


def test_what_was_freed_between_what_is_kept_leaves_the_resident_size():
    # Long pages' Markdown (each string its own malloc block), with a small block kept between
    # each two, as the pages' objects are kept between their sources: freeing the big ones leaves
    # holes in the heap, which stay resident until their whole memory pages are given back.
    freed, kept = [], []
    for number in range(10_000):
        freed.append(f"{number:08d}" * 2_000)  # 16 kB
        kept.append(f"{number:08d}" * 80)  # 640 bytes: malloc too, not Python's small objects
    assert release_free_memory()
    before = resident_mb()
    del freed
    after_freeing = resident_mb()
    assert release_free_memory()
    after_release = resident_mb()
    assert before - after_freeing < 40  # freed, but still resident: the holes are in use
    assert after_freeing - after_release > 80  # of 160 MB freed (115 MB given back here)
    assert len(kept) == 10_000
