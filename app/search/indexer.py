"""Writing the search index during the build, and swapping it in whole.

The index folder holds generations: `<index>/<generation>/` with the Whoosh files and
`search.json` (facet labels, synonyms, best bets), and `<index>/CURRENT` naming the live one.
A build writes a new generation, then replaces CURRENT atomically (write and rename); the search
service notices and reopens. A failed build never touches CURRENT, so the server keeps answering
from the last good index. Older generations are removed, but the one just replaced is kept for
searches still running on it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

from whoosh import index as whoosh_index

from app import parallel
from app.content.crossref import page_path
from app.content.pages import Site

from .documents import labels, organisation_document, page_document
from .schema import make_schema

CURRENT = "CURRENT"
SETTINGS_FILE = "search.json"


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


def _documents(site: Site):
    for org in site.organisations.values():
        yield organisation_document(site, org)
    for page in site.pages.values():
        yield page_document(site, page)


class IndexBuild:
    """One generation of the index, written as the build goes and published by `commit`."""

    def __init__(self, index_dir: Path, procs: int = 1):
        self.index_dir = Path(index_dir).resolve()
        self.index_dir.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
        self.generation = self.index_dir / f"{stamp}-{os.getpid()}"
        self.generation.mkdir()
        self.index = whoosh_index.create_in(str(self.generation), make_schema())
        self.procs = procs

    def add_site(self, site: Site, on_document=None) -> int:
        options = {"limitmb": 256}
        procs = parallel.jobs_for(len(site.pages) + len(site.organisations), self.procs)
        if procs > 1:  # Whoosh's own multiprocess writer: one segment per process
            options.update(procs=procs, multisegment=True)
        writer = self.index.writer(**options)
        count = 0
        try:
            for document in _documents(site):
                writer.add_document(**document)
                count += 1
                if on_document:
                    on_document(count)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        settings = json.dumps(search_settings(site), ensure_ascii=False, indent=1)
        (self.generation / SETTINGS_FILE).write_text(settings, encoding="utf-8")
        return count

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
        shutil.rmtree(self.generation, ignore_errors=True)


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
