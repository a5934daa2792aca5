"""The build cache: what the last build was made from, so the next one does only what changed.

One file, `<cache>/state.pickle`, written (atomically) after each successful build:

- the *build key*: a digest of everything global to a build — the portal's code, templates and
  front-end files, the installed Python packages, the content that is not a page (site.yaml,
  topics.yaml, redirects.yaml, search.yaml, organisations/, contacts/, forms/) and the build's
  options. When it differs, nothing is reused and the build is a clean one.
- each page file's entry (app/pipeline/sources.py), and the digests of the files read;
- each output's fingerprint (app/site/fingerprints.py), the URLs the site publishes, the day it
  was built (consultations open and close by it);
- what the last build changed in the output folder (app/pipeline/trees.py), which output folder
  and index generation it made.

A cache that cannot be read, or that belongs to another output or index, is not used: the build
is a clean one and says why in one line. It never gives a wrong site.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import platform
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from app.config import PROJECT_ROOT
from app.content.loader import SPECIAL_FOLDERS

from .assets import ASSET_FILES
from .sources import FileDigests, PageEntry

CACHE_FORMAT = 1
STATE_FILE = "state.pickle"


class CacheUnusable(Exception):
    """The cache cannot be used; the message says why, in a few words."""


@dataclass
class BuildState:
    key: bytes
    today: dt.date
    entries: dict[str, PageEntry]  # by page file, absolute
    fingerprints: dict[str, bytes]  # by output URL
    urls: frozenset  # the URLs links may point at (crossref.site_urls)
    cards: bytes  # digest of the pages' cards in order (app/pipeline/incremental.py)
    files: dict  # path -> ((size, mtime, inode), digest): FileDigests.known
    out: tuple[str, int]  # the output folder and its inode when this build made it
    generation: str | None  # the search index generation it made
    delta: tuple[list[str], list[str]] | None = None  # what it wrote and removed in `out`
    format: int = field(default=CACHE_FORMAT)


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
    """The content that is not a page: a change to it may change any page."""
    files = [path for path in sorted(content_dir.iterdir()) if path.is_file()]
    for folder in sorted(SPECIAL_FOLDERS):
        files += sorted(p for p in (content_dir / folder).rglob("*") if p.is_file())
    return files


def _packages() -> str:
    names = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    return "\n".join([sys.version, platform.machine(), *names])


def build_key(content_dir: Path, options: dict, digests: FileDigests) -> bytes:
    hasher = hashlib.blake2b(f"format {CACHE_FORMAT}\0{_packages()}\0".encode(), digest_size=16)
    hasher.update(repr(sorted(options.items())).encode())
    hasher.update(os.getcwd().encode())  # problems name files relative to it
    for path in [*code_files(), *global_content_files(content_dir)]:
        hasher.update(str(path).encode() + b"\0" + (digests.of(str(path)) or b"-"))
    return hasher.digest()


def load_state(cache_dir: Path) -> BuildState:
    path = Path(cache_dir) / STATE_FILE
    if not path.is_file():
        raise CacheUnusable("there is none yet")
    try:
        with open(path, "rb") as file:
            state = pickle.load(file)
    except Exception as exc:  # noqa: BLE001 - any damage to the file means the same
        raise CacheUnusable(f"it cannot be read ({type(exc).__name__})") from None
    if not isinstance(state, BuildState) or state.format != CACHE_FORMAT:
        raise CacheUnusable("it was written by another version")
    return state


def save_state(cache_dir: Path, state: BuildState) -> None:
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    temporary = cache_dir / f".{STATE_FILE}.{os.getpid()}"
    with open(temporary, "wb") as file:
        pickle.dump(state, file, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, cache_dir / STATE_FILE)
