"""The front-end files under /assets/, and the fingerprinted URLs the pages load them by.

Every page names its stylesheet and scripts as `/assets/<name>.<hash>.<ext>`, where the hash is
of the file's bytes: a new release that changes a file changes its URL, so a server may tell
browsers and CDNs to keep these files for a year (`immutable`, in the nginx configuration the
build writes), and a page never loads an older file than the one it was made with. The build
writes each fingerprinted copy beside the plain one; the plain names stay for what others link to
(`embed.js` on agencies' own pages, the icon and manifest) and are cached briefly.

The build and the running service both render pages, so both work the URLs out here, from the
same files: the code's own, not the content's (`brand.css`, made from content, keeps its name).
A script that imports another names the other's fingerprinted URL in its own fingerprinted copy,
so the hash of the importer covers what it imports.
"""

from __future__ import annotations

import hashlib
import threading
from contextlib import contextmanager
from pathlib import Path

from app.config import PROJECT_ROOT

STATIC_DIR = PROJECT_ROOT / "app" / "static"
GOVUK_FRONTEND_JS = (
    PROJECT_ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk" / "govuk-frontend.min.js"
)
# (source, name under /assets/) — the compiled stylesheet is made by `npm run build:css`.
ASSET_FILES = [
    (STATIC_DIR / "portal.css", "portal.css"),
    (STATIC_DIR / "portal.mjs", "portal.mjs"),
    (STATIC_DIR / "search-autocomplete.mjs", "search-autocomplete.mjs"),
    (STATIC_DIR / "search-filters.mjs", "search-filters.mjs"),
    (STATIC_DIR / "copy-examples.mjs", "copy-examples.mjs"),
    (STATIC_DIR / "embed.js", "embed.js"),  # for agencies' pages that embed a form
    (STATIC_DIR / "embed-frame.js", "embed-frame.js"),  # inside the embedded form
    (STATIC_DIR / "favicon.svg", "favicon.svg"),
    (STATIC_DIR / "manifest.json", "manifest.json"),
    (GOVUK_FRONTEND_JS, "govuk-frontend.min.js"),
]
# The files the pages load, each after the files it imports (their URLs are written into it).
FINGERPRINTED = (
    "govuk-frontend.min.js",
    "search-autocomplete.mjs",
    "search-filters.mjs",
    "copy-examples.mjs",
    "embed-frame.js",
    "portal.css",
    "portal.mjs",
)
HASH_LENGTH = 12  # hex digits: the nginx configuration's pattern for a fingerprinted name
SOURCES = {name: source for source, name in ASSET_FILES}

_lock = threading.Lock()
_made: dict[tuple, dict[str, tuple[str, bytes]]] = {}
_held: list[dict[str, tuple[str, bytes]]] = []


def fingerprinted_name(name: str, data: bytes) -> str:
    stem, dot, extension = name.partition(".")
    digest = hashlib.blake2b(data, digest_size=HASH_LENGTH // 2).hexdigest()
    return f"{stem}.{digest}{dot}{extension}"


def _sources_state() -> tuple:
    """The files as they are now: a rebuilt stylesheet (`make assets`) changes this."""
    state = []
    for name in FINGERPRINTED:
        try:
            stat = SOURCES[name].stat()
            state.append((name, stat.st_mtime_ns, stat.st_size))
        except OSError:
            state.append((name, None, None))
    return tuple(state)


@contextmanager
def held():
    """The files as they are on entering, for everything made inside: a build's pages, each of
    which would otherwise look at the five files again (its key covers them: they do not change
    under a build that is to be kept)."""
    _held[:] = [fingerprinted_assets()]
    try:
        yield
    finally:
        _held.clear()


def fingerprinted_assets() -> dict[str, tuple[str, bytes]]:
    """Name -> (fingerprinted name, its bytes) of each file the pages load that exists."""
    if _held:
        return _held[0]
    state = _sources_state()
    with _lock:
        made = _made.get(state)
        if made is None:
            made = {}
            for name in FINGERPRINTED:
                try:
                    data = SOURCES[name].read_bytes()
                except OSError:
                    continue  # missing: `copy_assets` says what to run; the URL stays plain
                for imported, (new_name, _bytes) in made.items():
                    data = data.replace(
                        f"/assets/{imported}".encode(), f"/assets/{new_name}".encode()
                    )
                made[name] = (fingerprinted_name(name, data), data)
            _made.clear()
            _made[state] = made
    return made


def asset_url(name: str) -> str:
    """The URL a page loads /assets/<name> by: fingerprinted when it is one of those files."""
    made = fingerprinted_assets().get(name)
    return f"/assets/{made[0] if made else name}"


def write_fingerprinted(assets_dir: Path) -> None:
    for new_name, data in fingerprinted_assets().values():
        (assets_dir / new_name).write_bytes(data)
