#!/usr/bin/env python3
"""Benchmark incremental builds (issue 12, goal 3) and print a Markdown table.

    python benchmarks/incremental.py [--pages 10000] [--runs 3] [--seed S] [--json FILE]

Takes the corpus of benchmarks/make_corpus.py (as benchmarks/build.py does, under
benchmarks/work/, reused until the generator changes) and makes a working copy of it (hard links:
an edit replaces a file, never writes into it, so the corpus itself never changes). Then, with
`python build.py build --content COPY --out OUT --index INDEX --cache CACHE`, output, index and
cache on tmpfs (/dev/shm) when there is room:

1. a clean build, which writes the cache (`--clean`: the cache is ignored and written afresh);
2. RUNS times each, on the same tree, one after the other: a build with no change at all; one
   body edit (a word changed in one page); one title change (a page in listings: its topic's
   page, its organisation's page and the A to Z show titles).

Each build is measured from outside as benchmarks/build.py measures (wall seconds, peak RSS, CPU
seconds), and checked when it ends: whether it said it could not use the cache, how many outputs
it says it rendered, and how many files of the site it wrote (those with a new inode: the build
renames new files in and keeps the rest as hard links). Reported: each kind's runs, median,
median / the clean build's seconds, and the issue's target at 100,000 pages, for a site and index
ready to publish (`build.py build` swaps both in before it returns).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import build as bench  # noqa: E402

# Seconds at 100,000 pages (issue 12, goal 3).
TARGETS = {"no change": 3.0, "body edit": 5.0, "title change": 15.0}
CACHE_NOT_USED = re.compile(r"^Build cache .* not used: .*$", re.MULTILINE)
RENDERED = re.compile(r"(\d+) pages, feeds and content JSON rendered again")


# --- the tree and its edits -------------------------------------------------------------------


def working_copy(corpus: Path, tree: Path) -> Path:
    """A copy of the corpus made of hard links (a plain copy across file systems)."""
    shutil.rmtree(tree, ignore_errors=True)
    try:
        shutil.copytree(corpus, tree, copy_function=os.link)
    except OSError:
        shutil.rmtree(tree, ignore_errors=True)
        shutil.copytree(corpus, tree)
    return tree


def replace_text(path: Path, text: str) -> None:
    """Write a new file over the old one, so the corpus file it was linked to stays as it was."""
    temporary = path.with_name(f".{path.name}.edit")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def pages_of(tree: Path) -> list[Path]:
    return sorted((tree / "content").rglob("*.md"))


def edit_body(page: Path) -> str:
    """One word of the body changed (its letters rotated): the page and its search document."""
    text = page.read_text(encoding="utf-8")
    body_starts = text.index("\n---\n", 3) + 5
    word = re.compile(r"\b[a-z]{6,}\b").search(text, body_starts)
    changed = word[0][1:] + word[0][0]
    replace_text(page, text[: word.start()] + changed + text[word.end() :])
    return f"{page.name}: {word[0]} -> {changed}"


def edit_title(page: Path, run: int) -> str:
    """A new title: the page, and every listing, page and feed that shows it."""
    text = page.read_text(encoding="utf-8")
    line = re.compile(r"^title: (.*)$", re.MULTILINE).search(text)
    title = json.loads(line[1]) if line[1].startswith('"') else line[1]
    new = f"{title[:50].rstrip()} (revised {run})"
    replace_text(page, text[: line.start()] + f"title: {json.dumps(new)}" + text[line.end() :])
    return f"{page.name}: title {new!r}"


# --- one measured build ----------------------------------------------------------------------


def inodes(out: Path) -> dict[str, int]:
    """Each file of the site and its inode: a file the build wrote has a new one (it writes new
    files and renames them in; the files it keeps are hard links to the last build's)."""
    found = {}
    for folder, _dirs, names in os.walk(out):
        for name in names:
            path = os.path.join(folder, name)
            found[os.path.relpath(path, out)] = os.stat(path).st_ino
    return found


def build_command(tree: Path, outs: Path) -> list[str]:
    """`build.py build` of the working copy into `outs`, with the cache kept there."""
    return bench.our_command(tree, outs / "site", outs / "index", outs / "cache")


def timed_build(tree: Path, outs: Path, clean: bool = False) -> dict:
    cmd = build_command(tree, outs)
    before = inodes(outs / "site")
    result = bench.measure([*cmd, "--clean"] if clean else cmd)
    not_used = CACHE_NOT_USED.search(result.pop("stderr"))
    result["cache"] = "not used: " + not_used[0] if not_used else "used"
    rendered = RENDERED.search(result.pop("stdout"))  # what the build says it rendered
    result["rendered"] = int(rendered[1]) if rendered else None
    after = inodes(outs / "site")
    result["written"] = sum(1 for path, inode in after.items() if before.get(path) != inode)
    result["removed"] = len(before.keys() - after.keys())
    result["files"] = len(after)
    return result


def make_edit(kind: str, page: Path, run: int) -> str:
    if kind == "body edit":
        return edit_body(page)
    if kind == "title change":
        return edit_title(page, run)
    return "nothing"


def run_benchmark(n: int, runs: int, seed: int, outs: Path) -> dict:
    """The clean build, then RUNS rounds of each kind of change, on one working copy of the
    corpus (beside it, so that it can be made of hard links)."""
    tree = working_copy(bench.corpus(n, seed), bench.WORK / f"incremental-{n}-{os.getpid()}")
    try:
        pages = pages_of(tree)
        clean = timed_build(tree, outs, clean=True)
        print(f"  clean build: {clean['wall']:.2f} s", file=sys.stderr)
        kinds: dict[str, list[dict]] = {kind: [] for kind in TARGETS}
        for run in range(1, runs + 1):
            page = pages[(run * 7919) % len(pages)]  # a different page each run
            for kind, done in kinds.items():
                edit = make_edit(kind, page, run)
                result = timed_build(tree, outs)
                done.append({**result, "edit": edit})
                print(
                    f"  run {run}, {kind} ({edit}): {result['wall']:.2f} s, "
                    f"{_count(result['rendered'])} rendered, {result['written']} files written, "
                    f"cache {result['cache']}",
                    file=sys.stderr,
                )
        return {"n": n, "clean": clean, "kinds": kinds, "files": clean["files"]}
    finally:
        shutil.rmtree(tree, ignore_errors=True)


# --- report ----------------------------------------------------------------------------------


def _count(value: int | None) -> str:
    return "?" if value is None else str(value)


def report(results: dict, where: str, info: dict, command: str) -> str:
    n, clean = results["n"], results["clean"]
    lines = [
        f"Machine: {info['nproc']} CPUs ({info['cpu']}), {info['ram_gb']} GB RAM, "
        f"Python {info['python']}; commit {info['commit']}"
        + (f" with uncommitted changes to {', '.join(info['dirty'])}" if info["dirty"] else "")
        + f"; {info['date']}.",
        f"`{command}`: {n} pages ({results['files']} files in the site with the .gz copies); "
        f"output, index and cache on {where}; measured with {clean['via']}; peak RSS = max over "
        "runs; rendered = pages, feeds and content JSON the build says it rendered; "
        "written = files of the site with a new inode after the build.",
        "",
        "| build | runs (s) | median s | × clean | rendered | files written | cache "
        "| peak RSS MB | target at 100,000 pages |",
        "|---|---|---:|---:|---:|---:|---|---:|---|",
        f"| clean (`--clean`) | {clean['wall']:.2f} | {clean['wall']:.2f} | 1 | all | "
        f"{clean['written']} | ignored | {clean['rss_kb'] / 1024:.0f} | |",
    ]
    for kind, runs in results["kinds"].items():
        walls = [r["wall"] for r in runs]
        median = statistics.median(walls)
        used = {r["cache"] for r in runs}
        target = f"≤ {TARGETS[kind]:.0f} s" + (
            (": met" if median <= TARGETS[kind] else ": not met") if n >= 100_000 else ""
        )
        lines.append(
            f"| {kind} | {' / '.join(f'{w:.2f}' for w in walls)} | {median:.2f} | "
            f"{median / clean['wall']:.3f} | {' / '.join(_count(r['rendered']) for r in runs)} | "
            f"{' / '.join(str(r['written']) for r in runs)} | "
            f"{' / '.join(sorted(used))} | {max(r['rss_kb'] for r in runs) / 1024:.0f} | "
            f"{target} |"
        )
    return "\n".join(lines) + "\n"


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pages",
        type=bench.page_count,
        default=10000,
        metavar="N",
        help="corpus size in pages (default: 10000; the issue's targets are at 100000)",
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="builds of each kind of change (default: 3)"
    )
    parser.add_argument("--seed", type=int, default=bench.DEFAULT_SEED, help="corpus seed")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    started_info = bench.machine()
    outs, where = bench.out_root(args.pages)
    try:
        results = run_benchmark(args.pages, args.runs, args.seed, outs)
    finally:
        shutil.rmtree(outs, ignore_errors=True)
    info = bench.machine()
    if started_info["commit"] != info["commit"] or started_info["dirty"] != info["dirty"]:
        info["commit"] = f"{started_info['commit']} (at start) to {info['commit']} (at end)"
    command = f"python benchmarks/incremental.py --pages {args.pages} --runs {args.runs}"
    print(report(results, where, info, command))
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "where": where, **results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
