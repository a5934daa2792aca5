"""What a build produced, read back for comparison: every file of the site (the .gz copies
included), the files beside it for the servers (the nginx map, portal.conf, service.json), the
live search index's documents and settings, and the warnings it gave.

Two builds are the same when all of these are equal; the assertion names what differs (the
files, or the first document), with a diff of the first differing text file.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

from whoosh import index as whoosh_index

from app.pipeline.server_files import SERVER_FILES
from app.search.indexer import SETTINGS_FILE, current_generation, index_names_of


def site_files(out: Path) -> dict[str, bytes]:
    files = {}
    for folder, _dirs, names in os.walk(out):
        for name in names:
            path = Path(folder, name)
            files[str(path.relative_to(out))] = path.read_bytes()
    return files


def index_documents(index_dir: Path) -> list[dict]:
    """Every live document's stored fields, in every language's index, sorted by path (with
    the index it is in: a page must be in its language's)."""
    generation = current_generation(index_dir)
    assert generation is not None, f"no live index in {index_dir}"
    documents = []
    for name in index_names_of(generation):
        index = whoosh_index.open_dir(str(generation), indexname=name)
        try:
            with index.searcher() as searcher:
                documents += [{**fields, "index": name} for fields in searcher.all_stored_fields()]
        finally:
            index.close()
    return sorted(documents, key=lambda document: document["path"])


def index_settings(index_dir: Path) -> dict:
    generation = current_generation(index_dir)
    return json.loads((generation / SETTINGS_FILE).read_text(encoding="utf-8"))


class Snapshot:
    """A build's output, read when it was taken."""

    def __init__(self, out: Path, index_dir: Path | None):
        self.out, self.index_dir = out, index_dir
        self.files = site_files(out)
        self.server_files = {name: (out.parent / name).read_bytes() for name in SERVER_FILES}
        self.documents = index_documents(index_dir) if index_dir else None
        self.settings = index_settings(index_dir) if index_dir else None
        self.warnings: list[str] | None = None  # known when taken of a BuildResult

    @classmethod
    def of(cls, result, index_dir: Path | None = None) -> Snapshot:
        """The output of a BuildResult, and the warnings it gave. The folders are those the
        build was given, not those the result names: a build with nothing to do names fewer."""
        index_dir = index_dir or result.index_dir
        snapshot = cls(result.out, index_dir)
        snapshot.warnings = [str(warning) for warning in result.warnings]
        return snapshot

    def again(self) -> Snapshot:
        """The same folders, read now."""
        return Snapshot(self.out, self.index_dir)

    def changed_files(self, other: Snapshot) -> list[str]:
        names = self.files.keys() | other.files.keys()
        return sorted(name for name in names if self.files.get(name) != other.files.get(name))


def _text_diff(name: str, got: bytes | None, expected: bytes | None) -> str:
    if got is None or expected is None:
        return f"{name}: {'missing' if got is None else 'extra'} in the incremental build"
    if name.endswith(".gz"):
        return f"{name}: the gzip copies differ"
    lines = difflib.unified_diff(
        expected.decode("utf-8", "replace").splitlines(),
        got.decode("utf-8", "replace").splitlines(),
        "clean",
        "incremental",
        lineterm="",
        n=1,
    )
    return f"{name}:\n" + "\n".join(list(lines)[:40])


def _first_document_difference(got: list[dict], expected: list[dict]) -> str:
    got_paths = [d["path"] for d in got]
    expected_paths = [d["path"] for d in expected]
    if got_paths != expected_paths:
        extra, missing = set(got_paths) - set(expected_paths), set(expected_paths) - set(got_paths)
        return (
            f"documents only in the incremental index: {sorted(extra)}; "
            f"only in the clean one: {sorted(missing)}"
        )
    for mine, theirs in zip(got, expected, strict=True):
        if mine != theirs:
            fields = sorted(k for k in mine.keys() | theirs.keys() if mine.get(k) != theirs.get(k))
            return f"document {mine['path']} differs in {fields}"
    return "documents equal"


def assert_same_build(got: Snapshot, expected: Snapshot) -> None:
    """The incremental build `got` is the clean build `expected`, byte for byte."""
    changed = got.changed_files(expected)
    if changed:
        shown = next((name for name in changed if not name.endswith(".gz")), changed[0])
        raise AssertionError(
            f"{len(changed)} files differ from the clean build: {changed[:20]}\n"
            + _text_diff(shown, got.files.get(shown), expected.files.get(shown))
        )
    for name in SERVER_FILES:
        assert got.server_files[name] == expected.server_files[name], _text_diff(
            name, got.server_files[name], expected.server_files[name]
        )
    assert got.documents == expected.documents, _first_document_difference(
        got.documents, expected.documents
    )
    assert got.settings == expected.settings, "the search settings (search.json) differ"
    if got.warnings is not None and expected.warnings is not None:
        assert got.warnings == expected.warnings
