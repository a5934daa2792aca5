"""The build cache: what the last build was made from, so the next one does only what changed.

Files written (each atomically) after each successful build: `<cache>/pages.pickle`, each
page's entry and each output's fingerprint, and then `<cache>/state.pickle`, the rest, which is
all a build with nothing to do reads; or, when few pages changed since those two were written,
only what changed since in each, `<cache>/pages-delta.pickle` and then
`<cache>/state-delta.pickle` (so that a one-page change does not write the cache of 100,000 pages
again). state.pickle holds:

- the *build key*: a digest of everything global to a build — the portal's code, templates and
  front-end files, the installed Python packages, the content that is not a page (site.yaml,
  topics.yaml, redirects.yaml, search.yaml, organisations/, contacts/, forms/) and the build's
  options. When it differs, nothing is reused and the build is a clean one.
- each page file's entry (app/pipeline/sources.py), and the digests of the files read;
- each output's fingerprint (app/site/fingerprints.py), the URLs the site publishes, the day it
  was built (consultations open and close by it);
- what the last build changed in the output folder (app/pipeline/trees.py), which output folder
  and index generation it made.

Beside them, `<cache>/templates/` keeps the compiled page templates (app/i18n/templates.py).

A cache that cannot be read, or that belongs to another output or index, is not used: the build
is a clean one and says why in one line. It never gives a wrong site.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import itertools
import os
import pickle
import platform
import sys
from dataclasses import dataclass, field, fields, replace

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None
from pathlib import Path

from app.config import PROJECT_ROOT
from app.content.loader import NOT_PAGES, SPECIAL_FOLDERS, page_file_names
from app.parallel import Forked
from app.reserved_urls import ReservedUrls

from .assets import ASSET_FILES
from .sources import FileDigests, PageEntry

CACHE_FORMAT = 6  # raise when what the files hold changes
STATE_FILE = "state.pickle"
PAGES_FILE = "pages.pickle"
DELTA_FILE = "pages-delta.pickle"
STATE_DELTA_FILE = "state-delta.pickle"
# the compiled templates (app/i18n/templates.py), cleared when the key changes
TEMPLATES_FOLDER = "templates"
# pages.pickle is written again when the changes since it outgrow this share of the site
DELTA_SHARE = 0.05
# pages.pickle is pickled in parts of this many entries (or fingerprints), each with a memo of its
# own: the pickler's memo holds every object it has written, and of the whole PagesState at once
# it made the build's peak (+88 MB at 30,000 pages, in the parent, while the cache was written)
PART = 2_000


class CacheUnusable(Exception):
    """The cache cannot be used; the message says why, in a few words."""


@dataclass
class PagesState:
    """The bigger half of the state, read only when something changed."""

    stamp: str  # the same as its BuildState's: they were written together
    entries: dict[str, PageEntry]  # by page file, absolute
    fingerprints: dict[str, bytes]  # by output URL
    base: str = ""  # the stamp of the pages.pickle these were read from, with the delta on it
    # entries (by file) and fingerprints (by URL) changed since that pages.pickle
    entries_since: set = field(default_factory=set)
    outputs_since: set = field(default_factory=set)

    def changed(
        self, entries: dict[str, PageEntry], replaced: set, fingerprints: dict, outputs
    ) -> PagesState:
        """The next state: these entries, of which those `replaced` (by file) are not these
        ones, and these fingerprints, of which only those of `outputs` (URLs) may differ;
        remembering what differs from the base."""
        old_outputs = self.fingerprints
        outputs_since = self.outputs_since | {
            url for url in outputs if old_outputs.get(url) != fingerprints.get(url)
        }
        entries_since = self.entries_since | replaced
        return PagesState("", entries, fingerprints, self.base, entries_since, outputs_since)


@dataclass
class PagesDelta:
    base: str  # the stamp of the pages.pickle it applies to
    stamp: str
    entries: dict  # file -> PageEntry, or None when the page went
    fingerprints: dict  # URL -> fingerprint, or None when the output went


@dataclass
class BuildState:
    key: bytes
    today: dt.date
    inputs: dict[str, tuple[bool, dict]]  # page file -> (a guide?, its files' digests)
    warnings: list  # the build's warnings, as Problem objects
    pages: int  # HTML pages in the site
    stamp: str  # names the PagesState written with it
    urls: frozenset  # the URLs links may point at (crossref.site_urls)
    cards: bytes  # digest of the pages' cards in order (app/pipeline/incremental.py)
    files: dict  # path -> ((size, mtime, inode), digest): FileDigests.known
    out: tuple[str, int]  # the output folder and its inode when this build made it
    generation: str | None  # the search index generation it made
    delta: tuple[list[str], list[str]] | None = None  # what it wrote and removed in `out`
    spare: int | None = None  # the inode of the folder it replaced (app/pipeline/trees.py)
    redirects: int = 0  # in the nginx map it wrote beside `out`
    reserved: ReservedUrls | None = None  # the service's URLs (app/reserved_urls.py)
    format: int = field(default=CACHE_FORMAT)
    # read with a StateDelta: the inputs and files (keys) and the URLs added and removed since
    # state.pickle, which the next delta lists too; None when read from state.pickle alone
    since: tuple | None = None


@dataclass
class StateDelta:
    """What changed in the state since state.pickle was written, as PagesDelta is to
    pages.pickle: writing the inputs and digests of 100,000 files again took 0.36 s of a
    one-page edit's build."""

    base: str  # the stamp of the state.pickle it applies to
    state: BuildState  # this build's, its inputs and files only those changed (None: gone)
    urls: tuple  # the URLs added and removed (frozensets); `state.urls` is left empty


def code_files() -> list[Path]:
    """The portal's own files a build's output depends on: its code, templates, and the front-end
    files copied into every site."""
    files = [
        path
        for path in sorted((PROJECT_ROOT / "app").rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    ]
    return files + [source for source, _name in ASSET_FILES]


def global_content_files(content_dir: Path) -> list[Path]:
    """The content that is not a page: a change to it may change any page. (Not the content
    guide, README.md: the build never reads it.)"""
    files = [
        path
        for path in sorted(content_dir.iterdir())
        if path.is_file() and path.name not in NOT_PAGES
    ]
    for folder in sorted(SPECIAL_FOLDERS):
        files += sorted(p for p in (content_dir / folder).rglob("*") if p.is_file())
    return files


# The portal itself, installed editable: its code is in the key file by file, so its metadata is
# left out. Besides the venv's, setuptools leaves a portal.egg-info in the project's folder, found
# only when that folder is on sys.path (`python -m cProfile build.py` has it, `python build.py`
# not), which made the key differ between the two
PROJECT_DISTRIBUTION = "portal"
METADATA_FOLDERS = (".dist-info", ".egg-info")


def _packages() -> str:
    """The installed packages and their versions, each once, however sys.path finds them: the
    names of their metadata folders (`<name>-<version>.dist-info`, as installers name them),
    which change whenever a package is added, removed or upgraded. Parsing each one's METADATA
    (importlib.metadata) took 0.1 s of every build, a no-change build's twentieth."""
    found = set()
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:  # a zip file, or a folder that is not there
            continue
        for name in names:
            if name.endswith(METADATA_FOLDERS):
                package = name.rsplit(".", 1)[0]  # <name>-<version>[-py3.11]
                if package.split("-", 1)[0].lower() != PROJECT_DISTRIBUTION:
                    found.add(package)
    return "\n".join([sys.version, platform.machine(), *sorted(found)])


def build_key(content_dir: Path, options: dict, digests: FileDigests) -> bytes:
    hasher = hashlib.blake2b(f"format {CACHE_FORMAT}\0{_packages()}\0".encode(), digest_size=16)
    hasher.update(repr(sorted(options.items())).encode())
    hasher.update(os.getcwd().encode())  # problems name files relative to it
    for path in [*code_files(), *global_content_files(content_dir)]:
        hasher.update(str(path).encode() + b"\0" + (digests.of(str(path)) or b"-"))
    return hasher.digest()


@contextlib.contextmanager
def locked(cache_dir: Path):
    """One build at a time with a cache (and so with its site and index): another waits."""
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    with open(cache_dir / "lock", "w") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


@contextlib.contextmanager
def made_for_the_build():
    """Python's cycle collector off while a few million objects that hold no cycles are made:
    it would walk the growing heap again and again (seconds at 100,000 pages). They live to the
    end of the build, so they are then frozen out of its way too (its next full collection
    walked them all: 0.5 s at 100,000 pages); the build unfreezes when it ends
    (app/pipeline/__init__.py)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_on:
            gc.enable()


@contextlib.contextmanager
def _reading(path: Path):
    """One of the cache's files, open to read what the build keeps: any damage to it (an error
    while it is read) makes the cache unusable."""
    if not path.is_file():
        raise CacheUnusable("there is none yet")
    try:
        with open(path, "rb") as file, made_for_the_build():
            yield file
    except CacheUnusable:
        raise
    except Exception as exc:  # noqa: BLE001 - any damage to the file means the same
        raise CacheUnusable(f"{path.name} cannot be read ({type(exc).__name__})") from None


def _read(path: Path, kind: type):
    with _reading(path) as file:
        value = pickle.load(file)
    complete = isinstance(value, kind) and all(hasattr(value, f.name) for f in fields(kind))
    if not complete or getattr(value, "format", CACHE_FORMAT) != CACHE_FORMAT:
        raise CacheUnusable(f"{path.name} was written by another version")
    return value


def load_state(cache_dir: Path) -> BuildState:
    state = _read(Path(cache_dir) / STATE_FILE, BuildState)
    if not (Path(cache_dir) / STATE_DELTA_FILE).is_file():
        return state
    delta = _read(Path(cache_dir) / STATE_DELTA_FILE, StateDelta)
    if delta.base != state.stamp:  # left from before state.pickle was written whole
        return state
    now = delta.state
    for whole, changed in ((state.inputs, now.inputs), (state.files, now.files)):
        for key, value in changed.items():
            if value is None:
                whole.pop(key, None)
            else:
                whole[key] = value
    added, removed = delta.urls
    urls = (state.urls - removed) | added if added or removed else state.urls
    since = (set(now.inputs), set(now.files), added, removed)
    now.inputs, now.files, now.urls, now.since = state.inputs, state.files, urls, since
    return now


def _read_pages(path: Path, stop=None) -> PagesState | None:
    """pages.pickle: a head (format, stamp, how many parts of each), then the entries' parts
    and the fingerprints' parts, each a pickle of its own; None if `stop()` said to stop."""
    with _reading(path) as file:
        head = pickle.load(file)
        if not (isinstance(head, dict) and head.get("format") == CACHE_FORMAT):
            raise CacheUnusable(f"{path.name} was written by another version")
        entries, fingerprints = {}, {}
        for _ in range(head["entries"]):
            if stop is not None and stop():
                return None
            entries.update(pickle.load(file))
        for _ in range(head["fingerprints"]):
            fingerprints.update(pickle.load(file))
        if file.read(1):
            raise ValueError("more than its head says")
    return PagesState(head["stamp"], entries, fingerprints, head["stamp"])


def _parts(mapping: dict):
    """The mapping in dicts of PART items, made one at a time."""
    items = iter(mapping.items())
    while part := dict(itertools.islice(items, PART)):
        yield part


def _write_pages(path: Path, pages: PagesState) -> None:
    def count(mapping: dict) -> int:
        return -(-len(mapping) // PART)

    head = {
        "format": CACHE_FORMAT,
        "stamp": pages.stamp,
        "entries": count(pages.entries),
        "fingerprints": count(pages.fingerprints),
    }
    _write(path, itertools.chain([head], _parts(pages.entries), _parts(pages.fingerprints)))


def load_pages(cache_dir: Path, state: BuildState, stop=None) -> PagesState | None:
    """The pages' half of the cache; None if `stop()`, asked between its parts, said to stop."""
    pages = _read_pages(Path(cache_dir) / PAGES_FILE, stop)
    if pages is None:
        return None
    if pages.stamp != state.stamp:
        delta = _read(Path(cache_dir) / DELTA_FILE, PagesDelta)
        if (delta.base, delta.stamp) != (pages.stamp, state.stamp):
            raise CacheUnusable(f"{PAGES_FILE} is not from the same build as {STATE_FILE}")
        for key, entry in delta.entries.items():
            if entry is None:
                pages.entries.pop(key, None)
            else:
                pages.entries[key] = entry
        for url, value in delta.fingerprints.items():
            if value is None:
                pages.fingerprints.pop(url, None)
            else:
                pages.fingerprints[url] = value
        pages.entries_since, pages.outputs_since = set(delta.entries), set(delta.fingerprints)
    for key, entry in pages.entries.items():
        known = state.inputs.get(key)
        if known is None:
            raise CacheUnusable(f"{PAGES_FILE} and {STATE_FILE} do not list the same pages")
        entry.inputs = known[1]
    pages.stamp = state.stamp
    return pages


def _write(path: Path, values) -> None:
    """The values, one pickle each (each with a memo of its own), into the file at once."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    with open(temporary, "wb") as file:
        for value in values:
            pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)


def save_state(
    cache_dir: Path, state: BuildState, pages: PagesState, last: BuildState | None = None
) -> None:
    """Write the cache: in full, or, when few pages changed since it was and `last` (the last
    build's state) is given, only what changed since (the deltas)."""
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    pages.stamp = state.stamp
    small = len(pages.entries_since) + len(pages.outputs_since) <= DELTA_SHARE * len(pages.entries)
    if pages.base and small and last is not None:
        delta = PagesDelta(
            pages.base,
            state.stamp,
            {key: pages.entries.get(key) for key in pages.entries_since},
            {url: pages.fingerprints.get(url) for url in pages.outputs_since},
        )
        _write(cache_dir / DELTA_FILE, [delta])
        _write(cache_dir / STATE_DELTA_FILE, [_state_delta(pages.base, state, last)])
    else:
        _write_pages(cache_dir / PAGES_FILE, pages)
        _write(cache_dir / STATE_FILE, [state])
        (cache_dir / STATE_DELTA_FILE).unlink(missing_ok=True)


def _changed_keys(now: dict, last: dict) -> set:
    return {key for key, value in now.items() if last.get(key) != value} | (last.keys() - now)


def _state_delta(base: str, state: BuildState, last: BuildState) -> StateDelta:
    """`state` as a delta on the state.pickle with stamp `base`, which `last` (read from it and
    the delta after it, if any) was."""
    inputs, files, added, removed = last.since or (set(), set(), frozenset(), frozenset())
    inputs = inputs | _changed_keys(state.inputs, last.inputs)
    files = files | _changed_keys(state.files, last.files)
    if state.urls != last.urls:  # added and removed since the base, from those since `last`
        gained, lost = state.urls - last.urls, last.urls - state.urls
        added, removed = (added - lost) | (gained - removed), (removed - gained) | (lost - added)
    changes = replace(
        state,
        inputs={key: state.inputs.get(key) for key in inputs},
        files={key: state.files.get(key) for key in files},
        urls=frozenset(),
        since=None,
    )
    return StateDelta(base, changes, (frozenset(added), frozenset(removed)))


def checked_in_a_child(content_dir: Path, state: BuildState, digests: FileDigests):
    """`nothing_changed`, worked out in a forked child while this process reads the pages'
    half of the cache (listing and stat-ing 100,000 page files took a fifth of a one-page
    edit's build): it sends whether nothing changed, then what the build goes on with, the page
    files found and the digests of every file the cached pages were made from (`Found`).
    (app/parallel.py's Forked; in this process where there is no fork.)"""

    def check(send) -> None:
        found: list = []
        send(nothing_changed(content_dir, state, digests, found))
        send(Found.of(found, state, digests))

    return Forked(check)


@dataclass
class Found:
    """The page files the check for changes found, and the digests of the files their cached
    entries were made from, as the child sends them: in a form quick to pickle (the list and the
    digests of 100,000 files as they were took 0.6 s to send and receive).

    When the page files are the last build's (`same_pages`), `digests` holds only the files not
    as the last build found them (None for a file now missing): the rest are the cache's own.
    """

    names: str  # the page files, joined by NUL
    guides: bytes  # for each, 1 if it is a guide's index.md
    digests: dict  # path -> ((size, mtime, inode), digest) or None: FileDigests.seen's form
    same_pages: bool

    @classmethod
    def of(cls, found: list, state: BuildState, digests: FileDigests) -> Found:
        """Takes the digests of the files the found pages' cached entries were made from (those
        `nothing_changed` did not reach, once it found a change), noting those that differ."""
        names = "\0".join(path for path, _is_guide in found)
        guides = bytes(is_guide for _path, is_guide in found)
        inputs, known, seen, differ = state.inputs, state.files, digests.seen, {}
        for path, _is_guide in found:
            entry = inputs.get(path)
            for file in entry[1] if entry is not None else ():
                digests.of(file)
                now = seen.get(file)
                if now is None or now is not known.get(file):
                    differ[file] = now
        same = len(found) == len(inputs) and all(path in inputs for path, _g in found)
        return cls(names, guides, differ if same else dict(seen), same)

    def files(self) -> list[tuple[str, bool]]:
        names = self.names.split("\0") if self.names else []
        return list(zip(names, map(bool, self.guides), strict=True))

    def add_to(self, digests: FileDigests, state: BuildState) -> None:
        """Into `digests.seen`: the digests of the files the cached pages were made from."""
        if not self.same_pages:
            digests.seen.update(self.digests)
            return
        seen = {**state.files, **digests.seen}  # what this process took itself stays
        for file, now in self.digests.items():
            if now is None:
                seen.pop(file, None)
            else:
                seen[file] = now
        digests.seen = seen


def nothing_changed(
    content_dir: Path, state: BuildState, digests: FileDigests, found: list
) -> bool:
    """Whether every page file is as the last build found it, and no file came or went. The
    page files found are added to `found`, all of them, for the build to go on with."""
    same = True
    inputs, unchanged = state.inputs, digests.unchanged
    for path, is_guide in page_file_names(content_dir):  # absolute: the build makes it so
        found.append((path, is_guide))
        if same:
            known = inputs.get(path)
            same = known is not None and known[0] == is_guide and unchanged(known[1])
    return same and len(found) == len(inputs)
