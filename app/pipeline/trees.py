"""The built site's folder, replaced whole: readers (nginx, the preview, a publish in progress)
see one build or the next, never a mix.

A clean build writes a new folder and swaps it in. An incremental build changes a few files of a
copy of the live folder and swaps that in. The copy is the *spare* (`.<out>.spare`, beside the
output): the folder the last build replaced, kept, so bringing it up to date costs only the files
the last two builds changed. Files are shared between the two folders as hard links and are never
written in place, only replaced (write a new file, rename it over the old), so changing one
folder never changes the other.

The swap is one `renameat2(RENAME_EXCHANGE)` on Linux; elsewhere two renames, with a moment
between them when the folder is missing.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def swap_into_place(built: Path, out: Path) -> Path | None:
    """Make `built` the folder at `out`; returns where the old one now is (`built`), or None if
    there was none."""
    if out.exists() and _exchange(built, out):
        return built
    if not out.exists():
        os.replace(built, out)
        return None
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    os.replace(out, old)
    os.replace(built, out)
    os.replace(old, built)
    return built


# Folders (by path) being deleted by `rm` while the build goes on: the last build's 80,000 files
# at 10,000 pages took over a second to delete, nearly all of it waiting on the file system. (A
# thread would not do: each unlink would wait for the build's busy thread to let go of Python.)
_removals: dict[str, subprocess.Popen] = {}


def remove_in_background(*folders: Path) -> None:
    """Start deleting these folders (those that exist and are not being deleted already);
    `finish_removals` waits for them."""
    rm = shutil.which("rm")
    for folder in map(os.fspath, folders):
        if folder in _removals or not os.path.lexists(folder):
            continue
        if rm is None:  # no rm (Windows): here and now
            shutil.rmtree(folder, ignore_errors=True)
        else:
            _removals[folder] = subprocess.Popen([rm, "-rf", "--", folder])


def finish_removals() -> None:
    """Wait until every folder given to `remove_in_background` is gone."""
    while _removals:
        _removals.popitem()[1].wait()


# The spare a clean build makes for the next build, being copied (`cp -al`) while the build
# finishes: by the out folder's path.
_copies: dict[str, tuple[Path, subprocess.Popen | None]] = {}


def copy_in_background(out: Path) -> None:
    """Start making the spare of the live folder a clean build just swapped in, for the next
    (incremental) build, which would otherwise copy 400,000 files' links itself (5 s at 100,000
    pages) before it could change one. `spare_made` finishes it."""
    copy = out.with_name(f".{out.name}.copying-{os.getpid()}")
    shutil.rmtree(copy, ignore_errors=True)
    cp = shutil.which("cp")
    if cp is None or not sys.platform.startswith("linux"):  # GNU cp's -al: here and now
        clone(out, copy)
        _copies[os.fspath(out)] = (copy, None)
    else:
        command = [cp, "-al", "--", os.fspath(out), os.fspath(copy)]
        _copies[os.fspath(out)] = (copy, subprocess.Popen(command, stderr=subprocess.DEVNULL))


def spare_made(out: Path) -> int | None:
    """The spare started by `copy_in_background`, in place once whole: its inode (None if it
    could not be made: the next build copies the live folder itself)."""
    copy, copying = _copies.pop(os.fspath(out), (None, None))
    if copy is None:
        return None
    finish_removals()  # the last spare among them
    if copying is not None and copying.wait() != 0:
        shutil.rmtree(copy, ignore_errors=True)
        return None
    os.replace(copy, spare_path(out))
    return _inode(spare_path(out))


def forget_copies() -> None:
    """Stop making the spares no build will use (the build that started them failed)."""
    while _copies:
        copy, copying = _copies.popitem()[1]
        if copying is not None:
            copying.kill()
            copying.wait()
        shutil.rmtree(copy, ignore_errors=True)


def spare_path(out: Path) -> Path:
    return out.with_name(f".{out.name}.spare")


def _replace_with_link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.link-{os.getpid()}")
    os.link(source, temporary)
    os.replace(temporary, target)


def _remove(root: Path, relative: str) -> None:
    """Remove a file and the folders it leaves empty (a clean build has no empty folders)."""
    path = root / relative
    try:
        path.unlink()
    except FileNotFoundError:
        return
    folder = path.parent
    while folder != root:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def clone(live: Path, copy: Path) -> None:
    """A copy of the live folder made of hard links."""
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(live, copy, copy_function=os.link)


def _inode(path: Path) -> int | None:
    try:
        return os.stat(path).st_ino
    except FileNotFoundError:
        return None


def _catch_up(live: Path, working: Path, delta: tuple[list[str], list[str]]) -> None:
    """Make a copy of the build before last equal the live folder, given what the last build
    wrote and removed in it."""
    written, removed = delta
    for relative in written:
        _replace_with_link(live / relative, working / relative)
    for relative in removed:
        _remove(working, relative)


def apply(working: Path, scratch: Path, written: list[str], removed: list[str]) -> None:
    """Move the files just built (in `scratch`) into the copy, and remove the files gone."""
    for relative in written:
        target = working / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(scratch / relative, target)
    for relative in removed:
        _remove(working, relative)


def update_and_swap(
    out: Path, scratch: Path, written: list[str], removed: list[str], last
) -> int | None:
    """Make the live folder plus these changes, and swap it in; returns the spare's inode for
    the next build. `last` is the last build's (delta, spare inode), or None.

    The spare is renamed while it is being changed, so a build stopped half way leaves no spare
    to be mistaken for a good one: the next build copies the live folder afresh."""
    spare = spare_path(out)
    for stale in out.parent.glob(f".{out.name}.updating-*"):
        shutil.rmtree(stale, ignore_errors=True)
    working = out.with_name(f".{out.name}.updating-{os.getpid()}")
    delta, spare_inode = last if last is not None else (None, None)
    if delta is not None and spare_inode is not None and _inode(spare) == spare_inode:
        os.replace(spare, working)
        _catch_up(out, working, delta)
    else:
        shutil.rmtree(spare, ignore_errors=True)
        clone(out, working)
    apply(working, scratch, written, removed)
    swap_into_place(working, out)
    os.replace(working, spare)  # the build before this one, for the next
    return _inode(spare)
