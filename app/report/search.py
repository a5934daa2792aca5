"""What changed for search between two builds: the search documents added, removed or changed (the
stored fields of each page's document, compared), and the judged searches whose top result moved
(the queries in tests/search/relevance.yaml, or another file of the same form, run on both)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from app.search.indexer import current_generation, index_names_of


def _documents(index_dir: Path) -> dict[str, dict]:
    from whoosh.filedb.filestore import FileStorage

    folder = current_generation(index_dir)
    if folder is None:
        raise FileNotFoundError(f"no search index in {index_dir}: build with --index {index_dir}")
    storage = FileStorage(str(folder), supports_mmap=False, readonly=True)
    found = {}
    for name in index_names_of(folder):  # each language's index: a page's path is in one
        index = storage.open_index(name)
        try:
            with index.searcher() as searcher:
                found.update((fields["path"], fields) for fields in searcher.all_stored_fields())
        finally:
            index.close()
    return found


@dataclass(frozen=True, order=True)
class DocumentChange:
    path: str
    change: str  # "added", "removed", or "changed: title, body"


def compare_documents(base: Path, head: Path) -> list[DocumentChange]:
    before, after = _documents(base), _documents(head)
    changes = [DocumentChange(path, "added") for path in after.keys() - before.keys()]
    changes += [DocumentChange(path, "removed") for path in before.keys() - after.keys()]
    for path in before.keys() & after.keys():
        fields = sorted(
            name
            for name in before[path].keys() | after[path].keys()
            if before[path].get(name) != after[path].get(name)
        )
        if fields:
            changes.append(DocumentChange(path, "changed: " + ", ".join(fields)))
    return sorted(changes)


@dataclass(frozen=True)
class MovedQuery:
    query: str
    before: str | None  # the top result's path, None for no result
    after: str | None
    judged: str  # the page the judged set expects: "first: /path" or "top3: /path"
    still_right: bool  # whether the head build meets the judgement


def read_queries(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def _top_paths(service, query: str, language: str | None) -> list[str]:
    from app.search.service import SearchRequest

    searched = SearchRequest(q=query, language=language)
    return [hit.path for hit in service.search(searched).hits[:3]]


def moved_queries(base: Path, head: Path, queries: list[dict]) -> list[MovedQuery]:
    from app.search.service import SearchService

    before, after = SearchService(base), SearchService(head)
    moved = []
    for case in queries:
        language = case.get("lang")  # a judged query in another language than the default
        old, new = _top_paths(before, case["q"], language), _top_paths(after, case["q"], language)
        if old[:1] == new[:1]:
            continue
        rule = "first" if "first" in case else "top3"
        expected = case[rule]
        right = new[:1] == [expected] if rule == "first" else expected in new
        moved.append(
            MovedQuery(
                case["q"], (old or [None])[0], (new or [None])[0], f"{rule}: {expected}", right
            )
        )
    return moved
