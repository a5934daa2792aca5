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


def test_a_forked_child_sends_its_values_in_order_as_it_goes():
    parallel.shared["value"] = "as forked"
    try:
        child = parallel.Forked(lambda send: [send(parallel.shared["value"]), send([1, 2])])
        parallel.shared["value"] = "changed after the fork"
        assert child.message() == "as forked"
        assert child.message() == [1, 2]
        child.close()
    finally:
        parallel.shared.pop("value", None)


def test_a_forked_childs_error_is_raised_here():
    def failing(send):
        send("first")
        raise RuntimeError("the walk failed")

    child = parallel.Forked(failing)
    assert child.message() == "first"
    try:
        child.message()
    except RuntimeError as exc:
        assert str(exc) == "the walk failed"
    else:
        raise AssertionError("the child's error was not raised in the parent")


def test_closing_stops_a_child_still_sending():
    """The build stops reading once the child says nothing changed: the child, still sending
    more than a pipe holds, must not keep the build waiting."""

    def endless(send):
        send("nothing changed")
        while True:
            send("x" * 1_000_000)

    child = parallel.Forked(endless)
    assert child.message() == "nothing changed"
    child.close()  # returns: the test would hang here otherwise


def test_without_fork_the_work_runs_here_when_asked(monkeypatch):
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    ran = []
    child = parallel.Forked(lambda send: [ran.append(True), send(1), send(2)])
    assert not ran and not child.sent()
    assert (child.message(), child.message()) == (1, 2) and ran == [True]
    child.close()


def taken(share):
    """The indexes this process took of the shared Turns (module level, for the pool)."""
    turns, count = parallel.shared["turns"]
    return list(turns.take(count))


def test_turns_hand_each_index_to_one_process_only():
    parallel.shared["turns"] = (parallel.Turns(), 500)
    try:
        shares = parallel.forked_map(taken, [0, 1, 2])
    finally:
        parallel.shared.pop("turns")
    every = sorted(index for share in shares for index in share)
    assert every == list(range(500))
    assert all(share == sorted(share) for share in shares)  # each in the order it asked
