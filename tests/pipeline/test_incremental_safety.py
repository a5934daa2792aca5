"""Incremental builds when things go wrong (issue 12, goal 3): a corrupt or missing cache means a
clean, correct build and one line saying why; content errors fail the incremental build as they
fail a clean one, leaving the site and the index as they were; a build stopped half way leaves
nothing the next build would take for good; and readers never see half a build."""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import random
import shutil
import threading
import warnings
from pathlib import Path

import pytest

import app.pipeline as pipeline
from app.pipeline import ContentErrors, build, trees
from app.pipeline import cache as build_cache
from app.search.indexer import CURRENT, IndexBuild
from tests.pipeline.build_compare import Snapshot, assert_same_build
from tests.pipeline.content_tree import ContentTree, set_field
from tests.pipeline.incremental_builds import Builds


@pytest.fixture
def builds(tmp_path):
    return Builds(tmp_path)


# --- a cache that cannot be trusted ---------------------------------------------------------


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _garbage(path: Path) -> None:
    path.write_bytes(bytes(random.Random(12).randrange(256) for _ in range(path.stat().st_size)))


def _damaged(cache: Path, how: str) -> list[Path]:
    """Damage the cache's files: every one truncated, or only the smallest that has anything in
    it garbled (so that what is read first may still be whole)."""
    files = sorted((p for p in cache.rglob("*") if p.is_file() and p.stat().st_size), key=_size)
    if how == "one garbled":
        files = files[:1]
    for path in files:
        (_truncate if how == "truncated" else _garbage)(path)
    return files


def _size(path: Path) -> int:
    return path.stat().st_size


@pytest.mark.parametrize("how", ["truncated", "one garbled"])
def test_a_corrupt_cache_means_a_clean_correct_build_and_one_line_saying_so(builds, how):
    builds.incremental()
    assert _damaged(builds.cache, how)
    builds.append_to("/pay-a-court-fine", "\nA sentence the stale cache has never seen.\n")
    result = builds.incremental()
    assert not result.incremental
    assert result.cache_message and "\n" not in result.cache_message
    assert "cache" in result.cache_message
    assert_same_build(Snapshot.of(result, builds.index), builds.clean())
    assert builds.incremental().rendered == 0  # and the cache is whole again


def test_a_missing_cache_means_a_clean_correct_build_and_one_line_saying_so(builds):
    builds.incremental()
    shutil.rmtree(builds.cache)
    builds.append_to("/pay-a-court-fine", "\nA sentence built without a cache.\n")
    result = builds.incremental()
    assert not result.incremental
    assert result.cache_message and "\n" not in result.cache_message
    assert_same_build(Snapshot.of(result, builds.index), builds.clean())


def _pickles(path: Path) -> list[int]:
    """Where each of the file's pickles ends."""
    ends = []
    with open(path, "rb") as file:
        while file.peek(1):
            pickle.load(file)
            ends.append(file.tell())
    return ends


@pytest.mark.parametrize("damage", ["a part missing", "a part too many"])
def test_the_pages_cache_is_read_in_parts_and_only_whole(builds, monkeypatch, damage):
    """pages.pickle is written in parts, each pickled with a memo of its own (so the memo never
    holds the whole site: it made the build's peak memory). Read back, the parts are the same
    entries; with a part lost or one too many, the file is not trusted."""
    monkeypatch.setattr(build_cache, "PART", 7)
    builds.incremental()
    pages_file = builds.cache / build_cache.PAGES_FILE
    ends = _pickles(pages_file)
    assert len(ends) > 3 + len(builds.tree.site.pages) // 7  # the head, entries, fingerprints
    builds.append_to("/pay-a-court-fine", "\nA sentence read against the cache in parts.\n")
    result = builds.incremental()
    assert result.incremental and result.rendered < 10
    assert_same_build(Snapshot.of(result, builds.index), builds.clean())

    whole = pages_file.read_bytes()
    ends = _pickles(pages_file)
    if damage == "a part missing":
        pages_file.write_bytes(whole[: ends[-2]])
    else:
        pages_file.write_bytes(whole + whole[ends[-2] :])
    builds.append_to("/pay-a-court-fine", "\nAnother sentence.\n")
    result = builds.incremental()
    assert not result.incremental
    assert result.cache_message == (
        f"Build cache {builds.cache} not used: pages.pickle cannot be read "
        f"({'EOFError' if damage == 'a part missing' else 'ValueError'})."
    )
    assert_same_build(Snapshot.of(result, builds.index), builds.clean())


def test_a_few_changes_write_only_deltas_which_read_back_as_the_whole_state(builds, monkeypatch):
    """After a build with few changes, state.pickle is not written again (at 100,000 pages it
    holds the digests of every file): state-delta.pickle says what changed since, and the two
    read back as the state a build writes whole, through pages that came and went."""
    # "few": of the sample's hundred pages, a new one changes more outputs than the share
    monkeypatch.setattr(build_cache, "DELTA_SHARE", 1.0)
    builds.incremental()
    state_file = build_cache.STATE_FILE
    written = (builds.cache / state_file).stat()
    builds.append_to("/pay-a-court-fine", "\nA sentence kept in a delta.\n")
    assert builds.incremental().rendered < 10
    new_page = builds.tree.root / "cabinet-office" / "a-page-that-comes-and-goes.md"
    builds.tree.write(new_page, NEW_PAGE.format(extra=""))
    assert builds.tree.settle()
    assert builds.incremental().incremental
    assert "/a-page-that-comes-and-goes" in build_cache.load_state(builds.cache).urls
    builds.tree.delete(new_page)
    builds.append_to("/pay-a-court-fine", "\nAnother.\n")
    assert builds.incremental().incremental
    now = (builds.cache / state_file).stat()
    assert (now.st_ino, now.st_mtime_ns) == (written.st_ino, written.st_mtime_ns)
    assert (builds.cache / build_cache.STATE_DELTA_FILE).is_file()

    read = build_cache.load_state(builds.cache)
    builds.incremental(clean=True)
    assert not (builds.cache / build_cache.STATE_DELTA_FILE).exists()
    whole = build_cache.load_state(builds.cache)
    assert read.inputs == whole.inputs
    assert read.files == whole.files
    assert read.urls == whole.urls and "/a-page-that-comes-and-goes" not in read.urls
    assert (read.cards, read.pages, read.warnings) == (whole.cards, whole.pages, whole.warnings)


def test_a_clean_build_leaves_the_next_build_its_copy_of_the_site(builds, monkeypatch):
    """A clean build with a cache makes the copy of the site the next build changes (its spare,
    of hard links: trees.py), so that the next build does not copy the whole site before it
    can change a page (5 s at 100,000 pages); a clean build that fails leaves none."""
    builds.incremental()  # the first, a clean build
    spare = trees.spare_path(builds.out)
    files = [path for path in builds.out.rglob("*") if path.is_file()]
    assert len(files) > 100
    for path in files:
        assert (spare / path.relative_to(builds.out)).stat().st_ino == path.stat().st_ino
    assert not list(builds.out.parent.glob(f".{builds.out.name}.copying-*"))

    def no_copying(*_args):
        raise AssertionError("the site was copied again")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(trees, "clone", no_copying)
        builds.append_to("/pay-a-court-fine", "\nA sentence in the spare.\n")
        result = builds.incremental()
    assert result.incremental and result.rendered < 10
    assert_same_build(Snapshot.of(result, builds.index), builds.clean())

    def stopped(*_args):
        raise Stopped("after the swap")

    monkeypatch.setattr(pipeline, "write_server_files", stopped)
    with pytest.raises(Stopped):
        builds.incremental(clean=True)
    assert not list(builds.out.parent.glob(f".{builds.out.name}.copying-*"))


@pytest.mark.parametrize("lost", ["out", "index"])
def test_a_cache_whose_site_or_index_is_gone_is_not_trusted(builds, lost):
    """Someone deleted the output or the index but not the cache: the build must not patch what
    is no longer there."""
    builds.incremental()
    shutil.rmtree(getattr(builds, lost))
    builds.append_to("/pay-a-court-fine", "\nA sentence after a clean-up.\n")
    result = builds.incremental()
    assert_same_build(Snapshot.of(result, builds.index), builds.clean())


# --- a failed build -------------------------------------------------------------------------


NEW_PAGE = """---
title: A new page
description: A page that should not be built.
type: answer
organisation: cabinet-office
updated: 2026-01-01
{extra}---
Its body.
"""


def _delete_a_linked_page(tree: ContentTree) -> None:
    tree.delete(Path(tree.site.pages["/vehicle-tax-rates"].source.path))  # make-a-sorn links it


def _add_a_page_at_a_redirected_address(tree: ContentTree) -> None:
    tree.write(tree.root / "cabinet-office" / "vote.md", NEW_PAGE.format(extra=""))


def _add_a_page_at_a_used_address(tree: ContentTree) -> None:
    text = NEW_PAGE.format(extra="slug: pay-a-court-fine\n")
    tree.write(tree.root / "cabinet-office" / "another-court-fine.md", text)


def _redirect_a_live_page(tree: ContentTree) -> None:
    path = Path(tree.site.pages["/pay-a-court-fine"].source.path)
    tree.write(
        path, set_field(path.read_text(encoding="utf-8"), "redirect_from", ["/jury-service"])
    )


# Each makes an error in a file it leaves as it was: the build must check those again too.
BREAKING_EDITS = {
    "a link to a deleted page": (_delete_a_linked_page, "/vehicle-tax-rates"),
    "a page at a redirect's address": (_add_a_page_at_a_redirected_address, "/vote is a live"),
    "a page at another's address": (_add_a_page_at_a_used_address, "already used"),
    "a redirect from a live page": (_redirect_a_live_page, "/jury-service is a live"),
}


def _fails_like_a_clean_build(builds: Builds, make_error, error: str, before: Snapshot) -> None:
    live_index = (builds.index / CURRENT).read_text()
    make_error(builds.tree)
    with pytest.raises(ContentErrors) as incremental:
        builds.incremental()
    with quiet_about_files_left_open():  # a leak with a test of its own, below
        clean_errors = _errors_of_a_clean_build(builds)
    errors = [str(problem) for problem in incremental.value.problems.errors]
    assert errors == clean_errors
    assert any(error in message for message in errors)
    assert (builds.index / CURRENT).read_text() == live_index
    assert_same_build(before.again(), before)
    builds.tree.revert()


def _open_files_under(folder: Path) -> list[str]:
    """The files this process has open in `folder` (Linux: /proc/self/fd)."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            target = os.readlink(f"/proc/self/fd/{fd}")
            if target.startswith(str(folder)):
                found.append(target)
    return found


@contextlib.contextmanager
def quiet_about_files_left_open():
    """Free what failed builds left behind inside (their tracebacks, files left open) without
    the ResourceWarnings failing whichever test the garbage collector happens to run in."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        yield
        gc.collect()


def _errors_of_a_clean_build(builds: Builds) -> list[str]:
    with pytest.raises(ContentErrors) as clean:
        builds.clean()
    return [str(problem) for problem in clean.value.problems.errors]


def _open_after_a_failed_clean_build(builds: Builds, index: Path) -> list[str]:
    with pytest.raises(ContentErrors) as failed:
        build(builds.tree.root, builds.work / "failed", index_dir=index, jobs=1)
    assert failed.value  # what it holds is alive while the files are listed
    return _open_files_under(index)


def test_a_clean_build_that_fails_leaves_no_file_open(builds):
    _delete_a_linked_page(builds.tree)
    with quiet_about_files_left_open():
        left_open = _open_after_a_failed_clean_build(builds, builds.work / "failed-index")
    assert left_open == []


def test_edits_that_break_the_content_fail_like_a_clean_build_and_change_nothing(builds):
    before = Snapshot.of(builds.incremental(), builds.index)
    for name, (make_error, error) in BREAKING_EDITS.items():
        try:
            _fails_like_a_clean_build(builds, make_error, error, before)
        except AssertionError as failure:
            raise AssertionError(f"{name}: {failure}") from failure
    result = builds.incremental()  # as the build before the errors
    assert_same_build(Snapshot.of(result, builds.index), before)


# --- a build stopped half way ---------------------------------------------------------------


class Stopped(Exception):
    """The build was stopped here (a crash, a kill, the machine going down)."""


# Where a build is stopped: (module or class, function, whether the function runs first).
STOPS = {
    "after rendering": (pipeline, "freeze", True),
    "after indexing, before the index is made live": (IndexBuild, "update", True),
    "after changing the spare copy, before the swap": (trees, "apply", True),
    "just after the swap": (trees, "swap_into_place", True),
}


def _stop_in(patch: pytest.MonkeyPatch, where: str) -> None:
    owner, name, runs_first = STOPS[where]
    real = getattr(owner, name)

    def stopped(*args, **kwargs):
        if runs_first:
            real(*args, **kwargs)
        raise Stopped(where)

    patch.setattr(owner, name, stopped)


def test_after_a_build_stopped_half_way_the_next_build_is_right(builds):
    """Each stop before the swap leaves the site and the index as they were; after any stop,
    the edit undone and another made, the next build (with the cache) is the clean build. (The
    undone edit is what would show a half-changed copy of the site taken for a good one: the
    next build has no reason to render that page again.)"""
    before = Snapshot.of(builds.incremental(), builds.index)
    path = builds.page_file("/pay-a-court-fine")
    for step, where in enumerate(STOPS):
        builds.tree.write(path, path.read_text() + f"\nA sentence undone after stop {step}.\n")
        with pytest.MonkeyPatch.context() as patch, pytest.raises(Stopped):
            _stop_in(patch, where)
            builds.incremental()
        if where != "just after the swap":
            assert_same_build(before.again(), before)
        builds.tree.revert()
        builds.append_to("/jury-service", f"\nA sentence written after stop {step}.\n")
        before = Snapshot.of(builds.incremental(), builds.index)
        try:
            assert_same_build(before, builds.clean())
        except AssertionError as failure:
            raise AssertionError(f"after a stop {where}: {failure}") from failure


# --- readers ----------------------------------------------------------------------------------

PAIR = ("/pay-a-court-fine", "/jury-service")


def _read_pair(out: Path) -> tuple[str, str]:
    """Both pages as one reader sees them: from the folder `out` named when it began (as a web
    server resolves a request), however long the second read takes."""
    folder = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    try:
        texts = []
        for url in PAIR:
            file = os.open(f"{url.lstrip('/')}.html", os.O_RDONLY, dir_fd=folder)
            with open(file, encoding="utf-8") as page:
                texts.append(page.read())
        return texts[0], texts[1]
    finally:
        os.close(folder)


class Reader:
    """Reads the pair again and again, noting which version each read saw and what went wrong."""

    def __init__(self, out: Path):
        self.out, self.seen, self.problems = out, [], []

    def read(self) -> None:
        try:
            pair = _read_pair(self.out)
        except OSError as exc:  # the folder or a page missing, even for a moment
            self.problems.append(repr(exc))
            return
        if not all(text.rstrip().endswith("</html>") for text in pair):
            self.problems.append("a page read half written")
        self.seen.append(tuple("new" if "marker-new" in text else "old" for text in pair))

    def read_until(self, done: threading.Event) -> None:
        while True:
            finished = done.is_set()  # so the last read begins after the build has ended
            self.read()
            if finished:
                return


def test_readers_see_the_whole_old_site_or_the_whole_new_one(builds, monkeypatch):
    """One reader races the build in a thread; another reads after each rename the build makes
    (os.replace), which no race can miss."""
    for url in PAIR:
        builds.append_to(url, "\nThis page says marker-old.\n")
    builds.incremental()
    for url in PAIR:
        path = builds.page_file(url)
        path.write_text(path.read_text().replace("marker-old", "marker-new"), encoding="utf-8")
    assert builds.tree.settle()
    racing, stepping, done = Reader(builds.out), Reader(builds.out), threading.Event()
    replace = os.replace

    def replace_then_read(*args, **kwargs):
        replace(*args, **kwargs)
        stepping.read()

    monkeypatch.setattr(os, "replace", replace_then_read)
    thread = threading.Thread(target=racing.read_until, args=(done,))
    thread.start()
    try:
        builds.incremental()
    finally:
        done.set()
        thread.join()
        monkeypatch.undo()
    for reader in (racing, stepping):
        assert reader.problems == []
        assert set(reader.seen) <= {("old", "old"), ("new", "new")}
    assert stepping.seen and stepping.seen[-1] == ("new", "new")
    assert racing.seen[0] == ("old", "old") and racing.seen[-1] == ("new", "new")


# --- what a body edit takes from the last build ---------------------------------------------


@pytest.mark.parametrize("name", ["portal.conf", "service.json", "redirects.nginx.conf"])
def test_a_file_for_the_servers_that_is_gone_is_written_again(builds, name):
    """A body edit keeps the files beside the site as the last build wrote them (nothing they
    follow from changed); one that is gone is written again, as a clean build writes it."""
    builds.incremental()
    beside = builds.out.parent / name
    before = beside.read_bytes()
    builds.append_to("/pay-a-court-fine", "\nA sentence after a clean-up.\n")
    assert builds.incremental().incremental
    assert beside.read_bytes() == before
    beside.unlink()
    builds.append_to("/pay-a-court-fine", "\nAnother sentence.\n")
    result = builds.incremental()
    assert result.incremental and beside.read_bytes() == before
    assert_same_build(Snapshot.of(result, builds.index), builds.clean())


def test_the_service_routes_come_from_the_cache_of_a_build_of_the_same_code(builds, monkeypatch):
    from app import reserved_urls

    builds.incremental()
    remembered = []
    monkeypatch.setattr(reserved_urls, "remember", remembered.append)
    builds.append_to("/pay-a-court-fine", "\nA sentence after a clean-up.\n")
    assert builds.incremental().incremental
    # as the build that wrote the cache read them, and forgotten when the build ends
    assert remembered == [reserved_urls._read_routes()]
    assert reserved_urls._remembered == []
