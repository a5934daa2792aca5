"""release_free_memory gives back to the system what the process freed amid what it keeps (the
build's parent, once its workers have each page's Markdown: app/pipeline/page_pass.py); a
process that ends when its work is done keeps what it is given, and ends with its output
written and its exit code."""

from __future__ import annotations

import gc
import subprocess
import sys
import weakref

import pytest

from app import memory
from app.config import PROJECT_ROOT
from app.memory import release_free_memory

glibc = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")


class Held:
    pass


def test_what_is_given_to_keep_is_freed_as_usual_in_a_process_that_goes_on():
    held = Held()
    gone = weakref.ref(held)
    memory.keep(held)  # the tests' process never said it keeps (keep_to_the_end)
    del held
    gc.collect()
    assert gone() is None


ENDING = """
import sys, weakref
from app import memory
class Held: pass
held = Held()
kept = weakref.ref(held)
memory.keep_to_the_end()
memory.keep(held)
del held
print("still held" if kept() is not None else "freed", end="")
sys.stderr.write("reported")
memory.end(3)
print("never printed")
"""


def test_a_process_that_keeps_to_the_end_ends_with_its_output_and_code():
    ran = subprocess.run(
        [sys.executable, "-c", ENDING],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert ran.returncode == 3
    assert ran.stdout == "still held"  # written though the process did not exit as usual
    assert ran.stderr == "reported"


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20


@glibc
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
