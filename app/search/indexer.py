"""Writing the search index during the build, and swapping it in whole.

The index folder holds generations: `<index>/<generation>/` with the Whoosh files and
`search.json` (facet labels, synonyms, best bets), and `<index>/CURRENT` naming the live one.
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

from .documents import labels, organisation_document, page_document
from .schema import make_schema
from .segment_writer import BuildSegmentWriter

CURRENT = "CURRENT"
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


def search_settings(site: Site) -> dict:
    return {
        "labels": labels(site),
        "synonyms": [list(group) for group in site.search.synonyms],
        # A best bet names its page as a link would (`/road-rules/`, `/road-rules#fines`): the
        # service finds the page's document by its path alone.
        "best_bets": [
            {"query": bet.query, "pages": [page_path(page) for page in bet.pages]}
            for bet in site.search.best_bets
        ],
    }


def _documents(site: Site, share: tuple[int, int] = (0, 1)):
    """The share (i, n) of the search documents: every n-th, starting at the i-th."""
    index, count = share
    for position, org in enumerate(site.organisations.values()):
        if position % count == index:
            yield organisation_document(site, org)
    for position, page in enumerate(site.pages.values()):
        if position % count == index:
            yield page_document(site, page)


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
    closing each segment before its postings would outgrow WRITER_LIMIT_MB. The parent holds the
    index's lock for all its children and lists their segments (`IndexBuild.add_segments`)."""

    def __init__(self, folder: str):
        self.index = whoosh_index.open_dir(folder)
        self.segments: list = []
        self.writer, self.largest = None, 0

    def add(self, document: dict) -> None:
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


def _write_share(share: tuple[int, int]) -> list:
    """Write one share of the documents as segments; returns the segments."""
    site, folder = parallel.shared["index"]
    writer = SegmentsWriter(folder)
    for document in _documents(site, share):
        writer.add(document)
        parallel.tick()
    return writer.close()


class IndexBuild:
    """One generation of the index, written as the build goes and published by `commit`."""

    def __init__(self, index_dir: Path, procs: int = 1, based_on: Path | None = None):
        self.index_dir = Path(index_dir).resolve()
        self.index_dir.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
        self.generation = self.index_dir / f"{stamp}-{os.getpid()}"
        self.procs = procs
        if based_on is None:
            self.generation.mkdir()
            self.index = whoosh_index.create_in(str(self.generation), make_schema())
        else:
            # Whoosh never changes a segment's files once written (deletions are kept in the
            # table of contents, written anew by each commit), so links are a safe copy.
            shutil.copytree(based_on, self.generation, copy_function=os.link)
            # without mmap: Whoosh copies each part of a compound segment it opens out of the
            # map (BytesIO), and the deletions open every segment's (0.2 s at 100,000 pages);
            # read in place instead, as the update reads little of them
            storage = FileStorage(str(self.generation), supports_mmap=False)
            self.index = storage.open_index()

    @classmethod
    def updating(cls, index_dir: Path) -> IndexBuild:
        """A new generation that starts as a copy of the live one, for `update`."""
        live = current_generation(index_dir)
        if live is None:
            raise FileNotFoundError(f"{index_dir} has no live index to update")
        return cls(index_dir, based_on=live)

    def update(self, site: Site, gone: list[str], pages: list[str]) -> int:
        """Remove the documents of the pages at `gone` and add those of `pages` (URLs); the
        organisations' documents stay as they are (a change to one makes a clean build).
        Returns the documents added."""
        writer = self.index.writer()
        try:
            for url in gone:
                writer.delete_by_term("path", url)
            for url in pages:
                writer.add_document(**page_document(site, site.pages[url]))
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=merge_small_segments)
        settings = json.dumps(search_settings(site), ensure_ascii=False, indent=1)
        (self.generation / SETTINGS_FILE).write_text(settings, encoding="utf-8")
        return len(pages)

    def add_site(self, site: Site, on_document=None) -> int:
        count = len(site.pages) + len(site.organisations)
        procs = parallel.jobs_for(count, self.procs)
        self.hold()
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
        self.add_segments(site, [segment for segments in shares for segment in segments])
        return count

    def hold(self) -> None:
        """Take the index's lock, for segments written by children (SegmentsWriter)."""
        self._writer = self.index.writer()

    def add_segments(self, site: Site, segments: list) -> None:
        """List the children's segments in the index, as Whoosh's own multiprocess writer does,
        and write the search settings beside it."""
        writer = self._writer
        writer._close_segment()
        writer._commit_toc(segments)
        writer._finish()
        self._writer = None
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
        writer, self._writer = getattr(self, "_writer", None), None
        if writer is not None and not writer.is_closed:
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
