"""Spread build work over the machine's cores by forking.

The build is CPU-bound Python (Markdown, Jinja, Whoosh), so threads would not help. Forked
children inherit the loaded site as it is in memory (copy-on-write), so nothing big is pickled on
the way in; each child returns its share of results. Where fork is missing (Windows) or there is
one core, the work runs in this process.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
from collections.abc import Callable, Sequence
from typing import Any

# What the parent leaves for its children: set before forking, read in the child.
shared: dict[str, Any] = {}
_counter = None

MIN_ITEMS_PER_JOB = 100  # below this, forking costs more than it saves


def default_jobs() -> int:
    return (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    )


def can_fork() -> bool:
    return "fork" in mp.get_all_start_methods()


def jobs_for(items: int, jobs: int, per_job: int = MIN_ITEMS_PER_JOB) -> int:
    """How many processes are worth starting for `items` pieces of work, at least `per_job`
    pieces each."""
    if not can_fork():
        return 1
    return max(1, min(jobs, items // per_job))


def tick(count: int = 1) -> None:
    """Report progress from a child (or from the parent when running in-process)."""
    if _counter is not None:
        with _counter.get_lock():
            _counter.value += count


def _start_child(counter) -> None:
    global _counter
    _counter = counter


def forked_map(
    function: Callable[[Any], Any],
    shares: Sequence[Any],
    on_progress: Callable[[int], None] | None = None,
    forked: Callable[[], None] | None = None,
) -> list[Any]:
    """`[function(share) for share in shares]`, one forked process per share.

    `function` must be a module-level function; it reads its inputs from `shared` and calls
    `tick()` as it goes, which reaches `on_progress` here. An exception in a child is raised here.
    `forked()`, if given, is called in this process once every child has its copy of its memory
    and before the results come back (never when the work runs in this process): to let go of
    what only the children needed.
    """
    global _counter
    context = mp.get_context("fork")
    counter = context.Value("q", 0)
    if len(shares) == 1:
        _counter = counter
        try:
            return [function(shares[0])]
        finally:
            _counter = None
    # What the parent holds now (the site, read and indexed) lives as long as the build: out of
    # the children's cycle collector's way, which would otherwise walk it at each of their full
    # collections (and, writing to each object's header as it walks, copy the pages of memory
    # the children share with the parent).
    gc.freeze()
    with context.Pool(len(shares), initializer=_start_child, initargs=(counter,)) as pool:
        pending = pool.map_async(function, shares)
        if forked is not None:
            forked()
        while not pending.ready():
            pending.wait(0.1)
            if on_progress:
                on_progress(counter.value)
        return pending.get()


class Forked:
    """`function(send)` running in a forked child (inputs by fork, as `forked_map`'s), while
    this process goes on: each `message()` is the next value it sent, in order, as they come.
    Where fork is missing, it runs in this process when its first message is asked for."""

    def __init__(self, function: Callable[[Callable[[Any], None]], None]):
        self._function, self._process, self._received = function, None, []
        if can_fork():
            context = mp.get_context("fork")
            self._connection, child_end = context.Pipe(duplex=False)
            self._process = context.Process(target=self._run, args=(child_end,), daemon=True)
            self._process.start()
            child_end.close()

    def _run(self, connection) -> None:
        self._connection.close()  # the parent's end, copied by the fork: only it reads there
        try:
            self._function(lambda value: connection.send(("value", value)))
            connection.send(("done", None))
        except BaseException as exc:  # noqa: BLE001 - raised again in the parent
            connection.send(("error", exc))
        finally:
            connection.close()

    def sent(self) -> bool:
        """Whether a message is waiting (never blocks)."""
        return self._process is not None and self._connection.poll()

    def message(self) -> Any:
        """The next value the child sent, waiting for it."""
        if self._process is None:  # no fork: run it here, once, keeping what it sends
            if self._function is not None:
                function, self._function = self._function, None
                function(self._received.append)
            return self._received.pop(0)
        kind, value = self._connection.recv()
        if kind == "error":
            self.close()
            raise value
        if kind == "done":
            raise EOFError("the child sent nothing more")
        return value

    def close(self) -> None:
        """Done with the child: stopped if it is still working (what it would send next is not
        wanted)."""
        if self._process is not None:
            self._connection.close()
            self._process.terminate()
            self._process.join()
            self._process = None


class Turns:
    """Indexes 0, 1, 2… handed out one at a time to whichever process asks first (made before
    the fork, shared by the children): for work whose pieces differ in cost, so that no process
    sits idle while another has much left (dealt like cards, one share took a third longer)."""

    def __init__(self):
        self._next = mp.Value("q", 0)

    def take(self, count: int):
        """The indexes below `count` that this process is to do, as it asks for them."""
        while True:
            with self._next.get_lock():
                index = self._next.value
                self._next.value = index + 1
            if index >= count:
                return
            yield index


def split(items: Sequence[Any], parts: int) -> list[list[Any]]:
    """Deal items out like cards, so each share gets a similar mix of big and small pages."""
    return [list(items[index::parts]) for index in range(parts)]
