"""The built site's folder is replaced whole, and the spare copy an incremental build starts from
is trusted only when it is the folder the last build replaced."""

from __future__ import annotations

import os

from app.pipeline import trees


def _tree(root, files: dict[str, str]):
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def _read(root) -> dict[str, str]:
    return {
        str(path.relative_to(root)): path.read_text() for path in root.rglob("*") if path.is_file()
    }


def test_a_swap_exchanges_the_folders_and_keeps_the_old_one(tmp_path):
    live = _tree(tmp_path / "dist", {"index.html": "old"})
    built = _tree(tmp_path / "new", {"index.html": "new"})
    old = trees.swap_into_place(built, live)
    assert _read(live) == {"index.html": "new"}
    assert old == built and _read(built) == {"index.html": "old"}


def test_a_file_changed_in_the_copy_is_not_changed_in_the_live_folder(tmp_path):
    live = _tree(tmp_path / "dist", {"a.html": "a1", "deep/b.html": "b1"})
    scratch = _tree(tmp_path / "scratch", {"a.html": "a2"})
    spare_inode = trees.update_and_swap(live, scratch, ["a.html"], ["deep/b.html"], None)
    spare = trees.spare_path(live)
    assert _read(live) == {"a.html": "a2"}  # the emptied folder went with its file
    assert _read(spare) == {"a.html": "a1", "deep/b.html": "b1"}  # the last build, untouched
    assert os.stat(spare).st_ino == spare_inode


def test_the_spare_catches_up_with_the_last_build_before_taking_this_ones_changes(tmp_path):
    live = _tree(tmp_path / "dist", {"a.html": "a1", "b.html": "b1"})
    first = _tree(tmp_path / "s1", {"a.html": "a2"})
    inode = trees.update_and_swap(live, first, ["a.html"], [], None)
    second = _tree(tmp_path / "s2", {"b.html": "b2"})
    inode = trees.update_and_swap(live, second, ["b.html"], [], ((["a.html"], []), inode))
    assert _read(live) == {"a.html": "a2", "b.html": "b2"}
    assert _read(trees.spare_path(live)) == {"a.html": "a2", "b.html": "b1"}


def test_a_spare_that_is_not_the_last_builds_is_copied_afresh(tmp_path):
    live = _tree(tmp_path / "dist", {"a.html": "a1"})
    # a spare left by something else (or a build stopped half way): never trusted
    _tree(trees.spare_path(live), {"a.html": "stale", "junk.html": "junk"})
    scratch = _tree(tmp_path / "scratch", {"b.html": "b1"})
    trees.update_and_swap(live, scratch, ["b.html"], [], (([], []), 12345))
    assert _read(live) == {"a.html": "a1", "b.html": "b1"}


def test_folders_removed_in_the_background_are_gone_once_the_removals_finish(tmp_path):
    old = _tree(tmp_path / "old", {f"folder/{n}.html": "x" for n in range(200)})
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "elsewhere")  # a dangling link: removed, not followed
    trees.remove_in_background(old, link, tmp_path / "never-made")
    trees.remove_in_background(old)  # already going: not started twice
    trees.finish_removals()
    assert sorted(os.listdir(tmp_path)) == []
