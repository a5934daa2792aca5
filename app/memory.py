"""Give the memory a process has freed back to the system; and, in a process that ends when its
work is done, do not free it at all."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import logging
import os
import sys
from functools import cache
from typing import NoReturn


@cache
def _libc():
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") else None  # glibc's; musl has none


def release_free_memory() -> bool:
    """Return the free pages of the C heap to the system (glibc's malloc_trim), so that what a
    long build freed stops counting in its resident size; whether it could (glibc only)."""
    libc = _libc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True


# -- a process that ends when its work is done ----------------------------------------------------
#
# Freeing what a 100,000-page build read, a few million objects one by one, took half a second
# of its 5: when the process ends right after (`build.py build`), the system takes the memory
# back at once. Such a process says so (`keep_to_the_end`); the build then hands what it read
# to `keep`, and the process ends with `end`. Anywhere else (the preview's server, the tests)
# nothing is kept and everything is freed as usual.

_kept: list | None = None


def keep_to_the_end() -> None:
    """This process ends when its work is done, with `end`: what `keep` is given from now on
    is not freed before."""
    global _kept
    if _kept is None:
        _kept = []


def keep(*objects) -> None:
    """Hold these to the process's end if it keeps what it read (`keep_to_the_end`)."""
    if _kept is not None:
        _kept.append(objects)


def end(code: int) -> NoReturn:
    """End the process now with this exit code, its output written, without freeing anything
    (no module teardown, no atexit: call it when the work and its reporting are done)."""
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)
