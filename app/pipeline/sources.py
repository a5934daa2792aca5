"""What an incremental build knows about each page file between builds: the digests of the files
it was made from, and enough of the page to list it on other pages without reading it again.

A page's entry is reused only when every file it was made from (the Markdown, a guide's parts and
the list of its folder's Markdown files, the images and attachments it names) has the same digest
as when it was cached. Digests are of file contents; a file's (size, mtime, inode) only says when
its digest can be reused without reading it, as git does.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from app.content.loader import language_of, translated_name
from app.content.models import PageMeta
from app.content.pages import GuidePart, Page, Source
from app.content.problems import Problem, ProblemList, Severity
from app.content.yamlsource import LineMap

LISTING = "\0listing"  # an input that is a folder's list of Markdown files, not a file


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


@dataclass
class FileDigests:
    """Digests of files, reusing last build's where the file's stat is unchanged."""

    known: dict[str, tuple[tuple[int, int, int], bytes]] = field(default_factory=dict)
    seen: dict[str, tuple[tuple[int, int, int], bytes]] = field(default_factory=dict)

    def of(self, path: str) -> bytes | None:
        """The digest of the file's contents; None if it is missing. A guide folder's listing
        (path + LISTING) is the digest of its sorted Markdown file names."""
        seen = self.seen.get(path)
        if seen is not None:  # one build reads each file once
            return seen[1]
        if path.endswith(LISTING):
            folder = path[: -len(LISTING)]
            try:
                names = sorted(n for n in os.listdir(folder) if n.endswith(".md"))
            except OSError:
                return None
            return digest("\n".join(names).encode())
        try:
            stat = os.stat(path)
        except OSError:
            return None
        key = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
        cached = self.known.get(path)
        if cached is not None and cached[0] == key:
            self.seen[path] = cached
            return cached[1]
        with open(path, "rb") as file:
            value = digest(file.read())
        self.seen[path] = (key, value)
        return value

    def unchanged(self, values: dict) -> bool:
        """Whether each of these files (path -> digest) has that digest now: `of`, its common
        case (a file as the last build found it) in one loop for a page's files, a call less
        for each of 100,000 in a build's check for changes."""
        seen, known, stat = self.seen, self.known, os.stat
        for path, value in values.items():
            now = seen.get(path)
            if now is None:
                cached = known.get(path)
                if cached is not None:
                    try:
                        info = stat(path)
                    except OSError:
                        info = None
                    if info and cached[0] == (info.st_size, info.st_mtime_ns, info.st_ino):
                        seen[path] = now = cached
                if now is None:  # new, changed, missing, or a listing: as `of` finds it
                    if self.of(path) != value:
                        return False
                    continue
            if now[1] != value:
                return False
        return True


def inputs_of(page: Page, index_path: Path, is_guide: bool, digests: FileDigests) -> dict:
    """Every file the page was made from, with its digest now."""
    paths = [str(index_path)]
    if is_guide:
        paths.append(str(index_path.parent) + LISTING)
        language = language_of(index_path.name)[1]  # a translation's parts are in its language
        folder = index_path.parent
        paths += [str(folder / translated_name(slug, language)) for slug in page.meta.parts or []]
    folder = page.source.folder
    paths += [str(folder / spec.file) for spec in [*page.meta.images, *page.meta.attachments]]
    return {path: digests.of(path) for path in paths}


def card_key(page: Page) -> bytes:
    """Everything other pages' outputs may show of this page: its URL, front matter and guide
    parts' names (listings, feeds, related links, breadcrumbs, step-by-step sidebars)."""
    card = [page.url, page.meta.model_dump(mode="json", by_alias=True)]
    card.append([(p.slug, p.url, p.title) for p in page.parts])
    return digest(json.dumps(card, sort_keys=True, ensure_ascii=False).encode())


def full_key(card: bytes, inputs: dict) -> bytes:
    """Everything the page's own outputs show: its card and the contents of its files."""
    parts = [card] + [
        path.encode() + b"\0" + (value or b"-") for path, value in sorted(inputs.items())
    ]
    return digest(b"\1".join(parts))


# The fields whose lines a shell keeps: the site-wide checks (redirects, translations) read the
# lines of cached pages' fields, and of these only (a page whose own checks run again is read again)
SITE_WIDE_FIELDS = frozenset(
    {"redirect_from", "type", "organisation", "organisations", "topics", "form", "parts"}
    | {"updated", "original_updated"}
)


def _source_data(source: Source, keep: frozenset = frozenset()) -> tuple:
    """What a shell keeps of a source. Of the line map, only the lines of the fields `keep`."""
    lines = {_shared(loc): line for loc, line in source.lines._lines.items() if loc[0] in keep}
    # the folder once in the pickle, not once a page: pickle shares only the same string object
    folder = sys.intern(str(source.folder))
    return (source.path, folder, source.body_line, source.lines.first_line, lines, {})


# Values most pages have alike (the front matter's field names, which of them were given, a line
# map's keys), one object each, so that pickle writes each once a part (the cache's pages are
# pickled in parts, app/pipeline/cache.py) and reads it back as one object: reading 100,000 pages'
# front matter as dicts took 0.85 s, as these tuples 0.3 s
_alike: dict = {}


def _shared(value):
    return _alike.setdefault(value, value)


_folders: dict[str, Path] = {}  # pages share their folders' Path objects: pathlib is slow


def _source(data: tuple) -> Source:
    path, folder, body_line, first_line, lines, text_lines = data
    if folder not in _folders:
        _folders[folder] = Path(folder)
    return Source(path, _folders[folder], "", body_line, LineMap(first_line, lines, text_lines))


def _meta_data(meta: PageMeta) -> tuple:
    """Front matter as its field names (shared), their values and the names given. (An Enum
    member, such as the page's type, is pickled once a part, as pickle keeps each object once.)"""
    values = meta.__dict__
    names = _shared(tuple(values))
    return names, tuple(values.values()), _shared(frozenset(meta.__pydantic_fields_set__))


def _meta(data: tuple) -> PageMeta:
    """Front matter validated when it was read, as it was: validating again costs 20 times more
    than this, and so would unpickling the model itself."""
    names, kept, fields_set = data
    meta = PageMeta.__new__(PageMeta)
    object.__setattr__(meta, "__dict__", dict(zip(names, kept, strict=True)))
    object.__setattr__(meta, "__pydantic_fields_set__", set(fields_set))
    object.__setattr__(meta, "__pydantic_extra__", None)
    object.__setattr__(meta, "__pydantic_private__", None)
    return meta


@dataclass
class PageEntry:
    """One page file's cached state."""

    path: str  # the page's file (a guide's index.md), absolute
    is_guide: bool
    inputs: dict  # file -> digest when cached
    url: str
    card: bytes
    full: bytes
    shell: tuple  # the page without its bodies: see `shell_of`
    problems: list  # its problems when read, checked and rendered: (file, line, message, severity)
    # the site paths it links to (Markdown and front matter), checked to exist: one a line, as
    # one string (`linked()` makes the set), because only a build in which pages came or went
    # looks at them, and 100,000 sets of strings took a fifth of a second to read back
    links: str
    # the ids of its URLs' sections (each URL's joined by spaces, which an id never holds: see
    # `section_ids`), and its links to sections (file, line, href): checked against each other,
    # every build, for every page (app.content.anchors)
    anchors: dict = field(default_factory=dict)
    anchor_links: tuple = ()

    def __getstate__(self):
        # `inputs` is kept once, in the small half of the cache (app/pipeline/cache.py), and set
        # again when the entry is read (cache.load_pages): without a __setstate__, unpickling
        # fills the entry's __dict__ without a call to Python for each of 100,000
        return {name: value for name, value in self.__dict__.items() if name != "inputs"}

    def linked(self) -> frozenset:
        return frozenset(self.links.split("\n")) if self.links else frozenset()

    def is_current(self, is_guide: bool, digests: FileDigests) -> bool:
        if is_guide != self.is_guide:
            return False
        of = digests.of  # a loop, not all(...): called for each of 100,000 pages
        for path, value in self.inputs.items():  # noqa: SIM110 - see above
            if of(path) != value:
                return False
        return True

    def page(self) -> Page:
        """The page as listings see it: front matter, URL, parts, media; no bodies."""
        url, meta, source, parts, media, (language, original_url) = self.shell
        page = Page(url, _meta(meta), _source(source), language=language, original_url=original_url)
        page.parts = [
            GuidePart(slug, part_url, title, _source(s)) for slug, part_url, title, s in parts
        ]
        page.media = dict(media)
        return page

    def replay(self, problems: ProblemList) -> None:
        for path, line, message, severity in self.problems:
            problems.append(Problem(path, line, message, Severity(severity)))


def links_text(links) -> str:
    return "\n".join(sorted(links))


def sections_text(anchors: dict) -> dict:
    """Each URL's section ids as one string, as an entry keeps them."""
    return {url: " ".join(sorted(ids)) for url, ids in anchors.items()}


def section_ids(entries) -> dict:
    """The section ids of every URL of these entries, as app.content.anchors reads them: the
    ids of only those URLs that a link to a section names are made into sets."""
    return _SectionIds((url, ids) for e in entries for url, ids in e.anchors.items())


class _SectionIds(dict):
    def get(self, url, default=None):
        ids = super().get(url)
        return default if ids is None else frozenset(ids.split())


def shell_of(page: Page) -> tuple:
    return (
        page.url,
        _meta_data(page.meta),
        _source_data(page.source, SITE_WIDE_FIELDS),
        [(p.slug, p.url, p.title, _source_data(p.source)) for p in page.parts],
        sorted(page.media.items()),
        (page.language, page.original_url),
    )
