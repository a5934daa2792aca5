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


def what_is_shared(share):
    return parallel.shared["value"]


def test_forked_is_called_in_the_parent_once_every_child_has_its_copy():
    """The page pass lets go of every page's Markdown in `forked`: the children must have read
    it before, and what the parent does then must not reach them."""
    called = []

    def forked():
        called.append(parallel.shared["value"])
        parallel.shared["value"] = "let go of"

    parallel.shared["value"] = "as forked"
    try:
        assert parallel.forked_map(what_is_shared, [1, 2, 3], forked=forked) == ["as forked"] * 3
        assert called == ["as forked"] and parallel.shared["value"] == "let go of"
        called.clear()
        # one share runs in this process: nothing may be let go of before it has run
        assert parallel.forked_map(what_is_shared, [1], forked=forked) == ["let go of"]
        assert called == []
    finally:
        parallel.shared.pop("value", None)
