"""Writing the search index during the build, and swapping it in whole.

The index folder holds generations: `<index>/<generation>/` with the Whoosh files and
`search.json` (facet labels, synonyms, best bets), and `<index>/CURRENT` naming the live one.
A generation holds one Whoosh index a language of the site, each with its language's analysis
(analysis.py): the default language's is Whoosh's MAIN index, another's is named by its code
(`cy`); `search.json` says which is which (`indexes`).
A build writes a new generation, then replaces CURRENT atomically (write and rename); the search
service notices and reopens. A failed build never touches CURRENT, so the server keeps answering
from the last good index. Older generations are removed, but the one just replaced is kept for
searches still running on it.

The documents are written by forked processes (app/parallel.py), each reading its share of the
pages from the site it inherited and writing Whoosh segments. A segment is closed before its
writer's postings outgrow WRITER_LIMIT_MB: past that, Whoosh would sort them on disk in runs and
merge the runs back, which made indexing cost more per page the bigger the site (at 10,000 pages,
ten runs a writer took indexing from 3.4 to 5.1 ms a page). So indexing stays linear in the pages
and each writer's memory bounded, at the cost of one segment per WRITER_LIMIT_MB of postings.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from app import parallel
from app.content.crossref import page_path
from app.content.pages import Site

from .documents import labels, organisation_document, organisations_in_languages, page_document
from .schema import make_schema
from .segment_writer import BuildSegmentWriter

CURRENT = "CURRENT"
MAIN = "MAIN"  # Whoosh's name for an index: the default language's
SETTINGS_FILE = "search.json"
# Whoosh's estimate of a writer's postings in memory (about 65 KB a page of 600 words) at which
# its segment is written and a new one begun, rather than spilling sorted runs to disk.
WRITER_LIMIT_MB = 256


def current_generation(index_dir: Path) -> Path | None:
    """The folder of the live index, or None before the first build."""
    try:
        name = (Path(index_dir) / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    folder = Path(index_dir) / name
    return folder if folder.is_dir() else None


def index_names(site: Site) -> dict[str, str]:
    """Each language's Whoosh index name within a generation."""
    default = site.settings.language
    return {code: MAIN if code == default else code for code in site.settings.languages}


def index_names_of(generation: Path) -> list[str]:
    """The Whoosh index names of a written generation, the default language's first."""
    settings = json.loads((Path(generation) / SETTINGS_FILE).read_text(encoding="utf-8"))
    names = settings["indexes"]
    return [names[settings["default"]], *(n for c, n in names.items() if c != settings["default"])]


def search_settings(site: Site) -> dict:
    """What the service needs beside the indexes: which index is which language's, and each
    language's facet labels, synonyms and best bets."""
    default = site.settings.language
    languages = {}
    for code in site.settings.languages:
        settings = site.search.for_language(code, default)
        languages[code] = {
            "language": code,
            "labels": labels(site, code),
            "synonyms": [list(group) for group in settings.synonyms],
            # A best bet names its page as a link would (`/road-rules/`, `/road-rules#fines`):
            # the service finds the page's document by its path alone.
            "best_bets": [
                {"query": bet.query, "pages": [page_path(page) for page in bet.pages]}
                for bet in settings.best_bets
            ],
        }
    return {"default": default, "indexes": index_names(site), "languages": languages}


def document_count(site: Site) -> int:
    """The documents of the site: a page each, and an organisation's in each language."""
    return len(site.pages) + len(site.organisations) * len(site.settings.languages)


def _documents(site: Site, share: tuple[int, int] = (0, 1)):
    """The share (i, n) of the search documents, each with its language: every n-th, starting
    at the i-th."""
    index, count = share
    for position, (language, org) in enumerate(organisations_in_languages(site)):
        if position % count == index:
            yield language, organisation_document(site, org)
    for position, page in enumerate(site.pages.values()):
        if position % count == index:
            yield page.language, page_document(site, page)


# An incremental build adds a small segment each time (the pages it changed). Those are merged
# once there are more than SMALL_SEGMENTS_KEPT of them; the build's big segments never are.
# Whoosh's own MERGE_SMALL merges every segment up to the first i > 3 where the documents so far
# are fewer than fib(i + 5): with the 20-odd segments of a 100,000-page index that point comes
# only at the end, so every few builds it merged the whole index (four minutes).
SMALL_SEGMENT_DOCS = 1000
SMALL_SEGMENTS_KEPT = 8


def merge_small_segments(writer, segments: list) -> list:
    """A Whoosh merge policy: the segments to keep as they are; the small ones are merged into
    the segment being written once there are too many of them."""
    from whoosh.reading import SegmentReader

    small = [s for s in segments if s.doc_count_all() < SMALL_SEGMENT_DOCS]
    if len(small) <= SMALL_SEGMENTS_KEPT:
        return segments
    for segment in small:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [s for s in segments if s not in small]


class SegmentsWriter:
    """Writes documents into new segments of a generation (in a forked child, or in-process),
    closing each segment before its postings would outgrow WRITER_LIMIT_MB: a writer for each
    language's index, made when the first document in that language comes. The parent holds
    the indexes' locks for all its children and lists their segments (`IndexBuild.add_segments`)."""

    def __init__(self, folder: str, names: dict[str, str]):
        self.folder, self.names = folder, names
        self.writers: dict[str, _IndexSegments] = {}

    def add(self, language: str, document: dict) -> None:
        writer = self.writers.get(language)
        if writer is None:
            index = whoosh_index.open_dir(self.folder, indexname=self.names[language])
            writer = self.writers[language] = _IndexSegments(index)
        writer.write(document)

    def close(self) -> dict[str, list]:
        """The segments written, by index name."""
        return {self.names[code]: writer.close() for code, writer in self.writers.items()}


class _IndexSegments:
    """The segments written into one language's index."""

    def __init__(self, index):
        self.index = index
        self.segments: list = []
        self.writer, self.largest = None, 0

    def write(self, document: dict) -> None:
        if self.writer is None:
            self.writer = BuildSegmentWriter(self.index, _lk=False, limitmb=WRITER_LIMIT_MB)
        pool = self.writer.pool
        before = pool.currentsize
        self.writer.add_document(**document)
        self.largest = max(self.largest, pool.currentsize - before)
        # closed while another document as big as the biggest yet still fits: no spill
        if pool.currentsize + self.largest > pool.limit:
            self.segments.append(self.writer._finalize_segment())
            self.writer = None

    def close(self) -> list:
        if self.writer is not None:
            self.segments.append(self.writer._finalize_segment())
            self.writer = None
        return self.segments


def merged_segments(shares) -> dict[str, list]:
    """The segments of several writers (SegmentsWriter.close), by index name."""
    found: dict[str, list] = {}
    for share in shares:
        for name, segments in share.items():
            found.setdefault(name, []).extend(segments)
    return found


def _write_share(share: tuple[int, int]) -> list:
    """Write one share of the documents as segments; returns the segments."""
    site, folder = parallel.shared["index"]
    writer = SegmentsWriter(folder, index_names(site))
    for language, document in _documents(site, share):
        writer.add(language, document)
        parallel.tick()
    return writer.close()


class IndexBuild:
    """One generation of the index, written as the build goes and published by `commit`. Its
    languages' indexes are made when the site is known (`hold`), or copied from the live
    generation (`updating`)."""

    def __init__(self, index_dir: Path, procs: int = 1, based_on: Path | None = None):
        self.index_dir = Path(index_dir).resolve()
        self.index_dir.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
        self.generation = self.index_dir / f"{stamp}-{os.getpid()}"
        self.procs = procs
        self._writers: dict[str, object] = {}  # index name -> the writer holding its lock
        if based_on is None:
            self.generation.mkdir()
        else:
            # Whoosh never changes a segment's files once written (deletions are kept in the
            # table of contents, written anew by each commit), so links are a safe copy.
            shutil.copytree(based_on, self.generation, copy_function=os.link)

    @classmethod
    def updating(cls, index_dir: Path) -> IndexBuild:
        """A new generation that starts as a copy of the live one, for `update`."""
        live = current_generation(index_dir)
        if live is None:
            raise FileNotFoundError(f"{index_dir} has no live index to update")
        return cls(index_dir, based_on=live)

    def update(self, site: Site, gone: list[str], pages: list[str]) -> int:
        """Remove the documents of the pages at `gone` and add those of `pages` (URLs); the
        organisations' documents stay as they are (a change to one makes a clean build, as
        does a change to the site's languages). Returns the documents added."""
        # without mmap: Whoosh copies each part of a compound segment it opens out of the
        # map (BytesIO), and the deletions open every segment's (0.2 s at 100,000 pages);
        # read in place instead, as the update reads little of them
        storage = FileStorage(str(self.generation), supports_mmap=False)
        names = index_names(site)
        added: dict[str, list[str]] = {}
        for url in pages:
            added.setdefault(site.pages[url].language, []).append(url)
        for language, name in names.items():
            writer = storage.open_index(indexname=name).writer()
            try:
                for url in gone:  # a page gone is looked for in every language's index
                    writer.delete_by_term("path", url)
                for url in added.get(language, []):
                    writer.add_document(**page_document(site, site.pages[url]))
            except BaseException:
                writer.cancel()
                raise
            writer.commit(mergetype=merge_small_segments)
        self._write_settings(site)
        return len(pages)

    def add_site(self, site: Site, on_document=None) -> int:
        documents = document_count(site)
        procs = parallel.jobs_for(documents, self.procs)
        self.hold(site)
        parallel.shared["index"] = (site, str(self.generation))
        try:
            shares = parallel.forked_map(
                _write_share, [(i, procs) for i in range(procs)], on_document
            )
        except BaseException:
            self.abandon()
            raise
        finally:
            parallel.shared.pop("index", None)
        self.add_segments(site, merged_segments(shares))
        return documents

    def hold(self, site: Site) -> None:
        """Make each of the site's languages' indexes, and take their locks, for segments
        written by children (SegmentsWriter)."""
        if self._writers:
            return
        for language, name in index_names(site).items():
            index = whoosh_index.create_in(str(self.generation), make_schema(language), name)
            self._writers[name] = index.writer()

    def add_segments(self, site: Site, segments: dict[str, list]) -> None:
        """List the children's segments in each language's index (by index name), as Whoosh's
        own multiprocess writer does, and write the search settings beside them."""
        self.hold(site)  # a site with nothing to render still has its (empty) indexes
        for name, writer in self._writers.items():
            writer._close_segment()
            writer._commit_toc(segments.get(name, []))
            writer._finish()
        self._writers = {}
        self._write_settings(site)

    def _write_settings(self, site: Site) -> None:
        settings = json.dumps(search_settings(site), ensure_ascii=False, indent=1)
        (self.generation / SETTINGS_FILE).write_text(settings, encoding="utf-8")

    def commit(self) -> None:
        """Make this generation the live one, atomically, and tidy up old ones."""
        previous = current_generation(self.index_dir)
        pointer = self.index_dir / f".{CURRENT}.{os.getpid()}"
        pointer.write_text(self.generation.name + "\n", encoding="utf-8")
        os.replace(pointer, self.index_dir / CURRENT)
        keep = {self.generation.name, previous.name if previous else None}
        for folder in self.index_dir.iterdir():
            if folder.is_dir() and folder.name not in keep:
                shutil.rmtree(folder, ignore_errors=True)

    def abandon(self) -> None:
        writers, self._writers = self._writers, {}
        for writer in writers.values():
            if not writer.is_closed:
                writer.cancel()  # closes its files and lets go of the lock
        shutil.rmtree(self.generation, ignore_errors=True)
        with contextlib.suppress(OSError):  # the folder, if this build made it and left it empty
            self.index_dir.rmdir()


def build_index(site: Site, index_dir: Path, procs: int = 1) -> int:
    """Index the whole site into a new generation and make it live; returns the document count."""
    build = IndexBuild(index_dir, procs)
    try:
        count = build.add_site(site)
    except BaseException:
        build.abandon()
        raise
    build.commit()
    return count
