#!/usr/bin/env python3
"""The CPU of indexing alone: adding a site's search documents to the build's segment writer,
and writing the segments, apart from rendering them.

    python benchmarks/index_cpu.py dump CONTENT DOCS.pickle      the documents, made once
    python benchmarks/index_cpu.py index DOCS.pickle [--stop load|add|write] [--out DIR]

`index` loads the documents and writes them as one build worker does (SegmentsWriter: a segment
writer a language, gc off), printing the CPU seconds of each stage a document. `--stop` ends it
after a stage, so that an instruction counter run on each (valgrind's cachegrind: `valgrind
--tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null python ...`; `perf stat -e
instructions:u` where the machine has hardware counters) gives each stage's instructions as the
difference from the stage before, steadier than time on a busy machine.
"""

from __future__ import annotations

import argparse
import gc
import pickle
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def dump(content: Path, out: Path) -> None:
    from app.pipeline import check
    from app.search.indexer import _documents, index_names

    site, _problems = check(content)
    documents = list(_documents(site))
    with out.open("wb") as file:
        pickle.dump((index_names(site), documents), file, protocol=pickle.HIGHEST_PROTOCOL)
    print(f"{len(documents)} documents in {out}")


def index(documents_file: Path, stop: str, out: Path | None) -> None:
    from whoosh import index as whoosh_index

    from app.search.indexer import SegmentsWriter
    from app.search.schema import make_schema

    gc.disable()  # as a build worker runs (app/pipeline/page_pass.py)
    started = time.process_time()
    with documents_file.open("rb") as file:
        names, documents = pickle.load(file)
    folder = Path(tempfile.mkdtemp(dir=out))
    holders = {  # as IndexBuild.hold: the indexes' locks, held for the segments' writers
        name: whoosh_index.create_in(str(folder), make_schema(language), name).writer()
        for language, name in names.items()
    }
    loaded = time.process_time()
    if stop == "load":
        return
    writer = SegmentsWriter(str(folder), names)
    for language, document in documents:
        writer.add(language, document)
    added = time.process_time()
    if stop == "add":
        return
    segments = writer.close()
    written = time.process_time()
    for name, holder in holders.items():  # as IndexBuild.add_segments: a readable index
        holder._close_segment()
        holder._commit_toc(segments.get(name, []))
        holder._finish()
    count = len(documents)
    print(
        f"{count} documents, {sum(map(len, segments.values()))} segments; CPU ms a document: "
        f"load {1000 * (loaded - started) / count:.3f}, add {1000 * (added - loaded) / count:.3f}, "
        f"write {1000 * (written - added) / count:.3f}; index in {folder}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dumping = commands.add_parser("dump")
    dumping.add_argument("content", type=Path)
    dumping.add_argument("documents", type=Path)
    indexing = commands.add_parser("index")
    indexing.add_argument("documents", type=Path)
    indexing.add_argument("--stop", choices=["load", "add", "write"], default="write")
    indexing.add_argument(
        "--out", type=Path, help="where to write the segments (a temporary folder)"
    )
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.content, args.documents)
    else:
        index(args.documents, args.stop, args.out)


if __name__ == "__main__":
    main()
