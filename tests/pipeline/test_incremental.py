"""Incremental builds (issue 12, goal 3) are clean builds, only faster: after any sequence of edits
to the sample content, a build that reuses the cache writes the same bytes (every file of the
site and its .gz copy), the same nginx map, the same search documents and the same warnings as a
clean build of the same tree; a corrupt or missing cache means a clean build and a one-line
message; a failed build leaves the site and the index as they were; and readers never see half a
build.

The property test runs two sequences of every kind of edit (tests/pipeline/content_edits.py), the
same two on every run, in about 75 s of CPU here (each step is an incremental and a clean build,
~2.5 s with one job). When the cache or the fingerprints change, run more, with new seeds:
PORTAL_INCREMENTAL_EXAMPLES=20 pytest tests/pipeline/test_incremental.py -k any_edits
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import tempfile
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

import app.pipeline as pipeline
from app.pipeline import ContentErrors, build, trees
from app.pipeline import cache as build_cache
from app.search.indexer import CURRENT, IndexBuild
from tests.conftest import SAMPLE
from tests.pipeline.build_compare import Snapshot, assert_same_build
from tests.pipeline.content_edits import EDITS, ContentTree, apply, set_field

EXAMPLES = int(os.environ.get("PORTAL_INCREMENTAL_EXAMPLES", "2"))
# Edits of pages alone must reuse the cache, or this test would pass on a build that always starts
# again. An edit of what is global to a build (search.yaml, redirects.yaml, the day) may make a
# clean build; one of the code must.
PAGE_EDITS = {
    "body",
    "front matter",
    "new page",
    "deleted page",
    "renamed slug",
    "organisation or topic",
    "related link",
    "step-by-step link",
    "media",
    "guide part",
}


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

    def incremental(self):
        return build(
            self.tree.root,
            self.out,
            index_dir=self.index,
            cache_dir=self.cache,
            today=self.tree.today,
            jobs=1,
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


@pytest.fixture
def builds(tmp_path):
    return Builds(tmp_path)


# --- the property ---------------------------------------------------------------------------


def edit_sequences():
    """Every kind of edit, once each, in a random order, on random pages with random words."""
    return st.tuples(st.permutations(sorted(EDITS)), st.integers(0, 2**32 - 1))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES <= 2,  # the same sequences on every run, CI included
    phases=[Phase.explicit, Phase.generate],  # no shrinking: every step costs two builds
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=edit_sequences())
def test_after_any_edits_an_incremental_build_is_a_clean_build(tmp_path, sequence):
    names, seed = sequence
    rng = random.Random(seed)
    work = Path(tempfile.mkdtemp(dir=tmp_path))
    try:
        with code_probe_fingerprinted(work / "code-probe.txt"):
            builds = Builds(work)
            assert not builds.incremental().incremental  # no cache yet
            for name in names:
                description = apply(builds.tree, name, rng)
                note(f"{name}: {description or 'skipped, no valid edit'}")
                result = builds.incremental()
                assert_same_build(Snapshot.of(result, builds.index), builds.clean())
                check_cache_use(name, description, result, builds.tree)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def check_cache_use(name: str, description: str | None, result, tree: ContentTree) -> None:
    if description is None:  # nothing changed
        assert result.incremental and result.rendered == 0, result
    elif name == "template":
        assert not result.incremental, "a change to the code reused the cache"
    elif name in PAGE_EDITS and not tree.changed_shared_content():  # e.g. a link in site.yaml
        assert result.incremental, f"the {name} edit ({description}) rebuilt everything"


# --- what a build renders -------------------------------------------------------------------


def test_a_build_with_no_change_renders_nothing(builds):
    before = Snapshot.of(builds.incremental(), builds.index)
    again = builds.incremental()
    assert again.incremental and again.cache_message is None
    assert again.rendered == 0
    assert_same_build(Snapshot.of(again, builds.index), before)


def test_a_body_edit_renders_only_that_pages_html_and_content_json(builds):
    before = Snapshot.of(builds.incremental(), builds.index)
    builds.append_to("/pay-a-court-fine", "\nYou can also pay at the counter of any court.\n")
    result = builds.incremental()
    assert result.incremental and result.rendered == 2
    after = Snapshot.of(result, builds.index)
    assert after.changed_files(before) == [
        "api/content/pay-a-court-fine.json",
        "api/content/pay-a-court-fine.json.gz",
        "pay-a-court-fine.html",
        "pay-a-court-fine.html.gz",
    ]
    assert_same_build(after, builds.clean())


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
    with pytest.raises(ContentErrors) as clean:
        builds.clean()
    errors = [str(problem) for problem in incremental.value.problems.errors]
    assert errors == [str(problem) for problem in clean.value.problems.errors]
    assert any(error in message for message in errors)
    assert (builds.index / CURRENT).read_text() == live_index
    assert_same_build(before.again(), before)
    builds.tree.revert()


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
