"""Sharing the build over processes must give exactly the site one process gives."""

from __future__ import annotations

import filecmp

from app import parallel
from app.pipeline import build
from tests.conftest import SAMPLE


def _files(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_two_processes_build_the_same_site_as_one(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_JOB", 1)  # share out even a small site
    one, two = tmp_path / "one", tmp_path / "two"
    build(SAMPLE, one, jobs=1)
    build(SAMPLE, two, jobs=2)
    assert _files(one) == _files(two)
    _match, mismatch, errors = filecmp.cmpfiles(one, two, _files(one), shallow=False)
    assert mismatch == [] and errors == []


def broken(share):
    """A share that fails (module level: the pool finds it by name in the child)."""
    raise RuntimeError(f"share {share} failed")


def test_a_failing_share_fails_the_build():
    try:
        parallel.forked_map(broken, [1, 2])
    except RuntimeError as exc:
        assert str(exc) in ("share 1 failed", "share 2 failed")
    else:
        raise AssertionError("the child's error was not raised in the parent")
